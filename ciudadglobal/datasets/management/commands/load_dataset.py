from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ciudadglobal.datasets.loader import DatasetError, load_dataset


class Command(BaseCommand):
    help = (
        "Load a home government's registry from YAML data files (or folders of them), read "
        "together as one dataset: all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="YAML files or folders of them")

    def handle(self, *args, paths, **options):
        try:
            report = load_dataset(*paths)
        except DatasetError as error:
            raise CommandError(
                f"nothing was loaded; fix these {len(error.errors)} errors first:\n" + str(error)
            ) from None
        self.stdout.write(f"{', '.join(map(str, paths))}: {report}")
