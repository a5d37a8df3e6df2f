from django.urls import path

from yardstick.collection import agreement, projects, several, views

app_name = "collection"

urlpatterns = [
    path("returns/", views.returns_page, name="returns"),
    path("returns/period/<int:period_id>/", several.several_page, name="several"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("returns/<int:measure_id>/<int:period_id>/", views.entry_page, name="entry"),
    path(
        "returns/<int:measure_id>/<int:period_id>/preview/",
        views.preview_fragment,
        name="preview",
    ),
    path(
        "projects/<int:action_id>/<int:period_id>/",
        projects.project_return_page,
        name="project_return",
    ),
    path(
        "projects/<int:action_id>/benefits-review/",
        projects.benefits_review_page,
        name="benefits_review",
    ),
    path("sign-off/", views.sign_off_page, name="sign_off"),
    path("sign-off/<int:figure_id>/", views.review_page, name="review"),
    path("publish/", views.publish_index, name="publish"),
    path("publish/<int:period_id>/", views.publish_page, name="publish_period"),
    path(
        "publish/<int:period_id>/targets/",
        agreement.agree_targets_page,
        name="agree_targets",
    ),
    path(
        "corrections/<int:measure_id>/<int:period_id>/",
        views.correction_page,
        name="correct",
    ),
    path("deadlines/", views.deadlines_page, name="deadlines"),
    path("deadlines/<int:period_id>/", views.period_deadline, name="period_deadline"),
    path("deadlines/<int:period_id>/opening/", views.period_opening, name="period_opening"),
]
