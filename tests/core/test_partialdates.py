from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ciudadglobal.agreements.models import Agreement
from ciudadglobal.core.partialdates import (
    PartialDate,
    PartialDateFormField,
    Precision,
    begun_q,
    ended_q,
    overlaps_q,
)


class TestParsing:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2014", PartialDate(2014)),
            ("2013-04", PartialDate(2013, 4)),
            ("2013-04-12", PartialDate(2013, 4, 12)),
            (" 2016 ", PartialDate(2016)),
        ],
    )
    def test_iso_forms(self, text, expected):
        assert PartialDate.parse(text) == expected

    @pytest.mark.parametrize(
        "text", ["", "14", "2014-4", "2014-13", "2014-02-30", "abril 2013", "2014/2016", "2014-04-"]
    )
    def test_refuses_anything_else(self, text):
        with pytest.raises(ValueError):
            PartialDate.parse(text)

    def test_precision_is_kept(self):
        assert PartialDate.parse("2014").precision is Precision.YEAR
        assert PartialDate.parse("2014-04").precision is Precision.MONTH
        assert PartialDate.parse("2014-04-12").precision is Precision.DAY

    def test_no_day_is_invented(self):
        assert PartialDate.parse("2013-04").isoformat() == "2013-04"
        assert PartialDate.parse("2014").day is None

    def test_form_field_error_is_clear(self):
        field = PartialDateFormField(required=False)
        assert field.clean("") is None
        assert field.clean("2013-04") == PartialDate(2013, 4)
        with pytest.raises(ValidationError) as error:
            field.clean("April 2013")
        assert error.value.code == "invalid"


class TestOrderingAndBounds:
    def test_sorting_puts_a_period_before_what_it_contains(self):
        values = ["2014-05", "2014", "2013-12-31", "2014-04-12", "2014-04", "2015"]
        ordered = sorted(PartialDate.parse(v) for v in values)
        assert [v.isoformat() for v in ordered] == [
            "2013-12-31",
            "2014",
            "2014-04",
            "2014-04-12",
            "2014-05",
            "2015",
        ]

    def test_bounds(self):
        assert PartialDate(2016).first_day == date(2016, 1, 1)
        assert PartialDate(2016).last_day == date(2016, 12, 31)
        assert PartialDate(2016, 2).last_day == date(2016, 2, 29)
        assert PartialDate(2014, 12).next() == PartialDate(2015, 1)
        assert PartialDate(2014, 12, 31).next() == PartialDate(2015, 1, 1)

    def test_begun_and_ended(self):
        assert PartialDate(2016).has_begun(date(2016, 1, 1))
        assert not PartialDate(2016).has_ended(date(2016, 12, 31))
        assert PartialDate(2016).has_ended(date(2017, 1, 1))


class TestDisplay:
    @pytest.mark.parametrize(
        ("value", "language", "text"),
        [
            ("2014", "es", "2014"),
            ("2014", "en", "2014"),
            ("2013-04", "es", "abril de 2013"),
            ("2013-04", "en", "April 2013"),
            ("2013-04-12", "es", "12 de abril de 2013"),
            ("2013-04-12", "en", "April 12, 2013"),
        ],
    )
    def test_each_language_has_its_own_wording(self, value, language, text):
        assert PartialDate.parse(value).format(language) == text


@pytest.mark.django_db
class TestDatabase:
    """Ordering and range filters run in the database, on SQLite and PostgreSQL alike."""

    @pytest.fixture
    def dated(self, agreement_factory, government):
        values = ["2012", "2013", "2013-03-15", "2013-04", "2013-04-30", "2014", "2014-05", "2015"]
        return {v: agreement_factory(home_government=government, signed=v) for v in values}

    def signed_in(self, queryset):
        return sorted(a.signed.isoformat() for a in queryset)

    def test_values_round_trip_as_partial_dates(self, dated):
        stored = Agreement.objects.get(pk=dated["2013-04"].pk)
        assert stored.signed == PartialDate(2013, 4)

    def test_ordering(self, dated):
        ordered = Agreement.objects.order_by("signed").values_list("signed", flat=True)
        assert [v.isoformat() for v in ordered] == sorted(dated)

    def test_overlap_with_a_range(self, dated):
        found = Agreement.objects.filter(overlaps_q("signed", "2013-04", "2014"))
        # "2013" overlaps April 2013 onwards; "2013-03-15" does not; "2014-05" does.
        assert self.signed_in(found) == ["2013", "2013-04", "2013-04-30", "2014", "2014-05"]

    def test_overlap_with_one_year(self, dated):
        found = Agreement.objects.filter(overlaps_q("signed", "2013", "2013"))
        assert self.signed_in(found) == ["2013", "2013-03-15", "2013-04", "2013-04-30"]

    def test_open_ranges(self, dated):
        assert self.signed_in(Agreement.objects.filter(overlaps_q("signed", end="2012"))) == [
            "2012"
        ]
        assert self.signed_in(Agreement.objects.filter(overlaps_q("signed", start="2014-06"))) == [
            "2014",
            "2015",
        ]

    def test_begun_and_ended_in_sql_match_python(self, dated):
        for day in [date(2013, 4, 1), date(2013, 4, 30), date(2014, 1, 1), date(2015, 12, 31)]:
            begun = set(
                Agreement.objects.filter(begun_q("signed", day)).values_list("pk", flat=True)
            )
            ended = set(
                Agreement.objects.filter(ended_q("signed", day)).values_list("pk", flat=True)
            )
            for agreement in dated.values():
                assert (agreement.pk in begun) == agreement.signed.has_begun(day), (
                    agreement.signed,
                    day,
                )
                assert (agreement.pk in ended) == agreement.signed.has_ended(day), (
                    agreement.signed,
                    day,
                )

    def test_empty_is_null_not_blank(self, agreement_factory):
        agreement = agreement_factory(signed=None)
        assert Agreement.objects.filter(signed__isnull=True, pk=agreement.pk).exists()
        assert not Agreement.objects.filter(begun_q("signed", date(2100, 1, 1)), pk=agreement.pk)

    def test_period_constraint_allows_a_coarser_end(self, activity_factory):
        activity = activity_factory(start="2014-05", end="2014")
        activity.full_clean()

    def test_period_constraint_refuses_an_end_before_the_start(self, activity_factory):
        activity = activity_factory.build(start="2015", end="2014-12")
        activity.home_government.save()
        activity.home_government_id = activity.home_government.pk
        with pytest.raises(ValidationError) as error, translation.override("en"):
            activity.full_clean()
        assert "The end cannot come before the start." in str(error.value)
