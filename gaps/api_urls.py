from django.urls import path

from . import api

app_name = "gaps_api"

urlpatterns = [
    path("matrix.json", api.matrix_json, name="matrix_json"),
    path("matrix.csv", api.matrix_csv, name="matrix_csv"),
]
