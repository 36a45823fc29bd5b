from django.core.management.base import BaseCommand, CommandError

from ciudadglobal.coordination.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an empty, migrated database, checking "
        "that every model's count equals the archive's."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Path of the zip file written by `backup`.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, archive, database, **options):
        try:
            result = restore_backup(archive, using=database)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {archive}: {result.rows} rows, {result.files} files; every count matches."
        )
