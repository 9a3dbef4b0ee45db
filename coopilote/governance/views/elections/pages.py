"""The list of elections, a new election, and its record page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coopilote.core.abilities import get_object_for
from coopilote.governance.forms.elections import (
    ElectionForm,
)
from coopilote.governance.models import Election
from coopilote.governance.services import elections as services
from coopilote.governance.views.elections.common import (
    detail,
    election_for,
    members_of,
    person_of,
)
from coopilote.members.current import current_union
from coopilote.members.models import Body, Person, UnionRole


@require_GET
def election_list(request: HttpRequest) -> HttpResponse:
    union = current_union(request)
    elections: list[Election] = []
    if union is not None:
        elections = list(
            Election.objects.filter(body__union=union, body__cooperative=None)
            .select_related("body", "role", "facilitator")
            .order_by("-created_at")
        )
    return render(
        request, "governance/elections/list.html", {"union": union, "elections": elections}
    )


@login_required
@require_http_methods(["GET", "POST"])
def election_create(request: HttpRequest, pk: Any) -> HttpResponse:
    body = get_object_for(request.user, Body.objects.select_related("union"), "change", pk=pk)
    me = person_of(request)
    staff = UnionRole.objects.filter(union=body.union_id).values("person_id")
    people = Person.objects.filter(
        pk__in=[*members_of(body).values_list("pk", flat=True), *([me.pk] if me else [])]
    ) | Person.objects.filter(pk__in=staff)
    form = ElectionForm(
        request.POST or None,
        roles=body.roles.order_by("name"),
        people=people.distinct().order_by("last_name", "first_name"),
        initial={"facilitator": me.pk if me else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            election = services.start(
                request.user,
                data["role"],
                data["facilitator"],
                data["term_start"],
                data["term_end"],
                data["deadline"],
            )
        except services.ElectionError as error:
            form.add_error(None, str(error))
        else:
            if data["deadline"] is None:
                messages.success(request, _("The nomination round is open."))
            else:
                messages.success(
                    request, _("The nomination round is open: the members are told by e-mail.")
                )
            return redirect("governance:election", pk=election.pk)
    return render(request, "governance/elections/form.html", {"form": form, "body": body})


@require_GET
def election_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    return detail(request, election_for(request, pk))
