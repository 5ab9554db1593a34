from django.urls import path

from . import views

app_name = "gaps"

urlpatterns = [
    path("", views.home, name="home"),
    path("gaps/<slug:slug>/", views.category_detail, name="category"),
]
