from django.urls import path

from yardstick.measures import key_views

app_name = "rating_keys"

urlpatterns = [
    path("", key_views.keys_page, name="page"),
    path("form/", key_views.key_form, name="form"),
    path("<int:pk>/remove/", key_views.remove_key, name="remove"),
]
