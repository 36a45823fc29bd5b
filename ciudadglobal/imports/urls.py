from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.job_list, name="job-list"),
    path("<uuid:pk>/", views.job_detail, name="job-detail"),
    path("<uuid:pk>/confirm/", views.job_confirm, name="job-confirm"),
    path("<uuid:pk>/progress/", views.job_progress, name="job-progress"),
    path("templates/<str:entity>.<str:fmt>", views.template_download, name="template"),
]
