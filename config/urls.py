from django.contrib import admin
from django.urls import include, path

from config import views

urlpatterns = [
    path("", include("gaps.urls")),
    path("api/", include("gaps.api_urls")),
    path("", include("provisions.urls")),
    path("api/", include("provisions.api_urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]

# Plain pages, or JSON under /api/; they reveal nothing about the failure.
handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error
