from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ciudadglobal.core.periods import parse_period, semesters, year
from ciudadglobal.indicators.services import indicators_compute
from ciudadglobal.tenants.models import HomeGovernment


class Command(BaseCommand):
    help = (
        "Compute and store the observations of a home government's computed indicators: for "
        "the periods given (2018-H1, 2018-H2, 2018), or for every semester and year of a range "
        "of years. Semiannual indicators take semesters, annual ones years. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("government", help="the home government's slug (cdmx)")
        parser.add_argument("--period", action="append", default=[], help="2018-H1, 2018")
        parser.add_argument("--years", help="a range of years, 2013-2018")

    def handle(self, *args, government, period, years, **options):
        found = HomeGovernment.objects.filter(slug=government).first()
        if found is None:
            raise CommandError(f"there is no home government {government!r}")
        try:
            periods = [parse_period(text) for text in period]
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if years:
            first, _sep, last = years.partition("-")
            if not (first.isdigit() and (last or first).isdigit()):
                raise CommandError("write the years as 2013-2018")
            first_year, last_year = int(first), int(last or first)
            periods += semesters(first_year, last_year)
            periods += [year(y) for y in range(first_year, last_year + 1)]
        if not periods:
            raise CommandError("give --period or --years")
        report = indicators_compute(found, periods)
        self.stdout.write(f"{found.slug}: {report}")
