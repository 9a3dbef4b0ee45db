"""The letter as files: DOCX (python-docx) and PDF (WeasyPrint with ``static/roadmap/letter.css``).

Both follow the French letter layout: the sender (the union) top left, the recipient on the
right, place and date, « Objet : … », the salutation, the body with the themes as headings and
the proposals as bullets, the conclusion, then the signatures side by side.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.text import slugify

from coopilote.core.pdf import render_pdf
from coopilote.roadmap.models import Letter
from coopilote.roadmap.services.letters import LetterSection, letter_body, place_and_date

STYLESHEET = Path(__file__).resolve().parent / "static" / "roadmap" / "letter.css"
# Letter words, French whatever the interface language: the letter is written in French.
SUBJECT_PREFIX = "Objet\u00a0: "
# The PDF prints with DejaVu Serif (on the server); the Word file is edited on the union's
# computers, so it names a serif font they have.
DOCX_FONT = "Georgia"


def filename(letter: Letter, extension: str) -> str:
    stem = slugify(f"courrier-{letter.union.short_name or letter.union.name}-{letter.date}")
    return f"{stem or 'courrier'}.{extension}"


def letter_context(letter: Letter) -> dict[str, Any]:
    return {
        "letter": letter,
        "sections": letter_body(letter),
        "place_and_date": place_and_date(letter),
        "subject_prefix": SUBJECT_PREFIX,
    }


def to_pdf(letter: Letter, context: dict[str, Any] | None = None) -> bytes:
    from weasyprint import CSS

    html = render_to_string("roadmap/letter_pdf.html", context or letter_context(letter))
    return render_pdf(
        html, base_url=str(STYLESHEET.parent), stylesheets=[CSS(filename=str(STYLESHEET))]
    )


def to_docx(letter: Letter, sections: list[LetterSection] | None = None) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    sections = letter_body(letter) if sections is None else sections
    document = Document()
    page = document.sections[0]
    page.page_width, page.page_height = Cm(21), Cm(29.7)
    page.left_margin, page.right_margin = Cm(2.5), Cm(2.2)
    page.top_margin, page.bottom_margin = Cm(2), Cm(2)
    normal = document.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(10.5)
    heading = document.styles["Heading 2"]
    heading.font.name = DOCX_FONT
    heading.font.size = Pt(11)
    heading.font.color.rgb = RGBColor(0x11, 0x11, 0x11)
    # Word's heading styles name theme fonts, which win over the font set above.
    fonts = heading.element.rPr.rFonts
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)

    def paragraph(text: str = "", *, bold: bool = False, align: Any = None, after: int = 6) -> Any:
        made = document.add_paragraph()
        if text:
            made.add_run(text).bold = bold
        if align is not None:
            made.alignment = align
        made.paragraph_format.space_after = Pt(after)
        return made

    sender = paragraph(letter.union.name, bold=True, after=0)
    union = letter.union
    for line in [*union.address_lines, union.contact_email, union.website]:
        if line:
            sender.add_run("\n" + line).bold = False
    recipient = paragraph(letter.recipient, after=18)
    for line in letter.recipient_address_lines:
        recipient.add_run("\n" + line)
    recipient.paragraph_format.left_indent = Cm(9)
    recipient.paragraph_format.space_before = Pt(24)
    paragraph(place_and_date(letter), align=WD_ALIGN_PARAGRAPH.RIGHT, after=18)
    subject = paragraph(after=12)
    subject.add_run(SUBJECT_PREFIX).bold = True
    subject.add_run(letter.subject)
    paragraph(letter.salutation, after=12)
    for text in letter.introduction_paragraphs:
        paragraph(text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    for section in sections:
        document.add_heading(section.title, level=2)
        for item in section.items:
            bullet = document.add_paragraph(item.text, style="List Bullet")
            for sub_item in item.sub_items:
                document.add_paragraph(sub_item, style="List Bullet 2")
            for note in item.notes:
                bullet.add_run("\n" + note).italic = True
    for text in letter.conclusion_paragraphs:
        paragraph(text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    signatories = letter.signatory_list
    if signatories:
        paragraph(after=12)
        table = document.add_table(rows=1, cols=len(signatories))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, signatory in zip(table.rows[0].cells, signatories, strict=True):
            title = cell.paragraphs[0]
            title.alignment = WD_ALIGN_PARAGRAPH.CENTER
            title.add_run(signatory["title"])
            name = cell.add_paragraph()
            name.alignment = WD_ALIGN_PARAGRAPH.CENTER
            name.paragraph_format.space_before = Pt(36)
            name.add_run(signatory["name"]).bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
