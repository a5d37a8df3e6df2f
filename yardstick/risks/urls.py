from django.urls import path

from yardstick.risks import views

app_name = "risks"

urlpatterns = [
    path("", views.index, name="index"),
    path("scale/", views.scale_page, name="scale"),
    path("risk/<int:risk_id>/", views.risk_page, name="risk"),
    path("risk/<int:risk_id>/change/", views.edit_risk, name="edit"),
    path("<str:code>/", views.register_page, name="register"),
    path("<str:code>/new/", views.new_risk, name="new"),
]
