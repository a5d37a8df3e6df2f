from django.urls import path

from yardstick.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("risks/", views.risks, name="risks"),
    path(
        "risk-registers/<str:code>/<str:format_name>/",
        views.risk_register,
        name="risk_register",
    ),
    path("<str:period_key>/", views.strategic, name="strategic"),
    path("<str:period_key>/challenges/", views.challenges, name="challenges"),
    path("<str:period_key>/<str:format_name>/", views.download, name="download"),
]
