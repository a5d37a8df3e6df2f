"""The answers that set up an organisation and its first account: the first-run page asks
them on screen, `yardstick setup` at the prompt or from flags; both check them here."""

from __future__ import annotations

import calendar

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.text import slugify

from yardstick.accounts.models import User
from yardstick.accounts.services import (
    FirstAccount,
    NewOrganisation,
    SetUp,
    set_up_organisation,
)
from yardstick.organisations.models import BankHolidayRegion, Organisation

MONTHS = [(number, calendar.month_name[number]) for number in range(1, 13)]
NO_BANK_HOLIDAYS = "none"  # the region "" (none), as a choice a form can tell from no answer
BANK_HOLIDAY_CHOICES = [
    (value or NO_BANK_HOLIDAYS, label) for value, label in BankHolidayRegion.choices
]
SLUG_LENGTH = Organisation._meta.get_field("slug").max_length


class SetupForm(forms.Form):
    name = forms.CharField(
        label="Name of your organisation",
        max_length=200,
        error_messages={"required": "Enter the name of your organisation."},
        help_text="As your reports print it, for example London Borough of Harrow.",
    )
    slug = forms.SlugField(
        label="Short name for web addresses",
        max_length=SLUG_LENGTH,
        required=False,
        help_text="Lower-case letters, numbers and hyphens, for example harrow. Leave it "
        "blank to make one from the name.",
    )
    financial_year_start_month = forms.TypedChoiceField(
        label="Month your financial year starts",
        choices=MONTHS,
        coerce=int,
        initial=4,
        error_messages={
            "required": "Choose the month your financial year starts.",
            "invalid_choice": "%(value)s is not a month: give 1 to 12 or the month's name.",
        },
        help_text="April for UK councils.",
    )
    bank_holidays = forms.ChoiceField(
        label="Bank holidays to leave out when counting working days to a deadline",
        choices=BANK_HOLIDAY_CHOICES,
        initial=BankHolidayRegion.ENGLAND_AND_WALES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whose bank holidays to leave out.",
            "invalid_choice": "%(value)s is not one of ENG, SCT, NIR or none.",
        },
    )
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter your first name."}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter your last name."}
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@council.gov.uk.",
        },
    )
    username = forms.CharField(
        label="Username",
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="What you will sign in with. Letters, numbers and @ . + - _ only.",
        error_messages={"required": "Enter a username."},
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters, not a common password, not all numbers, and not "
        "like your name or username.",
        error_messages={"required": "Enter a password."},
    )
    password_again = forms.CharField(
        label="Password again",
        strip=False,
        error_messages={"required": "Enter the password again."},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        autocomplete = {
            "name": "organization",
            "username": "username",
            "first_name": "given-name",
            "last_name": "family-name",
            "email": "email",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["username"].widget.attrs.update(autocapitalize="none", spellcheck="false")
        self.fields["slug"].widget.attrs.update(autocapitalize="none", spellcheck="false")

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        found = Organisation.objects.filter(name__iexact=name).first()
        if found is not None:
            raise forms.ValidationError(f"There is already an organisation called {found.name}.")
        return name

    def clean_bank_holidays(self) -> str:
        region = self.cleaned_data["bank_holidays"]
        return "" if region == NO_BANK_HOLIDAYS else region

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(f"The username {username} is taken: choose another.")
        return username

    def clean(self) -> dict:
        data = super().clean()
        if "name" in data and not data.get("slug"):
            data["slug"] = slugify(data["name"])[:SLUG_LENGTH].strip("-")
            if not data["slug"]:
                self.add_error("slug", "Give a short name: the name has no letters to make one.")
        slug = data.get("slug")
        if slug and Organisation.objects.filter(slug=slug).exists():
            self.add_error(
                "slug", f"The short name {slug} is taken by another organisation: give another."
            )
        password, again = data.get("password"), data.get("password_again")
        if password and again is not None and password != again:
            self.add_error("password_again", "The two passwords are not the same.")
        elif password:
            person = User(
                username=data.get("username", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                email=data.get("email", ""),
            )
            try:
                password_validation.validate_password(password, person)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data

    def set_up(self, *, reason: str, only_if_first: bool = False) -> SetUp:
        data = self.cleaned_data
        return set_up_organisation(
            NewOrganisation(
                name=data["name"],
                slug=data["slug"],
                financial_year_start_month=data["financial_year_start_month"],
                bank_holidays=data["bank_holidays"],
            ),
            FirstAccount(
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                password=data["password"],
            ),
            reason=reason,
            only_if_first=only_if_first,
        )
