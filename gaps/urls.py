from django.urls import path
from django.views.generic import RedirectView

from . import state_views, views

app_name = "gaps"

urlpatterns = [
    path("", views.home, name="home"),
    path("gaps/", views.gap_list, name="gap_list"),
    path("gaps/<slug:slug>/", views.category_detail, name="category"),
    path("gaps/<slug:category_slug>/<slug:instrument_slug>/", views.cell_detail, name="cell"),
    path("about/", views.about, name="about"),
    path("states/", state_views.state_list, name="state_list"),
    path("states/compare/", state_views.state_compare, name="state_compare"),
    path("states/<str:code>/", state_views.state_detail, name="state"),
    # Addresses of earlier releases, kept so that links to them still work.
    path(
        "instruments/about-the-data/",
        RedirectView.as_view(pattern_name="gaps:about", permanent=True),
    ),
    path(
        "compare/",
        RedirectView.as_view(pattern_name="provisions:diff_picker", query_string=True),
    ),
]
