from django.urls import path

from yardstick.measures import views

app_name = "measures"

urlpatterns = [
    path("<str:code>/", views.measure_page, name="detail"),
    path("<str:code>/spc-recalculation/", views.recalculate, name="recalculate"),
    path("<str:code>/spc-exclusion/", views.exclude, name="exclude"),
    path("<str:code>/spc-baseline/", views.spc_baseline, name="spc_baseline"),
    path("<str:code>/target-profile/", views.target_profile, name="target_profile"),
    path("<str:code>/data-quality-statement/", views.statement, name="statement"),
]
