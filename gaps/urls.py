from django.urls import path

from . import views, views_diff

app_name = "gaps"

urlpatterns = [
    path("", views.home, name="home"),
    path("gaps/<slug:slug>/", views.category_detail, name="category"),
    path("instruments/<slug:new>/diff/<slug:old>/", views_diff.instrument_diff, name="diff"),
    path("compare/", views_diff.compare, name="compare"),
]
