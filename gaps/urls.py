from django.urls import path
from django.views.generic import RedirectView

from . import (
    citations,
    crosswalk_views,
    event_views,
    position_views,
    release_views,
    state_views,
    timeline_views,
    views,
)

app_name = "gaps"

urlpatterns = [
    path("", views.home, name="home"),
    path("gaps/", views.gap_list, name="gap_list"),
    path("gaps/<slug:slug>/", views.category_detail, name="category"),
    path("gaps/<slug:category_slug>/<slug:instrument_slug>/", views.cell_detail, name="cell"),
    path("capabilities/", crosswalk_views.capabilities, name="capabilities"),
    path("about/", views.about, name="about"),
    path("positions/", position_views.position_list, name="position_list"),
    path("positions/<slug:slug>/", position_views.position_detail, name="position"),
    path("claims/", position_views.claim_list, name="claim_list"),
    path("events/", event_views.event_list, name="event_list"),
    path("events.json", event_views.event_list_json, name="event_list_json"),
    path("events.csv", event_views.event_list_csv, name="event_list_csv"),
    path("events/<slug:slug>/", event_views.event_detail, name="event"),
    path("timeline/", timeline_views.timeline, name="timeline"),
    path("changes/", release_views.changes, name="changes"),
    path("releases/<str:version>.json", release_views.release_json, name="release_json"),
    path("releases/<str:version>/", release_views.release_detail, name="release"),
    path(
        "cite/<slug:instrument_slug>/<slug:slug>/",
        citations.provision_citation,
        name="provision_citation",
    ),
    path("states/", state_views.state_list, name="state_list"),
    path("states/compare/", state_views.state_compare, name="state_compare"),
    path("states/<str:code>/", state_views.state_detail, name="state"),
    # Addresses of earlier releases, kept so that links to them still work.
    path(
        "instruments/about-the-data/",
        RedirectView.as_view(pattern_name="gaps:about", permanent=True),
    ),
]
