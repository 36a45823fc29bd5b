"""A report's three formats from one content: HTML (the one template), PDF (WeasyPrint, from
that same HTML with a print stylesheet) and DOCX (python-docx, the same sections, tables and
charts, the charts as PNG)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from ciudadglobal.core.models import localized

from .charts import chart_png
from .content import ReportContent

PRINT_STYLESHEET = "reports/report-print.css"
#: The rules of the portal's chart stylesheet that colour the SVG drawing itself.
SVG_RULE = re.compile(r"^\.chart-(?:label|value|inside|axis|bar|s\d+) \{[^}]*\}", re.MULTILINE)


@cache
def svg_style() -> str:
    """The SVG rules of ``portal/charts.css``, for a ``<style>`` inside each printed chart:
    WeasyPrint styles an SVG only from its own stylesheets."""
    with open(finders.find("portal/charts.css"), encoding="utf-8") as handle:
        return " ".join(SVG_RULE.findall(handle.read()))


def render_body(content: ReportContent, report=None) -> str:
    """The report as an HTML fragment (an ``<article>``): what the portal shows and the PDF
    prints."""
    return render_to_string(
        "reports/report_body.html",
        {
            "content": content,
            "report": report,
            "figures": list(content.figures()),
            "government_name": localized(content.government, "name"),
        },
    )


def render_document(content: ReportContent, body: str) -> str:
    """The fragment as a whole HTML document, for printing."""
    return render_to_string(
        "reports/report_print.html",
        {
            "content": content,
            "body": body,
            "government_name": localized(content.government, "name"),
        },
    )


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int


def render_pdf(content: ReportContent, body: str) -> Pdf:
    """The printed report; links resolve against ``SITE_URL`` so that they work in the file."""
    from weasyprint import CSS, HTML

    stylesheets = [CSS(filename=finders.find(PRINT_STYLESHEET))]
    document = HTML(string=render_document(content, body), base_url=settings.SITE_URL).render(
        stylesheets=stylesheets
    )
    return Pdf(document.write_pdf(), len(document.pages))


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{url}" if url.startswith("/") else url


def _add_table(document: Document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.text = text
            if index and len(values) == 2:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def render_docx(content: ReportContent, report=None, *, when: datetime | None = None) -> bytes:
    """The report as a Word document: the same sections, figures, tables, charts (PNG drawn
    from the same rows), records and method as the HTML."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)
    properties = document.core_properties
    properties.title = content.title
    properties.author = localized(content.government, "name")
    if when is not None:  # fixed, so the same report gives the same file
        properties.created = properties.modified = when.replace(microsecond=0, tzinfo=None)
    properties.revision = report.version if report else 1

    document.add_paragraph(localized(content.government, "name")).runs[0].bold = True
    document.add_heading(content.title, level=0)
    document.add_paragraph(content.subtitle)
    meta = [
        (_("Period"), f"{content.period_start.isoformat()} – {content.period_end.isoformat()}"),
        (_("Computed from the registry on"), content.computed_on.isoformat()),
    ]
    if report is not None:
        meta.append((_("Version"), str(report.version)))
        if report.change_log:
            meta.append((_("Changes from the previous version"), report.change_log))
    for label, value in meta:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)

    for section in content.sections:
        document.add_heading(section.title, level=1)
        if section.intro:
            document.add_paragraph(section.intro)
        if section.figures:
            document.add_paragraph(_("Key figures: %(title)s") % {"title": section.title}).runs[
                0
            ].bold = True
            _add_table(
                document,
                [_("Figure"), _("Value")],
                [[figure.label, figure.display] for figure in section.figures],
            )
        for table in section.tables:
            if table.chart is not None:
                document.add_picture(io.BytesIO(chart_png(table.chart)), width=Cm(16))
            document.add_paragraph(table.caption).runs[0].bold = True
            _add_table(document, table.header, [[cell.text for cell in row] for row in table.rows])
            if table.note:
                document.add_paragraph(table.note).runs[0].italic = True
        if not section.figures and not section.tables and section.empty:
            document.add_paragraph(section.empty)

    document.add_heading(_("Records behind the figures"), level=1)
    document.add_paragraph(
        _(
            "Each figure of the report, with the public records it counts. Each record links "
            "to its page on the portal."
        )
    )
    for figure in content.figures():
        document.add_heading(f"{figure.label}: {figure.display}", level=2)
        if figure.explore_url:
            document.add_paragraph(
                f"{_('Explore these records on the portal')}: {_absolute(figure.explore_url)}"
            )
        if not figure.records:
            document.add_paragraph(_("No record."))
        for record in figure.records:
            text = f"{record.label} — {_absolute(record.url)}" if record.url else record.label
            document.add_paragraph(text, style="List Bullet")

    document.add_heading(_("Method"), level=1)
    for note in content.method:
        document.add_paragraph(note, style="List Bullet")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
