from django.core.management.base import BaseCommand, CommandError

from ciudadglobal.coordination.backup import BackupError, write_backup


class Command(BaseCommand):
    help = "Write the whole database and the uploaded files to a portable zip archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Path of the zip file to write.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, archive, database, **options):
        try:
            manifest = write_backup(archive, using=database)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Wrote {archive}: {rows} rows of {len(manifest['counts'])} models, "
            f"{len(manifest['files'])} files."
        )
