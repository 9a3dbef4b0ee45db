"""The letter to the national direction (preview, editing, DOCX and PDF) and the national view."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopilote.core.abilities import get_object_for
from coopilote.roadmap import documents, national
from coopilote.roadmap.forms import LetterForm
from coopilote.roadmap.models import Congress, Letter, Roadmap
from coopilote.roadmap.services import create_letter, update_letter

FILE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
LETTER_FIELDS = (
    "recipient",
    "recipient_address",
    "subject",
    "salutation",
    "introduction",
    "conclusion",
    "place",
    "date",
    "published",
)


def _letter(request: HttpRequest, pk: Any, action: str) -> Letter:
    return get_object_for(
        request.user,
        Letter.objects.select_related("union", "roadmap", "congress"),
        action,
        pk=pk,
    )


@login_required
@require_POST
def roadmap_letter_create(request: HttpRequest, pk: Any) -> HttpResponse:
    roadmap = get_object_for(
        request.user, Roadmap.objects.select_related("union", "congress"), "change", pk=pk
    )
    letter = create_letter(request.user, roadmap=roadmap)
    messages.success(request, _("Letter drafted: check it, then publish it."))
    return redirect(letter)


@login_required
@require_POST
def congress_letter_create(request: HttpRequest, pk: Any) -> HttpResponse:
    congress = get_object_for(
        request.user, Congress.objects.select_related("union"), "change", pk=pk
    )
    letter = create_letter(request.user, congress=congress)
    messages.success(request, _("Letter drafted: check it, then publish it."))
    return redirect(letter)


@require_GET
def letter_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    letter = _letter(request, pk, "view")
    context = documents.letter_context(letter)
    return render(request, "roadmap/letter_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def letter_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    letter = _letter(request, pk, "change")
    form = LetterForm(request.POST or None, instance=letter)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        stored = Letter.objects.get(pk=letter.pk)
        try:
            update_letter(
                request.user,
                stored,
                signatories=data["signatory_lines"],
                **{name: data[name] for name in LETTER_FIELDS},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Letter saved."))
            return redirect(stored)
    return render(request, "roadmap/letter_form.html", {"letter": letter, "form": form})


@require_GET
def letter_download(request: HttpRequest, pk: Any, fmt: str) -> HttpResponse:
    letter = _letter(request, pk, "export")
    if fmt not in FILE_TYPES:
        raise Http404
    body = documents.to_pdf(letter) if fmt == "pdf" else documents.to_docx(letter)
    response = HttpResponse(body, content_type=FILE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(letter, fmt)}"'
    return response


@require_GET
def national_view(request: HttpRequest) -> HttpResponse:
    themes = national.national_themes()
    unions = {ask.union.pk: ask.union for theme in themes for ask in theme.asks}
    context = {
        "themes": themes,
        "letters": national.published_letters(),
        "union_count": len(unions),
        "proposal_count": sum(theme.proposal_count for theme in themes),
    }
    return render(request, "roadmap/national.html", context)
