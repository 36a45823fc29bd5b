"""The back-office pages: upload → preview → confirm, templates, progress, and refusals."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from ciudadglobal.actors.models import Actor
from ciudadglobal.agreements.models import Agreement
from ciudadglobal.imports.entities import ENTITIES
from ciudadglobal.imports.models import ImportJob, JobStatus
from ciudadglobal.imports.reading import read_table
from tests import factories as f

from .conftest import csv_bytes
from .test_rows import GOOD

pytestmark = pytest.mark.django_db

LIST = "imports:job-list"


def upload(client, data: bytes, name="agreements.csv", entity="agreements", **kwargs):
    file = SimpleUploadedFile(name, data)
    return client.post(reverse(LIST, **kwargs), {"entity": entity, "file": file})


def test_upload_preview_confirm(
    staff_client, government, registry, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(staff_client, csv_bytes(GOOD))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert job.status == JobStatus.PREVIEWED
    assert (job.total, job.processed) == (2, 2)
    assert Agreement.objects.count() == 0

    page = staff_client.get(job.get_absolute_url())
    assert page.status_code == 200
    assert "Hermanamiento con París (2014)" in page.content.decode()
    assert reverse("imports:job-confirm", args=[job.pk]) in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("imports:job-confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.counts["create"] == 2
    assert Agreement.objects.for_government(government).count() == 2
    history = Agreement.history.first()
    assert history.history_user.username == "ana"
    assert "agreements.csv" in history.history_change_reason


def test_a_file_with_errors_cannot_be_confirmed(
    staff_client, registry, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(staff_client, csv_bytes([{**GOOD[0], "signed": "ayer"}]))
    job = ImportJob.objects.get()
    assert job.status == JobStatus.INVALID
    assert job.errors[0]["row"] == 2 and job.errors[0]["column"] == "signed"

    page = staff_client.get(job.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es")
    assert reverse("imports:job-confirm", args=[job.pk]) not in page.content.decode()
    staff_client.post(reverse("imports:job-confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.INVALID
    assert Agreement.objects.count() == 0


def test_progress_is_json(staff_client, registry, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(staff_client, csv_bytes(GOOD))
    job = ImportJob.objects.get()

    progress = staff_client.get(reverse("imports:job-progress", args=[job.pk])).json()

    assert progress == {
        "status": "previewed",
        "status_label": str(JobStatus.PREVIEWED.label),
        "done": 2,
        "total": 2,
        "running": False,
    }


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("records.txt", b"a,b\n", "file_type"),
        ("records.xlsx", b"key,title\nx,y\n", "file_content"),
        ("records.csv", b"%PDF-1.4\n" + bytes(100), "file_content"),
        ("records.csv", "clé,título\n".encode("latin-1"), "encoding"),
    ],
)
def test_uploads_are_checked(staff_client, registry, name, data, code):
    response = upload(staff_client, data, name=name)

    assert response.status_code == 200
    assert ImportJob.objects.count() == 0
    assert response.context["form"].has_error("file", code)


def test_too_large_uploads_are_refused(staff_client, registry, settings):
    settings.UPLOAD_MAX_BYTES = 10
    response = upload(staff_client, csv_bytes(GOOD))

    assert response.context["form"].has_error("file", "file_too_large")


@pytest.mark.parametrize("entity", sorted(ENTITIES))
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_templates_reimport_cleanly(
    staff_client, government, registry, entity, fmt, django_capture_on_commit_callbacks
):
    response = staff_client.get(reverse("imports:template", args=[entity, fmt]))
    assert response.status_code == 200
    data = response.content
    table = read_table(data, f"{entity}.{fmt}")
    assert table.header == [column.name for column in ENTITIES[entity].columns]
    assert len(table.rows) == 1  # the example; the help row is skipped
    if fmt == "xlsx":
        guide = load_workbook(io.BytesIO(data)).worksheets[1]
        assert guide.max_row == len(ENTITIES[entity].columns) + 1

    model = ENTITIES[entity].model
    before = model.objects.for_government(government).count()
    with django_capture_on_commit_callbacks(execute=True):
        upload(staff_client, data, name=f"{entity}.{fmt}", entity=entity)
    job = ImportJob.objects.get()
    assert job.errors == []
    assert job.counts == {"create": 1, "update": 0, "unchanged": 0, "error": 0}
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("imports:job-confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert model.objects.for_government(government).count() == before + 1


def test_the_admin_links_to_imports(staff_client):
    page = staff_client.get(reverse("admin:index"))

    assert reverse(LIST) in page.content.decode()


def test_the_pages_speak_english(staff_client, registry):
    page = staff_client.get(reverse(LIST).replace("/imports/", "/en/imports/"))

    assert "Upload a file" in page.content.decode()


# Refusals -------------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(reverse(LIST))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_staff_of_another_government_cannot_see_a_job(
    staff_client, client, other_staff, registry, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(staff_client, csv_bytes(GOOD))
    job = ImportJob.objects.get()
    client.force_login(other_staff)

    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("imports:job-progress", args=[job.pk])).status_code == 404
    assert client.post(reverse("imports:job-confirm", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == JobStatus.PREVIEWED
    assert Agreement.objects.count() == 0


def test_another_user_of_the_same_government_cannot_confirm_a_job(
    staff_client, client, government, registry, django_capture_on_commit_callbacks
):
    from tests.conftest import make_staff

    with django_capture_on_commit_callbacks(execute=True):
        upload(staff_client, csv_bytes(GOOD))
    job = ImportJob.objects.get()
    client.force_login(make_staff(government, username="carla"))

    assert client.post(reverse("imports:job-confirm", args=[job.pk])).status_code == 404
    assert Agreement.objects.count() == 0


def test_a_user_without_permission_is_refused(client, government, registry):
    user = f.UserFactory(username="dora")
    f.StaffMembershipFactory(user=user, home_government=government)
    user.user_permissions.set(Permission.objects.filter(codename="add_agreement"))
    client.force_login(user)

    assert client.get(reverse(LIST)).status_code == 403
    assert client.get(reverse("imports:template", args=["agreements", "csv"])).status_code == 403
    assert upload(client, csv_bytes(GOOD)).status_code == 403
    assert ImportJob.objects.count() == 0


def test_a_user_may_import_only_what_they_may_change(client, government, registry):
    user = f.UserFactory(username="eva")
    f.StaffMembershipFactory(user=user, home_government=government)
    user.user_permissions.set(Permission.objects.filter(codename__in=["add_actor", "change_actor"]))
    client.force_login(user)

    page = client.get(reverse(LIST))
    assert [value for value, _label in page.context["form"].fields["entity"].choices] == ["actors"]
    response = upload(client, csv_bytes(GOOD))
    assert response.status_code == 200
    assert response.context["form"].has_error("entity", "invalid_choice")
    assert Actor.objects.filter(dataset_key="a-paris").count() == 0
