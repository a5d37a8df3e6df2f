from django.urls import path

from yardstick.scrutiny import views

app_name = "scrutiny"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.review_form, name="new_review"),
    path("<int:review_id>/change/", views.review_form, name="change_review"),
    path(
        "<int:review_id>/recommendations/new/",
        views.recommendation_form,
        name="new_recommendation",
    ),
    path(
        "recommendations/<int:recommendation_id>/change/",
        views.recommendation_form,
        name="change_recommendation",
    ),
    path("questions/<int:question_id>/answer/", views.answer_page, name="answer"),
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
