"""Server-side SVG charts (pygal) for the dashboards, embedded as data: images.

pygal always writes an inline <script> with its tooltip configuration (and, unless `js=[]`, a <script
src> from a CDN). Both are removed here, so a chart is static SVG; so are the <desc> elements that only
feed those tooltips (a third of a chart's bytes). The SVG is embedded as an
<img src="data:image/svg+xml,…">: the page's CSP allows data: images, an SVG image never runs scripts
nor loads anything, and its own <style> element (pygal's colours) applies inside the image without
needing 'unsafe-inline' on the page. No request leaves the page for a chart. The SVG is percent-encoded
only where a URL or a double-quoted attribute needs it, not base64 (which adds a third), so a city
dashboard's six charts stay well within the page-weight budget.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

FONT_FAMILY = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif"
COLOURS = ("#b5232a", "#1f5f99", "#2e8540", "#d98c00", "#6b4c9a", "#5b6673")
STYLE = Style(
    font_family=FONT_FAMILY,
    label_font_family=FONT_FAMILY,
    major_label_font_family=FONT_FAMILY,
    value_font_family=FONT_FAMILY,
    value_label_font_family=FONT_FAMILY,
    tooltip_font_family=FONT_FAMILY,
    title_font_family=FONT_FAMILY,
    legend_font_family=FONT_FAMILY,
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1d2733",
    foreground_strong="#1d2733",
    foreground_subtle="#5b6673",
    colors=COLOURS,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
    title_font_size=15,
)
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>|<script\b[^>]*/>", re.DOTALL | re.IGNORECASE)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
TOOLTIP_TEXT = re.compile(r"<desc\b[^>]*>.*?</desc>", re.DOTALL)
URI_UNSAFE = re.compile(r'[%#<>"&\s]')

Series = Sequence[tuple[str, Sequence[float | None]]]


def _config(**overrides: object) -> dict[str, object]:
    config: dict[str, object] = {
        "js": [],  # no tooltip script from a CDN
        "style": STYLE,
        "width": 760,
        "height": 380,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 3,
        "show_y_guides": True,
        "truncate_legend": -1,
        "truncate_label": 24,
        "print_values": False,
        "disable_xml_declaration": True,
        "no_data_text": "—",
    }
    config.update(overrides)
    return config


def clean_svg(svg: str) -> str:
    """pygal's SVG without any <script> element, comment or tooltip text."""
    return TOOLTIP_TEXT.sub("", COMMENT.sub("", SCRIPT.sub("", svg)))


def svg_data_uri(svg: str) -> SafeString:
    """A data: URI of the SVG, safe inside a double-quoted HTML attribute: %, #, <, >, " and & are
    percent-encoded, whitespace becomes a space; everything else, CJK included, stays as it is."""

    def encode(match: re.Match[str]) -> str:
        char = match.group(0)
        return " " if char.isspace() else f"%{ord(char):02X}"

    return mark_safe("data:image/svg+xml," + URI_UNSAFE.sub(encode, svg))


def _render(chart: pygal.graph.graph.Graph) -> str:
    return svg_data_uri(clean_svg(chart.render(is_unicode=True)))


def bar_chart(
    labels: Sequence[str], series: Series, *, horizontal: bool = False, title: str | None = None
) -> str:
    """A (horizontal) bar chart as a data: URI; None values are drawn as gaps (suppressed cells)."""
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    height = max(320, 70 + 26 * len(labels) * max(1, len(series))) if horizontal else 380
    chart = kind(**_config(height=min(height, 1400), x_label_rotation=0 if horizontal else 30))
    if title:
        chart.title = title
    chart.x_labels = [str(label) for label in labels]
    for name, values in series:
        chart.add(name, list(values))
    return _render(chart)


def line_chart(labels: Sequence[str], series: Series, *, title: str | None = None) -> str:
    """A daily trend as a data: URI; labels thinned so at most about twelve dates are written."""
    chart = pygal.Line(
        **_config(
            x_label_rotation=30,
            show_minor_x_labels=False,
            dots_size=2,
            show_dots=len(labels) <= 62,
        )
    )
    if title:
        chart.title = title
    chart.x_labels = [str(label) for label in labels]
    step = max(1, len(labels) // 12)
    chart.x_labels_major = [str(label) for label in labels[::step]]
    for name, values in series:
        chart.add(name, list(values))
    return _render(chart)
