"""Public forms: a consultation's questionnaire, a comment, an organization's registration.

Each carries the two spam traps of ``services.spam_check``: ``homepage`` (hidden from people by
the stylesheet, left empty by them) and ``started`` (a signed time).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ciudadglobal.core.models import localized

from . import services
from .models import (
    ActorRegistration,
    AgeRange,
    Borough,
    Consultation,
    Gender,
    Question,
    QuestionKind,
    Sector,
)

GROUP_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)
NOT_SAID = ("", _("Prefer not to say"))


class TrapsMixin(forms.Form):
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    trap_fields = ("homepage", "started")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["started"].initial = services.form_started_token()

    def check_traps(self) -> None:
        """Raise ``services.Refused`` for a robot (called before anything else is checked)."""
        services.spam_check(
            honeypot=self.data.get("homepage", ""), started=self.data.get("started", "")
        )

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                described = [f"{name}-error"]
                if self.fields[name].help_text:
                    described.append(f"{self[name].auto_id}_helptext")
                attrs["aria-describedby"] = " ".join(described)

    def visible_questions(self):
        return [field for field in self.visible_fields() if field.name not in self.trap_fields]

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(anchor, label, message) of each error, for the summary that links to the fields."""
        items = []
        for message in self.non_field_errors():
            items.append(("", "", message))
        for name, errors in self.errors.items():
            if name not in self.fields:
                continue
            field = self[name]
            anchor = field.auto_id
            if isinstance(field.field.widget, GROUP_WIDGETS):
                anchor = f"{anchor}_0"
            for message in errors:
                items.append((anchor, str(field.label), message))
        return items


def _question_field(question: Question) -> forms.Field:
    label = localized(question, "text")
    common = {
        "label": label,
        "required": question.required,
        "help_text": localized(question, "help_text"),
    }
    if question.kind == QuestionKind.SINGLE:
        choices = [(str(o.pk), localized(o, "label")) for o in question.options.all()]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.MULTIPLE:
        choices = [(str(o.pk), localized(o, "label")) for o in question.options.all()]
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == QuestionKind.SCALE:
        choices = []
        for value in question.scale_values():
            text = str(value)
            if value == question.scale_min and question.scale_min_label:
                text = f"{value} — {localized(question, 'scale_min_label')}"
            elif value == question.scale_max and question.scale_max_label:
                text = f"{value} — {localized(question, 'scale_max_label')}"
            choices.append((str(value), text))
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    return forms.CharField(
        max_length=2000, widget=forms.Textarea(attrs={"rows": 4}), strip=True, **common
    )


class ConsultationForm(TrapsMixin):
    """The questionnaire of ``consultation``, its optional demographic block and the e-mail
    address that makes the response one person's."""

    def __init__(self, *args, consultation: Consultation, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.questions = {f"q{q.pk}": q for q in questions}
        fields = {name: _question_field(q) for name, q in self.questions.items()}
        if consultation.ask_demographics:
            fields["age_range"] = forms.ChoiceField(
                label=_("Your age"),
                required=False,
                widget=forms.RadioSelect,
                choices=[*AgeRange.choices, NOT_SAID],
            )
            fields["gender"] = forms.ChoiceField(
                label=_("Your gender"),
                required=False,
                widget=forms.RadioSelect,
                choices=[*Gender.choices, NOT_SAID],
            )
            fields["sector"] = forms.ChoiceField(
                label=_("Where you work or study"),
                required=False,
                widget=forms.RadioSelect,
                choices=[*Sector.choices, NOT_SAID],
            )
            boroughs = Borough.objects.for_government(consultation.home_government)
            fields["residence"] = forms.ChoiceField(
                label=_("Where you live"),
                required=False,
                choices=[
                    NOT_SAID,
                    *((str(b.pk), b.name) for b in boroughs),
                    ("abroad", _("I live abroad")),
                ],
            )
        fields["email"] = forms.EmailField(
            label=_("Your e-mail address"),
            help_text=_(
                "We send you a link to confirm your response. We do not keep your address: "
                "only a code made from it, so that each person answers once."
            ),
            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        )
        traps = {name: self.fields.pop(name) for name in self.trap_fields}
        self.fields.update(fields)
        self.fields.update(traps)

    DEMOGRAPHIC_FIELDS = ("age_range", "gender", "sector", "residence")

    def question_fields(self):
        return [self[name] for name in self.questions]

    def demographic_fields(self):
        return [self[name] for name in self.DEMOGRAPHIC_FIELDS if name in self.fields]

    def answers(self) -> list[dict]:
        """The cleaned answers, as ``services.response_submit`` takes them."""
        answers = []
        for name, question in self.questions.items():
            value = self.cleaned_data.get(name)
            if value in (None, "", []):
                continue
            if question.kind == QuestionKind.SINGLE:
                answers.append({"question": question, "option_id": int(value)})
            elif question.kind == QuestionKind.MULTIPLE:
                answers.extend({"question": question, "option_id": int(v)} for v in value)
            elif question.kind == QuestionKind.SCALE:
                answers.append({"question": question, "value": int(value)})
            else:
                answers.append({"question": question, "text": value})
        return answers

    def demographics(self) -> dict:
        data = self.cleaned_data
        if not self.consultation.ask_demographics:
            return {}
        residence = data.get("residence") or ""
        return {
            "age_range": data.get("age_range") or "",
            "gender": data.get("gender") or "",
            "sector": data.get("sector") or "",
            "lives_abroad": residence == "abroad",
            "borough_id": int(residence) if residence.isdigit() else None,
        }


class CommentForm(TrapsMixin):
    author_name = forms.CharField(
        label=_("Your name (optional, shown with your comment)"), max_length=120, required=False
    )
    text = forms.CharField(
        label=_("Your comment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Comments are published after review. Please do not include personal data."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        traps = {name: self.fields.pop(name) for name in self.trap_fields}
        self.fields.update(traps)


class RegistrationForm(TrapsMixin, forms.ModelForm):
    kind = forms.ChoiceField(label=_("Kind of organization"), widget=forms.RadioSelect)

    class Meta:
        model = ActorRegistration
        fields = ["kind", "name", "website", "description", "contact_name", "contact_email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ciudadglobal.actors.models import ActorKind

        self.fields["kind"].choices = [
            (kind.value, kind.label) for kind in ActorKind if kind.value in ActorRegistration.KINDS
        ]
        self.fields["website"].widget.attrs["autocomplete"] = "url"
        self.fields["contact_email"].help_text = _(
            "We send a link to this address to confirm the registration."
        )
        self.fields["website"].assume_scheme = "https"
        traps = {name: self.fields.pop(name) for name in self.trap_fields}
        self.fields.update(traps)


class LinkForm(forms.Form):
    partner = forms.CharField(label=_("Partner abroad"), max_length=300, required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    description = forms.CharField(label=_("What you do together"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries]

    def clean(self):
        data = super().clean()
        given = [bool(data.get(name)) for name in ("partner", "country", "description")]
        if any(given) and not all(given):
            raise forms.ValidationError(
                _(
                    "Give the partner, its country and what you do together, or leave the row "
                    "empty."
                ),
                code="incomplete_link",
            )
        return data


LinkFormSet = forms.formset_factory(LinkForm, extra=3, max_num=3, validate_max=True)
