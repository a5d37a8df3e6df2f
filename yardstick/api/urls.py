from django.urls import path

from yardstick.api import views

app_name = "api_tokens"

urlpatterns = [
    path("", views.tokens_page, name="list"),
    path("<int:token_id>/revoke/", views.revoke, name="revoke"),
]
