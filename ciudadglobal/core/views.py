from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def conflict(request: HttpRequest, target=None) -> HttpResponse:
    """Template ``409.html``: a save lost the race with someone else's; nothing was written."""
    context = {**admin.site.each_context(request), "record": target}
    return render(request, "409.html", context, status=409)
