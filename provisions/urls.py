from django.urls import path

from . import instrument_views, parallel_views, side_by_side_views, views

app_name = "provisions"

# Included at the site root: every page under /instruments/ and /provisions/.
urlpatterns = [
    path("instruments/", instrument_views.instrument_list, name="instrument_list"),
    path("instruments/diff/", instrument_views.diff_picker, name="diff_picker"),
    path("instruments/<slug:slug>/", instrument_views.instrument_detail, name="instrument"),
    path("instruments/<slug:slug>/parallel/", parallel_views.parallel, name="parallel"),
    path("instruments/<slug:new>/diff/<slug:old>/", instrument_views.instrument_diff, name="diff"),
    path("instruments/<slug:instrument_slug>/<slug:slug>/", views.provision_detail, name="detail"),
    path("provisions/", views.provision_list, name="list"),
    path("definitions/", views.definitions, name="definitions"),
    path("compare/", side_by_side_views.side_by_side, name="side_by_side"),
]
