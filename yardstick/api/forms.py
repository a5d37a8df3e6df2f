"""The account page's form for a new API token. How long a token may last is the service's
rule (`services.create_token`), shown on this form in its words."""

from __future__ import annotations

from django import forms
from django.conf import settings

from yardstick.api.models import TokenScope
from yardstick.api.services import NAME_LENGTH


class NewTokenForm(forms.Form):
    name = forms.CharField(
        label="What the token is for",
        max_length=NAME_LENGTH,
        help_text="For example 'Quarterly figures script' or 'Power BI'.",
    )
    scope = forms.ChoiceField(
        label="The token may",
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
    )
    days = forms.IntegerField(
        label="Days until it expires",
        initial=90,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].help_text = f"From 1 to {settings.API_TOKEN_MAX_DAYS} days."
