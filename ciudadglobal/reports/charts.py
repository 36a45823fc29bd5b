"""The report's charts: the portal's SVG bar charts (``portal.charts``) for the HTML and the
PDF, and the same bars drawn as PNG with Pillow for the DOCX (Word does not show SVG)."""

from __future__ import annotations

import io
from functools import cache

from django.utils.translation import gettext_lazy
from PIL import Image, ImageDraw, ImageFont

from ciudadglobal.portal.charts import Chart, ChartData, Row, Series

from .content import Figure

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _no_rows(*args, **kwargs) -> list[Row]:
    return []


def table_chart(id: str, title: str, row_header: str, figures: list[Figure]) -> ChartData | None:
    """A bar chart of a breakdown's figures (None when there is nothing to draw)."""
    if not figures:
        return None
    label = str(gettext_lazy("Records"))
    chart = Chart(
        id,
        title,
        "",
        row_header,
        (("count", label),),
        _no_rows,
    )
    rows = [Row(f.id, f.label, (int(f.value),), f.explore_url) for f in figures]
    return ChartData(chart, [Series("count", label, 1)], rows, id_prefix=f"chart-{id}")


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:  # no DejaVu on this machine: Pillow's own scalable font
        return ImageFont.load_default(size)


# Drawn at twice the size the document shows, so that it stays sharp when printed.
SCALE = 2
WIDTH = 640 * SCALE
ROW = 46 * SCALE
BAR = 20 * SCALE
PAD = 8 * SCALE
VALUE_SPACE = 64 * SCALE
BAR_COLOUR = (11, 92, 173)  # the first series colour of the portal, #0b5cad
TEXT_COLOUR = (26, 26, 26)


def chart_png(data: ChartData) -> bytes:
    """The bars of ``data`` as a PNG: each row's label above its bar, its value at the end.
    Deterministic: the same data always gives the same bytes."""
    rows = data.rows
    height = 2 * PAD + max(len(rows), 1) * ROW
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    largest = max((row.total for row in rows), default=0)
    scale = (WIDTH - 2 * PAD - VALUE_SPACE) / largest if largest else 0
    label_font, value_font = _font(13 * SCALE), _font(13 * SCALE)
    for index, row in enumerate(rows):
        top = PAD + index * ROW
        label = row.label if len(row.label) <= 80 else f"{row.label[:79]}…"
        draw.text((0, top), label, fill=TEXT_COLOUR, font=label_font)
        bar_top = top + 22 * SCALE
        draw.line([(1, bar_top - 2), (1, bar_top + BAR + 2)], fill=TEXT_COLOUR, width=SCALE)
        width = row.total * scale
        if width:
            draw.rectangle([(2, bar_top), (2 + width, bar_top + BAR)], fill=BAR_COLOUR)
        draw.text(
            (2 + width + 6 * SCALE, bar_top + 2 * SCALE),
            str(row.total),
            fill=TEXT_COLOUR,
            font=value_font,
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
