from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with its messages in plain English."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "The username or password is not right. Both are case-sensitive.",
        "inactive": "This account is switched off. Ask your performance team.",
    }

    username = forms.CharField(label="Username", max_length=254)
    password = forms.CharField(label="Password", strip=False, widget=forms.PasswordInput)
