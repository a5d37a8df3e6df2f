from django.urls import path

from yardstick.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
    path("bodies/<int:body_id>/", views.body_page, name="body"),
    path("<int:meeting_id>/", views.meeting_page, name="meeting"),
    path("<int:meeting_id>/minutes/", views.minutes_page, name="minutes"),
    path("actions/<int:action_id>/", views.action_page, name="action"),
]
