from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from yardstick.api.api import api, not_found


class Favicon(RedirectView):
    """Browsers ask for /favicon.ico whatever the page links: send them to the static icon."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("favicon.svg")


urlpatterns = [
    path("", include("yardstick.pages.urls")),
    path("", include("yardstick.scorecards.urls")),
    path("", include("yardstick.packs.download_urls")),
    path("", include("yardstick.health.urls")),
    path("measures/", include("yardstick.measures.urls")),
    path("rating-keys/", include("yardstick.measures.key_urls")),
    path("collection/", include("yardstick.collection.urls")),
    path("data-quality/", include("yardstick.dataquality.urls")),
    path("reports/", include("yardstick.reports.urls")),
    path("meetings/", include("yardstick.meetings.urls")),
    path("risks/", include("yardstick.risks.urls")),
    path("meetings/<int:meeting_id>/pack/", include("yardstick.packs.urls")),
    path("scrutiny/", include("yardstick.scrutiny.urls")),
    path("imports/", include("yardstick.imports.urls")),
    path("accounts/api-tokens/", include("yardstick.api.urls")),
    path("accounts/", include("yardstick.accounts.urls")),
    path("public/", include("yardstick.public.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/", not_found),
    path("admin/", admin.site.urls),
    path("favicon.ico", Favicon.as_view()),
]

# 400, 403 and 404 are Django's own views with templates/400.html, 403.html and 404.html;
# the 500 page has a view of its own that cannot fail (yardstick/pages/views.py).
handler500 = "yardstick.pages.views.server_error"
