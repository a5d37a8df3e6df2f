from django.urls import path, register_converter

from yardstick.public import views

app_name = "public"


class FormatConverter:
    """The open-data formats: csv or json."""

    regex = "csv|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "format")

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:organisation>/", views.organisation_page, name="organisation"),
    path("<slug:organisation>/figures.<format:format>", views.figures, name="figures"),
    path("<slug:organisation>/catalogue.jsonld", views.catalogue, name="catalogue"),
    path("<slug:organisation>/periods/", views.archive_page, name="archive"),
    path("<slug:organisation>/periods/<slug:period>/", views.period_page, name="period"),
    path(
        "<slug:organisation>/periods/<slug:period>/figures.<format:format>",
        views.period_figures,
        name="period_figures",
    ),
    path("<slug:organisation>/periods/<slug:period>/report/", views.report_page, name="report"),
    path(
        "<slug:organisation>/periods/<slug:period>/report.pdf",
        views.report_pdf,
        name="report_pdf",
    ),
    path("<slug:organisation>/measures/", views.measures_page, name="measures"),
    path("<slug:organisation>/measures/<str:code>/", views.measure_page, name="measure"),
    path(
        "<slug:organisation>/measures/<str:code>/figures.<format:format>",
        views.measure_figures,
        name="measure_figures",
    ),
    path("<slug:organisation>/<int:year>/<slug:slug>/", views.scorecard_page, name="scorecard"),
    path(
        "<slug:organisation>/<int:year>/<slug:slug>/figures.csv",
        views.scorecard_figures,
        {"format": "csv"},
        name="scorecard_csv",
    ),
    path(
        "<slug:organisation>/<int:year>/<slug:slug>/figures.<format:format>",
        views.scorecard_figures,
        name="scorecard_figures",
    ),
    path(
        "<slug:organisation>/<int:year>/<slug:slug>/<slug:period>/",
        views.scorecard_page,
        name="scorecard_period",
    ),
    path(
        "<slug:organisation>/<int:year>/<slug:slug>/<slug:period>/download/",
        views.scorecard_download,
        name="scorecard_download",
    ),
]
