"""The minutes (PDF), and what they are drawn from."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from coopilote.core.pdf import render_pdf
from coopilote.governance.models import Assembly
from coopilote.governance.services import assemblies as services
from coopilote.governance.views.assemblies.common import assembly_for


def minutes_context(assembly: Assembly) -> dict[str, Any]:
    signatories = services.presidency(assembly.body, assembly.held_on)
    return {
        "assembly": assembly,
        "quorum": services.quorum(assembly),
        "resolutions": list(assembly.resolutions.select_related("rule")),
        "voters": assembly.voters.count(),
        "proxies": assembly.proxies.count(),
        "signatories": signatories,
        "co_presidency": len(signatories) > 1,
    }


@login_required
@require_GET
def assembly_minutes(request: HttpRequest, pk: Any) -> HttpResponse:
    from weasyprint import CSS

    assembly = assembly_for(request, pk, "minutes")
    html = render_to_string(
        "governance/assemblies/minutes_pdf.html", minutes_context(assembly), request=request
    )
    stylesheet = CSS(string=render_to_string("governance/assemblies/minutes_pdf.css"))
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"), stylesheets=[stylesheet])
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(assembly.title)[:60] or "assemblee"
    response["Content-Disposition"] = f'attachment; filename="{name}-proces-verbal.pdf"'
    return response
