from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.html import escape

from yardstick.organisations.models import Organisation

# The 500 page if even templates/500.html cannot be rendered (say, a broken static files
# manifest): plain, and still in English.
PLAIN_500 = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Sorry, there is a problem with the service – Yardstick</title></head>
<body><main><h1>Sorry, there is a problem with the service</h1>
<p>Try again later.</p>{reference}</main></body></html>
"""


def home(request: HttpRequest) -> HttpResponse:
    """What Yardstick is, each organisation's published performance, and signing in; before
    any organisation is set up, the first-run page."""
    organisations = list(Organisation.objects.all())
    if not organisations:
        return redirect("pages:setup")
    return render(request, "pages/home.html", {"organisations": organisations})


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page (handler500): rendered without the request's context, so neither the
    database nor a context processor can stop it; the request id lets the log line be found."""
    request_id = getattr(request, "request_id", "")
    try:
        body = loader.get_template("500.html").render({"request_id": request_id})
    except Exception:  # whatever broke the page may break this too: never fail here
        reference = f"<p>Reference: {escape(request_id)}</p>" if request_id else ""
        body = PLAIN_500.format(reference=reference)
    return HttpResponseServerError(body)
