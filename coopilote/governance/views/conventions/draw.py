"""From the frozen pool to the panel: the lottery published, the seed's sources announced,
revealed or set aside, the draw, and the convention closed (no more draws)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coopilote.governance.forms.conventions import AnnounceForm, RevealForm
from coopilote.governance.models import Convention, Draw, SeedContribution
from coopilote.governance.services import conventions as services
from coopilote.governance.views.confirm import confirm
from coopilote.governance.views.conventions.common import act, convention_for


@login_required
@require_http_methods(["GET", "POST"])
def convention_publish(request: HttpRequest, pk: Any) -> HttpResponse:
    convention = convention_for(request, pk, "manage")
    if request.method == "GET":
        return confirm(
            request,
            title=_("Freeze the pool and publish the lottery"),
            subject=convention.title,
            effects=[
                _("Sign-up closes: nobody can join the pool any more, by the form or by import."),
                _(
                    "The fair lottery is computed and published with the pool's fingerprint: "
                    "anyone can check the draw afterwards."
                ),
                _("The seed's sources are revealed afterwards, then the panel is drawn."),
            ],
            trail=[(_("Citizen conventions"), reverse("governance:convention_list"))],
            back=convention.get_absolute_url(),
        )
    act(
        request,
        services.publish,
        _("The pool is frozen and the lottery is published."),
        convention,
    )
    return redirect(convention)


@login_required
@require_http_methods(["GET", "POST"])
def seed(request: HttpRequest, pk: Any) -> HttpResponse:
    """The sources of the next draw: announce them, reveal their values, then draw."""
    convention = convention_for(request, pk, "manage")
    form = AnnounceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.announce(
                request.user,
                convention,
                form.cleaned_data["label"],
                form.cleaned_data["commitment"],
                form.cleaned_data["expected_at"],
            )
        except services.ConventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The source is announced."))
            return redirect("governance:convention_seed", pk=convention.pk)
    pending = services.pending_contributions(convention)
    counted = services.in_seed(pending)
    decliners = services.pending_decliners(convention)
    context = {
        "convention": convention,
        "form": form,
        "pending": [(c, RevealForm(prefix=str(c.pk))) for c in pending],
        "decliners": decliners,
        "ready": bool(counted) and all(c.revealed_at for c in counted),
        # The sources ``services.set_aside`` would accept now.
        "can_set_aside": {c.pk for c in pending if services.guard_for(c, pending, timezone.now())},
        "can_announce": convention.status != Convention.Status.CLOSED
        and not any(c.revealed_at for c in pending)
        and not services.any_value_out(pending, timezone.now())
        and (convention.status != Convention.Status.DRAWN or bool(decliners)),
        "past": convention.draws.order_by("created_at", "pk"),
    }
    return render(request, "governance/conventions/seed.html", context)


@login_required
@require_POST
def reveal(request: HttpRequest, pk: Any, contribution: Any) -> HttpResponse:
    convention = convention_for(request, pk, "manage")
    found = get_object_or_404(SeedContribution, convention=convention, pk=contribution)
    form = RevealForm(request.POST, prefix=str(found.pk))
    if form.is_valid():
        act(
            request,
            services.reveal,
            _("The value is revealed."),
            found,
            form.cleaned_data["value"],
            form.cleaned_data["salt"],
        )
    else:
        messages.error(request, _("Give the value."))
    return redirect("governance:convention_seed", pk=convention.pk)


@login_required
@require_POST
def set_aside(request: HttpRequest, pk: Any, contribution: Any) -> HttpResponse:
    convention = convention_for(request, pk, "manage")
    found = get_object_or_404(SeedContribution, convention=convention, pk=contribution)
    act(request, services.set_aside, _("The source is set aside."), found)
    return redirect("governance:convention_seed", pk=convention.pk)


@login_required
@require_POST
def convention_draw(request: HttpRequest, pk: Any) -> HttpResponse:
    convention = convention_for(request, pk, "manage")
    try:
        made = services.draw(request.user, convention)
    except services.ConventionError as error:
        messages.error(request, str(error))
        return redirect("governance:convention_seed", pk=convention.pk)
    if made.kind == Draw.Kind.PANEL:
        messages.success(request, _("The panel is drawn: the audit page re-verifies it."))
    else:
        messages.success(request, _("The replacements are drawn: the audit page re-verifies them."))
    return redirect("governance:convention_audit", pk=convention.pk)


@login_required
@require_http_methods(["GET", "POST"])
def convention_close(request: HttpRequest, pk: Any) -> HttpResponse:
    convention = convention_for(request, pk, "manage")
    if request.method == "GET":
        return confirm(
            request,
            title=_("Close the convention"),
            subject=convention.title,
            effects=[
                _("The convention ends: no more draws, not even a replacement."),
                _(
                    "Six months later the volunteers' names and e-mail addresses are erased; "
                    "the published pool and the audit stay."
                ),
            ],
            trail=[(_("Citizen conventions"), reverse("governance:convention_list"))],
            back=convention.get_absolute_url(),
        )
    act(request, services.close, _("The convention is closed."), convention)
    return redirect(convention)
