from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ciudadglobal.datasets.loader import DatasetError, load_dataset


class Command(BaseCommand):
    help = "Load a home government's registry from YAML data files, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="YAML files or folders of them")

    def handle(self, *args, paths, **options):
        files = []
        for path in paths:
            if path.is_dir():
                files.extend(sorted(path.glob("*.yaml")))
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{path}: no such file or folder")
        for file in files:
            try:
                report = load_dataset(file)
            except DatasetError as error:
                raise CommandError(
                    f"{file}: nothing was loaded; fix these errors first:\n" + str(error)
                ) from None
            self.stdout.write(f"{file}: {report}")
