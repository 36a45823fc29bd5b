"""Addresses of participation, included in the portal's ``government_patterns`` (so under
``/<government>/`` and named ``portal:participation-…``)."""

from django.urls import path

from ciudadglobal.core.pagecache import uncached

from . import views

urlpatterns = [
    path("participation/", views.index, name="participation"),
    path(
        "participation/consultations/<slug:slug>/",
        views.consultation_detail,
        name="participation-consultation",
    ),
    path(
        "participation/consultations/<slug:slug>/sent/",
        views.consultation_sent,
        name="participation-sent",
    ),
    path(
        "participation/consultations/<slug:slug>/confirm/<str:token>/",
        views.consultation_confirm,
        name="participation-confirm",
    ),
    path(
        "participation/consultations/<slug:slug>/results/",
        views.consultation_results,
        name="participation-results",
    ),
    path(
        "participation/consultations/<slug:slug>/results.csv",
        views.consultation_results_csv,
        name="participation-results-csv",
    ),
    path(
        "participation/documents/<slug:slug>/",
        views.document_detail,
        name="participation-document",
    ),
    path("participation/council/", views.council, name="participation-council"),
    path(
        "participation/council/recommendations/<int:pk>/",
        views.recommendation_detail,
        name="participation-recommendation",
    ),
    path("participation/register/", views.register, name="participation-register"),
    path("participation/register/sent/", views.register_sent, name="participation-register-sent"),
    path(
        "participation/register/confirm/<str:token>/",
        views.register_confirm,
        name="participation-register-confirm",
    ),
]
# Never saved by the page cache: consultations open and close with the clock, and the pages
# carry forms.
for pattern in urlpatterns:
    uncached(pattern.callback)
