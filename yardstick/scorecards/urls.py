from django.urls import path

from yardstick.scorecards import views

app_name = "scorecards"

urlpatterns = [
    path("overview/", views.overview_page, name="overview"),
    path("measures/", views.measures_page, name="measures"),
    path("exceptions/", views.council_exceptions_page, name="council_exceptions"),
    path("scorecards/changes/", views.changes_page, name="changes"),
    path("units/<str:code>/scorecard/", views.unit_page, name="unit"),
    path("scorecards/<int:year>/<slug:slug>/", views.scorecard_page, name="detail"),
    path(
        "scorecards/<int:year>/<slug:slug>/exceptions/",
        views.exceptions_page,
        name="exceptions",
    ),
]
