"""The PDFs handed out are tagged PDF/UA-1: a screen reader finds their structure, language and
title (RGAA)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from coopilote.core.pdf import render_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils missing")

PAGE = (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
    "<title>Procès-verbal — AG 2026</title></head>"
    "<body><h1>Procès-verbal</h1><p>Résolution adoptée.</p></body></html>"
)


def info(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(  # noqa: S603
        ["pdfinfo", str(path)],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in out.splitlines())
    }


def objects(pdf: bytes) -> bytes:
    """The PDF's objects, those packed in compressed streams (PDF 1.5+) unpacked."""
    unpacked = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            unpacked.append(zlib.decompress(stream))
        except zlib.error:
            continue  # a font or an image: not objects
    return b"\n".join(unpacked)


def test_a_pdf_is_tagged_with_its_title_and_language(tmp_path):
    pdf = render_pdf(PAGE, base_url=str(tmp_path))
    found = info(pdf, tmp_path)
    assert found["Tagged"] == "yes"
    assert found["Title"] == "Procès-verbal — AG 2026"
    unpacked = objects(pdf)
    assert b"/Lang (fr)" in unpacked
    assert b"<pdfuaid:part>1</pdfuaid:part>" in unpacked or b'pdfuaid:part="1"' in unpacked


def test_every_pdf_of_the_platform_is_drawn_by_render_pdf():
    import coopilote

    root = Path(coopilote.__file__).parent
    direct = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "write_pdf(" in path.read_text(encoding="utf-8")
        and path.name != "pdf.py"
        and "tests" not in path.parts
    ]
    assert direct == []
