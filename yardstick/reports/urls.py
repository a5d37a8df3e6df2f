from django.urls import path

from yardstick.reports import challenge_pages, narrative, views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("risks/", views.risks, name="risks"),
    path(
        "risk-registers/<str:code>/<str:format_name>/",
        views.risk_register,
        name="risk_register",
    ),
    path("challenge-list/", challenge_pages.challenge_list_page, name="challenge_list"),
    path(
        "challenge-list/settings/",
        challenge_pages.challenge_list_settings,
        name="challenge_list_settings",
    ),
    path(
        "challenge-list/agenda/",
        challenge_pages.challenge_list_agenda,
        name="challenge_list_agenda",
    ),
    path("glossary/", narrative.glossary, name="glossary"),
    path("glossary/<int:pk>/", narrative.abbreviation, name="abbreviation"),
    path("<str:period_key>/", views.strategic, name="strategic"),
    path("<str:period_key>/challenges/", views.challenges, name="challenges"),
    path("<str:period_key>/text/", narrative.narrative, name="narrative"),
    path("<str:period_key>/text/introduction/", narrative.introduction, name="introduction"),
    path(
        "<str:period_key>/text/themes/<str:theme_code>/",
        narrative.achievements,
        name="achievements",
    ),
    path("<str:period_key>/<str:format_name>/", views.download, name="download"),
]
