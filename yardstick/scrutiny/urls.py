from django.urls import path

from yardstick.scrutiny import views

app_name = "scrutiny"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:review_id>/", views.tracker_page, name="tracker"),
    path("<int:review_id>/tracker.<str:format_name>", views.download, name="download"),
    path("<int:review_id>/cover-report.<str:format_name>", views.cover, name="cover"),
    path(
        "recommendations/<int:recommendation_id>/",
        views.recommendation_page,
        name="recommendation",
    ),
    path("recommendations/<int:recommendation_id>/update/", views.update_page, name="update"),
    path(
        "recommendations/<int:recommendation_id>/question/",
        views.question_page,
        name="question",
    ),
]
