"""Forms of the staff pages: a benefit evaluation, and a request to build a report."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ciudadglobal.core.forms import RecordForm

from .models import BenefitEvaluation, Half, ReportKind


class EvaluationForm(RecordForm):
    """An evaluation's figures and assessment; the agreement, semester and evaluator come from
    the address, never from the form."""

    class Meta:
        model = BenefitEvaluation
        fields = [
            "version",
            "exchanges",
            "people_trained",
            "projects",
            "funds_amount",
            "funds_currency",
            "narrative",
            "rating",
            "evidence_url",
            "evidence_notes",
            "status",
        ]
        widgets = {"rating": forms.RadioSelect}


def _year_choices() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(year, year) for year in range(this_year, 1999, -1)]


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_year_choices)
    half = forms.TypedChoiceField(
        label=_("Semester"),
        coerce=int,
        choices=Half.choices,
        required=False,
        empty_value=None,
        help_text=_("Only for the semiannual report."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    change_log = forms.CharField(
        label=_("Changes from the previous version"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required when the report has already been published: the new version corrects it."
        ),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") == ReportKind.SEMIANNUAL and not data.get("half"):
            self.add_error(
                "half", forms.ValidationError(_("Choose the semester."), code="half_required")
            )
        return data
