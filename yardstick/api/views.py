"""The account page where a person makes and revokes their own API tokens. A new token is
shown once: the page it is made on redirects to the list (so reloading makes no second
token), carrying the secret in the session only until that list is shown; only its digest
is kept."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from yardstick.api import services
from yardstick.api.forms import NewTokenForm
from yardstick.api.models import ApiToken
from yardstick.bounds import Refused

NEW_TOKEN = "api_new_token"  # the session's key for a token made, until it is shown


def _page(request: HttpRequest, form: NewTokenForm, new=None, status: int = 200) -> HttpResponse:
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "new": new,
            "tokens": ApiToken.objects.filter(user=request.user),
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def tokens_page(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        shown = request.session.pop(NEW_TOKEN, None)
        new = None
        if shown is not None:
            token = ApiToken.objects.filter(pk=shown["id"], user=request.user).first()
            new = services.NewToken(token, shown["secret"]) if token else None
        return _page(request, NewTokenForm(), new=new)
    form = NewTokenForm(request.POST)
    if form.is_valid():
        try:
            new = services.create_token(
                request.user,
                form.cleaned_data["name"],
                form.cleaned_data["scope"],
                form.cleaned_data["days"],
            )
        except Refused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            request.session[NEW_TOKEN] = {"id": new.token.pk, "secret": new.secret}
            return redirect("api_tokens:list")
    return _page(request, form)


@login_required
@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.revoke_token(token, request.user)
    messages.success(request, f"The token '{token.name}' is revoked: it no longer works.")
    return redirect("api_tokens:list")
