from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("tenants/", include("ciudadglobal.tenants.urls")),
    path("documents/", include("ciudadglobal.agreements.urls")),
    path("api/", include("ciudadglobal.api.urls")),
]
# Spanish at unprefixed addresses, English under /en/.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("imports/", include("ciudadglobal.imports.urls")),
    path("workspace/", include("ciudadglobal.workspace.urls")),
    path("reports/", include("ciudadglobal.reports.urls")),
    path("", include("ciudadglobal.portal.urls")),
    prefix_default_language=False,
)
