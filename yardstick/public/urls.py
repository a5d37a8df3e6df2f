from django.urls import path

from yardstick.public import views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:organisation>/", views.organisation_page, name="organisation"),
    path("<slug:organisation>/<int:year>/<slug:slug>/", views.scorecard_page, name="scorecard"),
    path(
        "<slug:organisation>/<int:year>/<slug:slug>/figures.csv",
        views.scorecard_csv,
        name="scorecard_csv",
    ),
]
