"""Uploaded documents are checked for size, kind and content."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ciudadglobal.agreements.models import Agreement, AgreementDocument
from ciudadglobal.core.currencies import validate_currency
from ciudadglobal.core.validators import validate_document
from tests.admin_forms import inline_data, main_form_data
from tests.core.test_admin_pages import url

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"), [("texto.pdf", PDF), ("firma.PNG", PNG), ("texto.docx", docx())]
)
def test_accepted_documents(name, content):
    validate_document(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("programa.exe", b"MZ\x90\x00", "file_type"),
        ("sin-extension", PDF, "file_type"),
        ("disfrazado.pdf", b"MZ\x90\x00" + b"\x00" * 64, "file_content"),
        ("imagen.pdf", PNG, "file_content"),
        ("texto.html.pdf", b"<script>alert(1)</script>", "file_content"),
    ],
)
def test_refused_documents(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_document(SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_size_limit(settings):
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError) as error:
        validate_document(SimpleUploadedFile("texto.pdf", PDF))
    assert error.value.code == "file_too_large"


@pytest.mark.django_db
def test_the_admin_refuses_a_disguised_upload_and_keeps_the_rest(
    staff_client, agreement_factory, government
):
    agreement = agreement_factory(home_government=government)
    change_url = url(Agreement, "change", agreement.pk, language="en")
    page = staff_client.get(change_url)
    data = {**main_form_data(page), **inline_data(page), "title": "Título nuevo"}
    data.update(
        {
            "documents-TOTAL_FORMS": "1",
            "documents-0-kind": "signed_text",
            "documents-0-title": "Texto firmado",
            "documents-0-file": SimpleUploadedFile("texto.pdf", b"MZ\x90\x00" * 20),
        }
    )
    response = staff_client.post(change_url, data)
    assert response.status_code == 200
    assert "is not a .pdf document" in response.content.decode()
    assert 'value="Título nuevo"' in response.content.decode()
    assert not AgreementDocument.objects.exists()
    agreement.refresh_from_db()
    assert agreement.title != "Título nuevo"


@pytest.mark.parametrize("code", ["MXN", "EUR", "USD", ""])
def test_currencies(code):
    validate_currency(code)


def test_unknown_currency():
    with pytest.raises(ValidationError):
        validate_currency("XYZ")
