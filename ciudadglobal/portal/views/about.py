"""What the portal is, whose data it shows, and the licences of the outside data it uses."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from ciudadglobal.core.models import Source

from ..selectors import portal_government


def about(request: HttpRequest, government: str) -> HttpResponse:
    """``portal/about.html``: the platform, the government's sources, outside data licences."""
    government = portal_government(government)
    sources = Source.objects.for_government(government).order_by("title")
    return render(request, "portal/about.html", {"government": government, "sources": sources})


urlpatterns = [path("about/", about, name="about")]
