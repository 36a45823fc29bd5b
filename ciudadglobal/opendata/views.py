"""The open-data page of a government's portal and its downloads.

Every file is made on request from the published records (``tables``, ``exports``), so it is
always as current as the portal; the page says when the newest public record last changed."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from ciudadglobal.portal.selectors import portal_government
from ciudadglobal.projects.iati import export_result

from .exports import CONTENT_TYPES, FORMATS, data_licence, datapackage_zip, export_table
from .ical import activity_calendar
from .popolo import popolo
from .tables import TABLES, last_updated


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def open_data(request: HttpRequest, government: str) -> HttpResponse:
    """``opendata/open_data.html``: ``government``, ``tables`` (each with its columns),
    ``formats``, ``licence`` and ``updated`` (the newest change of a public record)."""
    government = portal_government(government)
    context = {
        "government": government,
        "tables": TABLES.values(),
        "formats": FORMATS,
        "licence": data_licence(government),
        "updated": last_updated(government),
    }
    return render(request, "opendata/open_data.html", context)


def table_download(request: HttpRequest, government: str, table: str, format: str):
    """One table of the public registry as CSV, XLSX or JSON."""
    government = portal_government(government)
    if table not in TABLES or format not in FORMATS:
        raise Http404(table)
    content = export_table(table, format, government)
    return _download(content, CONTENT_TYPES[format], f"{government.slug}-{table}.{format}")


def datapackage_download(request: HttpRequest, government: str) -> HttpResponse:
    """The whole public registry as a zipped Frictionless Data Package."""
    government = portal_government(government)
    return _download(
        datapackage_zip(government), CONTENT_TYPES["zip"], f"{government.slug}-datapackage.zip"
    )


def popolo_download(request: HttpRequest, government: str) -> HttpResponse:
    government = portal_government(government)
    content = json.dumps(popolo(government), ensure_ascii=False, indent=1).encode()
    return _download(content, "application/json", f"{government.slug}-popolo.json")


def calendar_feed(request: HttpRequest, government: str) -> HttpResponse:
    """The iCalendar feed of upcoming public activities (``?all=1``: of every one)."""
    government = portal_government(government)
    base_url = request.build_absolute_uri("/").rstrip("/")
    content = activity_calendar(
        government, base_url=base_url, upcoming=request.GET.get("all") != "1"
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{government.slug}-activities.ics"'
    return response


def iati_download(request: HttpRequest, government: str) -> HttpResponse:
    """The public projects as IATI 2.03 activity XML (the exporter of ``projects.iati``)."""
    government = portal_government(government)
    reporting_org_ref = getattr(settings, "IATI_REPORTING_ORG_REFS", {}).get(government.slug, "")
    result = export_result(government, reporting_org_ref=reporting_org_ref)
    return _download(result.xml, "application/xml", f"{government.slug}-iati-activities.xml")


urlpatterns = [
    path("", open_data, name="open-data"),
    path("datapackage.zip", datapackage_download, name="open-data-package"),
    path("popolo.json", popolo_download, name="open-data-popolo"),
    path("activities.ics", calendar_feed, name="open-data-calendar"),
    path("iati-activities.xml", iati_download, name="open-data-iati"),
    path("<slug:table>.<slug:format>", table_download, name="open-data-table"),
]
