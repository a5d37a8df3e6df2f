from django.urls import path

from yardstick.pages import plans, portfolio, setup, views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/", plans.plans_page, name="plans"),
    path("portfolios/", portfolio.portfolios_page, name="portfolios"),
    path("portfolios/<int:user_id>/", portfolio.portfolio_page, name="portfolio"),
    path("setup/", setup.setup_page, name="setup"),
    path("setup/next-steps/", setup.next_steps, name="setup_next_steps"),
]
