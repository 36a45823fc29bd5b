from django.urls import path

from . import views

app_name = "agreements"
urlpatterns = [
    path("<path:name>", views.document_download, name="document-download"),
]
