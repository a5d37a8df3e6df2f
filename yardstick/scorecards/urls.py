from django.urls import path

from yardstick.scorecards import views

app_name = "scorecards"

urlpatterns = [
    path("overview/", views.overview_page, name="overview"),
    path("scorecards/<int:year>/<slug:slug>/", views.scorecard_page, name="detail"),
    path(
        "scorecards/<int:year>/<slug:slug>/exceptions/",
        views.exceptions_page,
        name="exceptions",
    ),
]
