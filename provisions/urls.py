from django.urls import path

from . import views

app_name = "provisions"

# Included at the site root: provision pages nest under their instrument's URL.
urlpatterns = [
    path("provisions/", views.provision_list, name="list"),
    path("definitions/", views.definitions, name="definitions"),
    path("instruments/<slug:instrument_slug>/<slug:slug>/", views.provision_detail, name="detail"),
]
