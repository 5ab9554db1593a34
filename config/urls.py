from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("gaps.urls")),
    path("api/", include("gaps.api_urls")),
    path("instruments/", include("instruments.urls")),
    path("instruments/", include("provisions.urls")),
    path("admin/", admin.site.urls),
]
