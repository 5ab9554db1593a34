from django.urls import path

from . import views, views_diff

app_name = "gaps"

urlpatterns = [
    path("", views.home, name="home"),
    path("gaps/", views.gap_list, name="gap_list"),
    path("gaps/<slug:slug>/", views.category_detail, name="category"),
    path("gaps/<slug:category_slug>/<slug:instrument_slug>/", views.cell_detail, name="cell"),
    path("instruments/<slug:new>/diff/<slug:old>/", views_diff.instrument_diff, name="diff"),
    path("compare/", views_diff.compare, name="compare"),
]
