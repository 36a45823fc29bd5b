"""The public portal: ``/`` lists the home governments, ``/<government>/…`` is one's portal.

Each area of the portal is a module of ``views`` with its own ``urlpatterns``."""

from django.urls import include, path

from ciudadglobal.participation import urls as participation
from ciudadglobal.reports import portal_views as reports

from .views import about, charts, home, indicators, partners, records, transparency

app_name = "portal"

government_patterns = [
    *home.urlpatterns,
    *records.urlpatterns,
    *partners.urlpatterns,
    *charts.urlpatterns,
    *indicators.urlpatterns,
    *transparency.urlpatterns,
    *participation.urlpatterns,
    *reports.urlpatterns,
    *about.urlpatterns,
    path("open-data/", include("ciudadglobal.opendata.urls")),
]

urlpatterns = [
    path("", home.government_list, name="government-list"),
    path("<slug:government>/", include(government_patterns)),
]
