"""Conducting an assembly: the list of voters and their presence, the resolutions, opening
and closing the vote."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from coopilote.core.abilities import get_object_for
from coopilote.governance.forms.assemblies import (
    ResolutionForm,
    VoterForm,
)
from coopilote.governance.models import Assembly, Proxy, Voter
from coopilote.governance.services import assemblies as services
from coopilote.governance.views.assemblies.common import assembly_for, detail
from coopilote.governance.views.confirm import confirm


@login_required
@require_http_methods(["GET", "POST"])
def assembly_roll(request: HttpRequest, pk: Any) -> HttpResponse:
    """The roll (voters, colleges, presence, proxies); its manager adds voters while preparing."""
    assembly = assembly_for(request, pk, "roll")
    can_add = assembly.abilities(request.user)["change"]
    form = None
    if can_add:
        form = VoterForm(
            assembly, services.candidates_for_roll(assembly.body), request.POST or None
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.add_voter(
                    request.user,
                    assembly,
                    form.cleaned_data["person"],
                    form.cleaned_data["college"],
                )
            except services.AssemblyError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Added to the roll."))
                return redirect("governance:assembly_roll", pk=assembly.pk)
    voters = assembly.voters.select_related("person", "college").order_by(
        "college__name", "person__last_name", "person__first_name"
    )
    proxies = {
        proxy.giver_id: proxy.holder
        for proxy in Proxy.objects.filter(assembly=assembly).select_related("holder__person")
    }
    context = {
        "assembly": assembly,
        "voters": [(voter, proxies.get(voter.pk)) for voter in voters],
        "form": form,
        "quorum": services.quorum(assembly),
    }
    return render(request, "governance/assemblies/roll.html", context)


@login_required
@require_POST
def voter_presence(request: HttpRequest, pk: Any, voter: Any) -> HttpResponse:
    assembly = assembly_for(request, pk, "mark_presence")
    line = get_object_for(request.user, Voter.objects.filter(assembly=assembly), pk=voter)
    try:
        services.set_presence(request.user, line, request.POST.get("present") == "1")
    except services.AssemblyError as error:
        messages.error(request, str(error))
    return redirect("governance:assembly_roll", pk=assembly.pk)


@login_required
@require_http_methods(["GET", "POST"])
def resolution_create(request: HttpRequest, pk: Any) -> HttpResponse:
    assembly = assembly_for(request, pk, "change")
    form = ResolutionForm(assembly, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_resolution(
                request.user,
                assembly,
                title=data["title"],
                text=data["text"],
                method=data["method"],
                threshold=data["threshold"],
                options=data["options"],
                rule=data["rule"],
                rule_article=data["rule_article"],
            )
        except services.AssemblyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The resolution is added to the agenda."))
            return detail(assembly)
    return render(
        request, "governance/assemblies/resolution_form.html", {"assembly": assembly, "form": form}
    )


@login_required
@require_POST
def assembly_open(request: HttpRequest, pk: Any) -> HttpResponse:
    assembly = assembly_for(request, pk, "open")
    try:
        services.open_assembly(request.user, assembly)
    except services.AssemblyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The vote is open."))
    return detail(assembly)


@login_required
@require_http_methods(["GET", "POST"])
def assembly_close(request: HttpRequest, pk: Any) -> HttpResponse:
    assembly = assembly_for(request, pk, "close")
    if request.method == "GET":
        return confirm(
            request,
            title=_("Close the vote"),
            subject=assembly.title,
            effects=_close_effects(assembly),
            trail=[(_("General assemblies"), reverse("governance:assembly_list"))],
            back=reverse("governance:assembly", kwargs={"pk": assembly.pk}),
        )
    try:
        services.close_assembly(request.user, assembly)
    except services.AssemblyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The vote is closed and the results are recorded."))
    return detail(assembly)


def _close_effects(assembly: Assembly) -> list[str]:
    """What closing now does: who has voted, whether the quorum holds (and so whether anything
    can be adopted), and when the vote was to close."""
    counted = services.quorum(assembly)
    voted = services.lines_voted(assembly)
    figures = {
        "required": number_format(Decimal(counted["required"]), 2),
        "counted": counted["counted"],
        "roll": counted["roll"],
        "share": number_format(Decimal(counted["share"]), 2),
    }
    effects = [
        _("Closing ends the vote, checks the quorum and records the results."),
        ngettext(
            "%(voted)s of the %(roll)s people on the list of voters has voted (themselves or "
            "through a proxy).",
            "%(voted)s of the %(roll)s people on the list of voters have voted (themselves or "
            "through a proxy).",
            voted,
        )
        % {"voted": voted, "roll": counted["roll"]},
        (
            _(
                "The quorum (%(required)s %%) is reached: %(counted)s of %(roll)s present or "
                "represented (%(share)s %%); the resolutions can be adopted."
            )
            if counted["reached"]
            else _(
                "The quorum (%(required)s %%) is not reached: %(counted)s of %(roll)s present or "
                "represented (%(share)s %%). Closed now, the vote adopts no resolution."
            )
        )
        % figures,
    ]
    planned = services.moment(assembly.closes_at)
    if services.closing_passed(assembly):
        effects.append(
            _("The planned closing time, %(closes)s, has passed: nobody can vote any more.")
            % {"closes": planned}
        )
    else:
        effects.append(
            _(
                "The vote was planned to close on %(closes)s: nobody can vote any more, even "
                "before then."
            )
            % {"closes": planned}
        )
    return effects
