"""Voting: proxies, the ballot, and checking a receipt."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from coopilote.core.abilities import get_object_for
from coopilote.governance.forms.assemblies import (
    BallotForm,
    ProxyForm,
    RecordedProxyForm,
)
from coopilote.governance.models import Proxy, Resolution, Voter
from coopilote.governance.models.assemblies import ResolutionParticipation
from coopilote.governance.services import assemblies as services
from coopilote.governance.views.assemblies.common import assembly_for, detail
from coopilote.members.models import Person
from coopilote.members.roles import roles_of
from coopilote.voting.forms import ReceiptForm


@login_required
@require_http_methods(["GET", "POST"])
def assembly_proxy(request: HttpRequest, pk: Any) -> HttpResponse:
    """A voter gives their proxy; the body's manager records a paper one."""
    assembly = assembly_for(request, pk, "proxy")
    manage = assembly.abilities(request.user)["manage"]
    person_id = roles_of(request.user).person_id
    own = (
        Voter.objects.filter(assembly=assembly, person_id=person_id).first() if person_id else None
    )
    # The manager records others' proxies: their own line's state is not the page's subject.
    refusal = services.own_proxy_refusal(own) if own is not None and not manage else None
    data = request.POST or None
    form: RecordedProxyForm | ProxyForm | None = None
    if manage:
        form = RecordedProxyForm(assembly, data)
    elif own is None:  # pragma: no cover - the "proxy" ability requires one of both
        raise PermissionDenied
    elif refusal is None:
        form = ProxyForm(assembly, own, data)
    elif request.method == "POST":
        # No form was offered: the refusal is said in words, not by errors of a hidden form.
        messages.error(request, refusal)
        return detail(assembly)
    if request.method == "POST" and form is not None and form.is_valid():
        giver = form.cleaned_data.get("giver") or own
        if giver is None:  # pragma: no cover - the form requires a giver from a manager
            raise PermissionDenied
        try:
            services.give_proxy(request.user, assembly, giver, form.cleaned_data["holder"])
        except services.AssemblyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The proxy is recorded."))
            return detail(assembly)
    context = {"assembly": assembly, "form": form, "refusal": refusal, "manage": manage}
    return render(request, "governance/assemblies/proxy.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def resolution_vote(request: HttpRequest, pk: Any, voter: Any) -> HttpResponse:
    """Vote on a resolution for the line ``voter``: one's own, or a proxy one holds."""
    resolution = get_object_for(
        request.user, Resolution.objects.select_related("assembly__body"), "vote", pk=pk
    )
    assembly = resolution.assembly
    person_id = roles_of(request.user).person_id
    line = (
        Voter.objects.filter(assembly=assembly, pk=voter)
        .select_related("person", "college")
        .first()
    )
    if line is None or person_id is None:
        raise PermissionDenied
    proxy = line.person_id != person_id
    if proxy and not Proxy.objects.filter(giver=line, holder__person_id=person_id).exists():
        raise PermissionDenied
    person = Person.objects.get(pk=person_id)
    # Bound on any POST, even an empty one (no radio button chosen): it is refused, with why.
    form = BallotForm(resolution, request.POST if request.method == "POST" else None)
    # The émargement says this line voted (never how): no second form to fill in for nothing.
    voted = (
        ResolutionParticipation.objects.filter(resolution=resolution, voter=line)
        .select_related("cast_by__person")
        .first()
    )
    if request.method == "POST" and voted is None and form.is_valid():
        try:
            receipt = services.cast_vote(
                person,
                resolution,
                choice=form.cleaned_data.get("choice", ""),
                grades=form.grades(),
                for_voter=line if proxy else None,
            )
        except services.VotingError as error:
            form.add_error(None, str(error))
        else:
            # Rendered in answer to the POST, never stored nor redirected to: shown once. An
            # open ballot hands out no receipt: the minutes say who voted what.
            context: dict[str, Any] = {"assembly": assembly, "resolution": resolution}
            context.update(line=line, proxy=proxy)
            if assembly.secret:
                context.update(receipt=receipt, fingerprint=services.receipt_hash(receipt))
            return render(request, "governance/assemblies/receipt.html", context)
    page = {"resolution": resolution, "assembly": assembly, "form": form, "line": line}
    page.update(proxy=proxy, voted=voted)
    return render(request, "governance/assemblies/vote.html", page)


@login_required
@require_http_methods(["GET", "POST"])
def receipt_check(request: HttpRequest, pk: Any) -> HttpResponse:
    assembly = assembly_for(request, pk, "check_receipt")
    # POST, so that a receipt never lands in a URL, a server log or the browser history.
    form = ReceiptForm(request.POST or None)
    found: Resolution | None = None
    checked = False
    if request.method == "POST" and form.is_valid():
        checked = True
        found = services.check_receipt(assembly, form.cleaned_data["receipt"])
    context = {"assembly": assembly, "form": form, "found": found, "checked": checked}
    return render(request, "governance/assemblies/receipt_check.html", context)
