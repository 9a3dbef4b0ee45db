"""The pool of volunteers: sign-up opened, the public (rate-limited) sign-up form, the staff's
list and import, and a volunteer's decline or withdrawal (each confirmed first)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopilote.accounts.views import client_ip
from coopilote.core import ratelimit
from coopilote.governance.forms.conventions import ImportForm, SignupForm
from coopilote.governance.models import Convention, Volunteer
from coopilote.governance.services import conventions as services
from coopilote.governance.services.conventions.setup import categories_of
from coopilote.governance.views.confirm import confirm
from coopilote.governance.views.conventions.common import act, convention_for

SIGNUP_LIMIT = 10  # sign-ups per connection and per hour
SIGNUP_WINDOW_SECONDS = 3600
# The same words whether the address was new, already in the pool or typed by a robot.
SIGNUP_THANKS = gettext_lazy("Thank you, your sign-up has been taken into account.")


@login_required
@require_POST
def convention_open(request: HttpRequest, pk: Any) -> HttpResponse:
    convention = convention_for(request, pk, "manage")
    act(request, services.open_signup, _("Sign-up is open."), convention)
    return redirect(convention)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest, pk: Any) -> HttpResponse:
    convention = convention_for(request, pk)
    if not convention.user_abilities["sign_up"]:  # type: ignore[attr-defined]
        return render(
            request, "governance/conventions/signup_closed.html", {"convention": convention}
        )
    form = SignupForm(request.POST or None, categories=categories_of(convention))
    status = 200
    if request.method == "POST" and form.is_valid():
        if not ratelimit.take(
            "convention_signup",
            client_ip(request) or "unknown",
            SIGNUP_LIMIT,
            SIGNUP_WINDOW_SECONDS,
        ):
            form.add_error(None, _("Too many sign-ups from your connection: try again in an hour."))
            status = 429
        elif form.is_robot:
            # A robot is thanked like anyone, so it learns nothing; nothing is stored.
            messages.success(request, SIGNUP_THANKS)
            return redirect(convention)
        else:
            data = form.cleaned_data
            try:
                services.sign_up(
                    convention,
                    data["first_name"],
                    data["last_name"],
                    data["email"],
                    form.answers(),
                    actor=request.user,
                )
            except services.DuplicateVolunteerError:
                # Thanked like a new volunteer: saying "already in the pool" would tell anyone
                # who types an address that its owner volunteered. Nothing is changed.
                messages.success(request, SIGNUP_THANKS)
                return redirect(convention)
            except services.ConventionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, SIGNUP_THANKS)
                return redirect(convention)
    context = {"convention": convention, "form": form}
    return render(request, "governance/conventions/signup.html", context, status=status)


@login_required
@require_GET
def volunteers(request: HttpRequest, pk: Any) -> HttpResponse:
    convention = convention_for(request, pk, "view_pool")
    keys = [category.key for category, _values in categories_of(convention)]
    listed = [
        (volunteer, [volunteer.features.get(key, "") for key in keys])
        for volunteer in convention.volunteers.order_by("number")
    ]
    context = {
        "convention": convention,
        "categories": categories_of(convention),
        "volunteers": listed,
        "drawn": convention.status == Convention.Status.DRAWN,
    }
    return render(request, "governance/conventions/volunteers.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def volunteer_import(request: HttpRequest, pk: Any) -> HttpResponse:
    convention = convention_for(request, pk, "manage")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.import_volunteers(request.user, convention, form.cleaned_data["file"])
        except services.ConventionError as error:
            form.add_error(None, str(error))
    context = {"convention": convention, "form": form, "report": report}
    return render(request, "governance/conventions/import.html", context)


def _volunteer_page(
    request: HttpRequest, found: Volunteer, title: str, effects: list[str]
) -> HttpResponse:
    """The confirmation of an irreversible action on one volunteer of the pool."""
    number = capfirst(str(found))  # « Volontaire nº 12 », as the pool page numbers them
    return confirm(
        request,
        title=title,
        subject=f"{number} — {found.full_name}" if found.full_name else number,
        effects=effects,
        trail=[
            (_("Citizen conventions"), reverse("governance:convention_list")),
            (found.convention.title, found.convention.get_absolute_url()),
        ],
        back=reverse("governance:convention_volunteers", kwargs={"pk": found.convention_id}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, pk: Any, volunteer: Any) -> HttpResponse:
    convention = convention_for(request, pk, "manage")
    found = get_object_or_404(Volunteer, convention=convention, pk=volunteer)
    if request.method == "GET":
        effects = [
            _("The volunteer gives up their seat on the panel for good."),
            _("The seat is to be filled by a replacement draw."),
        ]
        return _volunteer_page(request, found, _("Record the decline"), effects)
    act(request, services.decline, _("The seat is to be filled by a replacement draw."), found)
    return redirect("governance:convention_volunteers", pk=convention.pk)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: Any, volunteer: Any) -> HttpResponse:
    """Consent withdrawn (asked by the volunteer to the union): erase them."""
    convention = convention_for(request, pk, "manage")
    found = get_object_or_404(Volunteer, convention=convention, pk=volunteer)
    if request.method == "GET":
        effects = [
            _(
                "A volunteer who withdraws their consent is removed from the pool before its "
                "publication; afterwards the pool is frozen, so their name and address are "
                "erased and only their numbered answers stay published."
            ),
            _("A seat they hold on the panel is to be filled by a replacement draw."),
        ]
        return _volunteer_page(request, found, _("Erase the volunteer's data"), effects)
    act(request, services.withdraw, _("The volunteer's data are erased."), found)
    return redirect("governance:convention_volunteers", pk=convention.pk)
