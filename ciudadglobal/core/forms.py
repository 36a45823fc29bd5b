"""Forms shared by the back-office: the concurrent-edit check lives here."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.text import capfirst, get_text_list
from django.utils.timezone import localtime
from django.utils.translation import gettext as _


def changes_since(instance, version: int) -> tuple[list[str], list[str], object | None]:
    """Who saved ``instance`` after ``version``, which fields they changed, and when last."""
    history = instance.history.order_by("history_date", "history_id")
    base = history.filter(version=version).last()
    later = list(history.filter(version__gt=version).select_related("history_user"))
    if not later:
        return [], [], None
    users = sorted(
        {str(record.history_user or _("an import or another process")) for record in later}
    )
    fields: list[str] = []
    if base is not None:
        delta = later[-1].diff_against(base)
        fields = [
            str(capfirst(instance._meta.get_field(change.field).verbose_name))
            for change in delta.changes
            if change.field != "version"
        ]
    return users, fields, later[-1].history_date


class RecordForm(forms.ModelForm):
    """A model form that refuses to save over changes made since it was opened.

    The revision number travels (signed) in a hidden field. When it no longer matches the
    stored one, the form is shown again with the person's own input intact, a message naming
    who changed what, and the current revision, so that saving again is a deliberate choice.
    """

    def clean(self):
        cleaned = super().clean()
        version_field = self.fields.get("version")
        if self.instance.pk is None or version_field is None or self.has_error("version"):
            return cleaned
        submitted = cleaned.get("version")
        current = (
            type(self.instance)
            ._base_manager.filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is None or submitted == current:
            return cleaned
        users, fields, when = changes_since(self.instance, submitted)
        message = _(
            "Someone else saved this record while you were editing it, so your changes were "
            "not saved. They are still in the form below."
        )
        if users:
            message += " " + _("Changed by %(users)s on %(when)s.") % {
                "users": get_text_list(users, _("and")),
                "when": date_format(localtime(when), "DATETIME_FORMAT"),
            }
        if fields:
            message += " " + _("Fields they changed: %(fields)s.") % {
                "fields": get_text_list(fields, _("and"))
            }
        message += " " + _(
            "Check their changes in the history, then save again to keep yours over theirs."
        )
        self.add_error(None, ValidationError(message, code="concurrent_edit"))
        data = self.data.copy()
        data[self.add_prefix("version")] = str(version_field.prepare_value(current))
        self.data = data
        return cleaned
