from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("yardstick.pages.urls")),
    path("", include("yardstick.scorecards.urls")),
    path("measures/", include("yardstick.measures.urls")),
    path("collection/", include("yardstick.collection.urls")),
    path("data-quality/", include("yardstick.dataquality.urls")),
    path("reports/", include("yardstick.reports.urls")),
    path("imports/", include("yardstick.imports.urls")),
    path("accounts/", include("yardstick.accounts.urls")),
    path("public/", include("yardstick.public.urls")),
    path("admin/", admin.site.urls),
]
