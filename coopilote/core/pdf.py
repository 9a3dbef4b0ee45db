"""Every PDF the platform hands out, drawn by WeasyPrint as tagged PDF/UA-1.

A union publishes its letters, minutes and results to everyone, screen-reader users included
(RGAA): the tags carry the headings, lists and tables, the language and the title a reader
announces. PDF/UA-1 also embeds the fonts, so the document reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

VARIANT = "pdf/ua-1"


def render_pdf(html: str, *, base_url: str, stylesheets: Sequence[Any] = ()) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango is slow and only PDFs need it

    document = HTML(string=html, base_url=base_url)
    return bytes(document.write_pdf(stylesheets=list(stylesheets), pdf_variant=VARIANT))
