"""The scorecards' downloads (`packs.downloads`), beside the scorecard pages' addresses."""

from django.urls import path

from yardstick.packs import downloads

app_name = "downloads"

urlpatterns = [
    path(
        "scorecards/<int:year>/<slug:slug>/download/",
        downloads.scorecard_download,
        name="scorecard",
    ),
    path("units/<str:code>/scorecard/download/", downloads.unit_download, name="unit"),
]
