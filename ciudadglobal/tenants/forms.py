from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import governments_for_user


class GovernmentSwitchForm(forms.Form):
    government = forms.ModelChoiceField(queryset=None, label=_("Home government"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["government"].queryset = governments_for_user(user)
