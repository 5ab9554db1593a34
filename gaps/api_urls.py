from django.urls import path

from . import api, state_views

app_name = "gaps_api"

urlpatterns = [
    path("matrix.json", api.matrix_json, name="matrix_json"),
    path("matrix.csv", api.matrix_csv, name="matrix_csv"),
    path("states.json", state_views.state_list_json, name="states_json"),
    path("states.csv", state_views.state_list_csv, name="states_csv"),
    path("states/<str:code>.json", state_views.state_json, name="state_json"),
]
