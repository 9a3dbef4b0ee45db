"""The convention's life: list, create and edit, categories, sign-up, pool, publish, seed, draw."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopilote.accounts.views import client_ip
from coopilote.core import ratelimit
from coopilote.governance.forms.conventions import (
    AnnounceForm,
    CategoryForm,
    ConventionForm,
    ImportForm,
    RevealForm,
    SignupForm,
)
from coopilote.governance.models import Convention, Draw, SeedContribution, Volunteer
from coopilote.governance.services import conventions as services
from coopilote.governance.services.conventions.draw import seated_numbers
from coopilote.governance.services.conventions.setup import categories_of
from coopilote.governance.views.confirm import confirm
from coopilote.governance.views.conventions.common import convention_for
from coopilote.members.current import current_union
from coopilote.members.roles import roles_of

SIGNUP_LIMIT = 10  # sign-ups per connection and per hour
SIGNUP_WINDOW_SECONDS = 3600
# The same words whether the address was new, already in the pool or typed by a robot.
SIGNUP_THANKS = gettext_lazy("Thank you, your sign-up has been taken into account.")


@require_GET
def convention_list(request: HttpRequest) -> HttpResponse:
    union = current_union(request)
    conventions: list[Convention] = []
    can_create = False
    if union is not None:
        can_create = roles_of(request.user).manages_union(union.pk)
        listed = Convention.objects.filter(union=union).select_related("union")
        if not can_create:
            listed = listed.exclude(status=Convention.Status.DRAFT)
        conventions = list(listed)
    context = {"union": union, "conventions": conventions, "can_create": can_create}
    return render(request, "governance/conventions/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def convention_create(request: HttpRequest) -> HttpResponse:
    union = current_union(request)
    if union is None or not roles_of(request.user).manages_union(union.pk):
        raise PermissionDenied
    form = ConventionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        convention = services.create_convention(request.user, union, form.cleaned_data)
        messages.success(request, _("The convention is created: now define its categories."))
        return redirect(convention)
    return render(request, "governance/conventions/form.html", {"form": form, "union": union})


@require_GET
def convention_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    convention = convention_for(request, pk)
    draws = list(convention.draws.order_by("created_at", "pk"))
    panel: list[dict[str, Any]] = []
    if draws:
        seated = seated_numbers(draws)
        rows = {int(row[0]): row[1:] for row in (convention.publication or {}).get("rows", [])}
        panel = [{"number": n, "answers": rows.get(n, [])} for n in sorted(seated)]
    context = {
        "convention": convention,
        "categories": categories_of(convention),
        "volunteer_count": convention.volunteers.count(),
        "draws": draws,
        "panel": panel,
    }
    return render(request, "governance/conventions/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def convention_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    convention = convention_for(request, pk, "manage")
    form = ConventionForm(request.POST or None, instance=convention)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_convention(request.user, convention, form.cleaned_data)
        except services.ConventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The convention is saved."))
            return redirect(convention)
    context = {"form": form, "union": convention.union, "convention": convention}
    return render(request, "governance/conventions/form.html", context)


def _category_page(
    request: HttpRequest, convention: Convention, category: Any = None
) -> HttpResponse:
    form = CategoryForm(request.POST or None, category=category)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_category(
                request.user,
                convention,
                category.key if category else data["key"],
                data["label"],
                data["quotas"],
                category,
            )
        except services.ConventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The category and its quotas are saved."))
            return redirect(convention)
    context = {"form": form, "convention": convention, "category": category}
    return render(request, "governance/conventions/category_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def category_add(request: HttpRequest, pk: Any) -> HttpResponse:
    return _category_page(request, convention_for(request, pk, "manage"))


@login_required
@require_http_methods(["GET", "POST"])
def category_edit(request: HttpRequest, pk: Any, category: Any) -> HttpResponse:
    convention = convention_for(request, pk, "manage")
    found = get_object_or_404(convention.categories.prefetch_related("features"), pk=category)
    return _category_page(request, convention, found)


def _act(request: HttpRequest, action: Any, success: str, *args: Any) -> None:
    try:
        action(request.user, *args)
    except services.ConventionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)


@login_required
@require_POST
def convention_open(request: HttpRequest, pk: Any) -> HttpResponse:
    convention = convention_for(request, pk, "manage")
    _act(request, services.open_signup, _("Sign-up is open."), convention)
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
    _act(request, services.decline, _("The seat is to be filled by a replacement draw."), found)
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
    _act(request, services.withdraw, _("The volunteer's data are erased."), found)
    return redirect("governance:convention_volunteers", pk=convention.pk)


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
            back=convention.get_absolute_url(),
        )
    _act(
        request,
        services.publish,
        _("The pool is frozen and the lottery is published."),
        convention,
    )
    return redirect(convention)


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
            back=convention.get_absolute_url(),
        )
    _act(request, services.close, _("The convention is closed."), convention)
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
        _act(
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
    _act(request, services.set_aside, _("The source is set aside."), found)
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
