"""The public audit page, its downloadable files and its PDF report."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from coopilote.core.pdf import render_pdf
from coopilote.governance.models import Convention, Draw
from coopilote.governance.services import conventions as services
from coopilote.governance.services.conventions.draw import ever_drawn, published_draw
from coopilote.governance.views.conventions.common import convention_for


def _published(request: HttpRequest, pk: Any) -> Convention:
    convention = convention_for(request, pk)
    if not convention.is_published or not convention.publication:
        raise Http404
    return convention


def _slug(convention: Convention) -> str:
    return slugify(convention.title)[:60] or "convention"


def _download(convention: Convention, body: str, suffix: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_slug(convention)}-{suffix}"'
    return response


def _csv(rows: list[list[Any]]) -> str:
    # Plain CSV as the command line reads it: the values were checked when the categories
    # were defined (none starts like a formula), so nothing needs quoting for spreadsheets.
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _shell_python_list(values: list[str]) -> str:
    """A Python list literal, safe inside a shell's double quotes (the replay commands)."""
    return re.sub(r'(["$`\\])', r"\\\1", repr(values))


def _context(convention: Convention) -> dict[str, Any]:
    publication = convention.publication or {}
    verdict = services.verify(convention)
    draws = list(convention.draws.order_by("created_at", "pk").prefetch_related("contributions"))
    rows = publication.get("rows", [])
    probabilities = publication.get("probabilities", [])
    targets = publication.get("target_probabilities", [])
    drawn = ever_drawn(draws)
    pool = [
        {
            "number": row[0],
            "answers": row[1:],
            "probability": probabilities[index] if index < len(probabilities) else None,
            "target": targets[index] if index < len(targets) else None,
            "drawn": int(row[0]) in drawn,
        }
        for index, row in enumerate(rows)
    ]
    panel_draw = next((d for d in draws if d.kind == Draw.Kind.PANEL), None)
    return {
        "convention": convention,
        "publication": publication,
        "verdict": verdict,
        "draws": draws,
        "pending": services.pending_contributions(convention),
        "pool": pool,
        "columns": publication.get("columns", []),
        "panel_count": len(published_draw(convention).panels),
        "panel_draw": panel_draw,
        "seed_values": _shell_python_list(
            [c.value for c in services.in_seed(panel_draw.contributions.all())]
            if panel_draw
            else []
        ),
    }


@require_GET
def audit(request: HttpRequest, pk: Any) -> HttpResponse:
    convention = convention_for(request, pk)
    if not convention.is_published:
        return render(
            request, "governance/conventions/audit_unpublished.html", {"convention": convention}
        )
    return render(request, "governance/conventions/audit.html", _context(convention))


@require_GET
def pool_csv(request: HttpRequest, pk: Any) -> HttpResponse:
    convention = _published(request, pk)
    publication = convention.publication or {}
    body = _csv([publication["columns"], *publication["rows"]])
    return _download(convention, body, "vivier.csv", "text/csv")


@require_GET
def categories_csv(request: HttpRequest, pk: Any) -> HttpResponse:
    convention = _published(request, pk)
    publication = convention.publication or {}
    body = _csv([["category", "feature", "min", "max"], *publication["quotas"]])
    return _download(convention, body, "categories.csv", "text/csv")


@require_GET
def probabilities_csv(request: HttpRequest, pk: Any) -> HttpResponse:
    convention = _published(request, pk)
    publication = convention.publication or {}
    rows: list[list[Any]] = [["numero", "probabilite_loterie", "probabilite_algorithme"]]
    for row, lottery, target in zip(
        publication["rows"],
        publication["probabilities"],
        publication["target_probabilities"],
        strict=True,
    ):
        rows.append([row[0], f"{lottery:.6f}", f"{target:.6f}"])
    return _download(convention, _csv(rows), "probabilites.csv", "text/csv")


@require_GET
def draw_json(request: HttpRequest, pk: Any) -> HttpResponse:
    convention = _published(request, pk)
    publication = convention.publication or {}
    body = publication["draw"]
    if not isinstance(body, str):
        body = json.dumps(body)
    return _download(convention, body, "tirage.json", "application/json")


@require_GET
def audit_pdf(request: HttpRequest, pk: Any) -> HttpResponse:
    from weasyprint import CSS

    convention = _published(request, pk)
    context = _context(convention)
    context["base_url"] = request.build_absolute_uri("/").rstrip("/")
    # The categories' labels (« Tranche d’âge »), not their keys (« age »), for readers.
    labels = dict(convention.categories.values_list("key", "label"))
    context["quota_rows"] = [
        (labels.get(key, key), value, low, high)
        for key, value, low, high in context["publication"].get("quotas", [])
    ]
    html = render_to_string("governance/conventions/audit_pdf.html", context, request=request)
    stylesheet = CSS(string=render_to_string("governance/conventions/audit_pdf.css"))
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"), stylesheets=[stylesheet])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_slug(convention)}-audit.pdf"'
    return response
