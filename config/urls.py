from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("gaps.urls")),
    path("api/", include("gaps.api_urls")),
    path("instruments/", include("instruments.urls")),
    path("", include("provisions.urls")),
    path("api/", include("provisions.api_urls")),
    path("admin/", admin.site.urls),
]
