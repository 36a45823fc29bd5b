from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .entities import ENTITIES
from .reading import validate_upload


class UploadForm(forms.Form):
    entity = forms.ChoiceField(label=_("Records to import"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8, comma or semicolon) or Excel .xlsx, first sheet, one header row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, entities: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].choices = [
            (name, ENTITIES[name].verbose_name_plural.capitalize()) for name in entities
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        return upload
