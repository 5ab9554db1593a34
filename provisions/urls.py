from django.urls import path

from . import views

app_name = "provisions"

urlpatterns = [
    path("<slug:instrument_slug>/<slug:slug>/", views.provision_detail, name="detail"),
]
