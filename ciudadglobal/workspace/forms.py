"""Quick entry forms for the common cases, and the review and follow-up forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ciudadglobal.activities.models import Activity
from ciudadglobal.agreements.models import Agreement
from ciudadglobal.coordination.models import Resolution, ResolutionStatus
from ciudadglobal.core.forms import RecordForm

SAVE = "save"
SAVE_AND_SUBMIT = "submit"


class ScopedForm(RecordForm):
    """A record form whose choices of related rows are those of one home government."""

    def __init__(self, *args, government, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset.model, "tenant_path"):
                field.queryset = queryset.for_government(government)


class ActivityEntryForm(ScopedForm):
    """A trip abroad or a visit received: what, when, where, with whom, at what cost."""

    class Meta:
        model = Activity
        fields = (
            "title",
            "title_en",
            "start",
            "end",
            "places",
            "counterparts",
            "agreements",
            "description",
            "outcomes",
            "cost",
            "cost_currency",
            "visibility",
            "version",
        )
        widgets = {"version": forms.HiddenInput}


class AgreementEntryForm(ScopedForm):
    class Meta:
        model = Agreement
        fields = (
            "kind",
            "title",
            "title_en",
            "signed",
            "in_force_from",
            "expires",
            "description",
            "visibility",
            "version",
        )
        widgets = {"version": forms.HiddenInput}


class ReviewForm(forms.Form):
    """Publish or return a record; the revision seen travels along to detect a concurrent
    review."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning the record: say what to change."),
    )


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("Status after this"), choices=ResolutionStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, resolution: Resolution, **kwargs):
        super().__init__(*args, **kwargs)
        self.resolution = resolution
        self.fields["status"].initial = resolution.status
        self.fields["version"].initial = resolution.version
        self.prefix = f"resolution-{resolution.pk}"
