"""The board (or staff) puts chosen proposals of a congress to a prioritisation vote."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coopilote.core.abilities import get_object_for
from coopilote.roadmap.forms import PrioritiseForm
from coopilote.roadmap.models import Congress
from coopilote.roadmap.services import create_prioritisation_poll


@login_required
@require_http_methods(["GET", "POST"])
def congress_prioritise(request: HttpRequest, pk: Any) -> HttpResponse:
    congress = get_object_for(
        request.user, Congress.objects.select_related("union"), "change", pk=pk
    )
    now = timezone.localtime().replace(second=0, microsecond=0)
    opens = now + datetime.timedelta(hours=1)
    initial = {
        "title": _("Priorities — %(congress)s") % {"congress": congress.name},
        "opens_at": opens,
        "closes_at": opens + datetime.timedelta(days=14),
        "proposals": request.GET.getlist("proposals")
        or [str(pk) for pk in congress.proposals.active().values_list("pk", flat=True)],
    }
    form = PrioritiseForm(request.POST or None, congress=congress, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            poll = create_prioritisation_poll(
                request.user,
                congress,
                list(data["proposals"]),
                data["title"],
                data["opens_at"],
                data["closes_at"],
                data["description"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The vote is created as a draft: check it, then open it to the members.")
            )
            return redirect(poll)
    return render(request, "roadmap/prioritise.html", {"congress": congress, "form": form})
