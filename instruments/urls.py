from django.urls import path

from . import views

app_name = "instruments"

urlpatterns = [
    path("", views.instrument_list, name="list"),
    path("about-the-data/", views.about, name="about"),
    path("<slug:slug>/", views.instrument_detail, name="detail"),
]
