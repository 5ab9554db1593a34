from django.urls import path

from . import api, parties_api

app_name = "provisions_api"

# Included under /api/ beside the other apps' API includes.
urlpatterns = [
    path("provisions.json", api.provisions_json, name="provisions"),
    path("provisions.csv", api.provisions_csv, name="provisions_csv"),
    path("instruments.json", api.instruments_json, name="instruments"),
    path("instruments/<slug:slug>.json", api.instrument_json, name="instrument"),
    path(
        "instruments/<slug:slug>/parties.json",
        parties_api.parties_json,
        name="instrument_parties",
    ),
    path(
        "instruments/<slug:slug>/parties.csv",
        parties_api.parties_csv,
        name="instrument_parties_csv",
    ),
]
