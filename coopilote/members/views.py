from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopilote.core.abilities import get_object_for
from coopilote.core.collation import french, sort_key
from coopilote.core.pagecache import public_page
from coopilote.directory import profile as directory_profile
from coopilote.members import roles as r
from coopilote.members.current import SESSION_KEY, current_union
from coopilote.members.forms import CooperativeFilterForm, CooperativeForm, CooperativeIdentityForm
from coopilote.members.models import Cooperative, Membership, Union
from coopilote.members.roles import roles_of
from coopilote.members.services import update_cooperative

PAGE_SIZE = 50


@require_GET
def cooperative_list(request: HttpRequest) -> HttpResponse:
    union = current_union(request)
    filters = CooperativeFilterForm(request.GET)
    cooperatives = Cooperative.objects.none()
    if union is not None:
        cooperatives = filters.apply(
            Cooperative.objects.active().in_union(union).for_listing()
        ).order_by(french("name"), "pk")
    page = Paginator(cooperatives, PAGE_SIZE).get_page(request.GET.get("page"))
    # Roles are cached on the user: per-row abilities cost no query.
    rows = [
        (cooperative, cooperative.shown_fields(cooperative.abilities(request.user)["view_private"]))
        for cooperative in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "union": union,
        "page": page,
        "rows": rows,
        "filters": filters,
        "query": query.urlencode(),
    }
    return render(request, "members/cooperative_list.html", context)


@require_GET
@public_page
def cooperative_detail(request: HttpRequest, pk: str) -> HttpResponse:
    cooperative = get_object_for(
        request.user,
        Cooperative.objects.for_detail().select_related("commune__department__region"),
        "view",
        pk=pk,
    )
    abilities = cooperative.abilities(request.user)
    current = Membership.objects.current().filter(cooperative=cooperative)
    memberships: list[Membership] = []
    activities: list[str] = []
    if abilities["view_members"]:
        memberships = list(
            current.filter(person__anonymized_at=None)
            .select_related("person")
            .order_by("person__last_name", "person__first_name", "person_id", "role")
        )
    elif cooperative.is_cae:
        # CAE activities are public (a congress demand); the entrepreneurs' names are not.
        activities = list(
            current.entrepreneurs()
            .exclude(activity="")
            .order_by(french("activity"))
            .values_list("activity", flat=True)
            .distinct()
        )
    entrepreneurs = [m for m in memberships if m.role == r.ENTREPRENEUR]
    if entrepreneurs:
        activities = sorted({m.activity for m in entrepreneurs if m.activity}, key=sort_key)
    context = {
        "cooperative": cooperative,
        "shown": cooperative.shown_fields(abilities["view_private"]),
        "memberships": memberships,
        "entrepreneurs": entrepreneurs,
        "activities": activities,
        # Labels, photos, testimonials, open offers and needs, JSON-LD: the directory's part.
        **directory_profile.page_context(request, cooperative),
    }
    return render(request, "members/cooperative_detail.html", context)


@require_http_methods(["GET", "POST"])
def cooperative_edit(request: HttpRequest, pk: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    cooperative = get_object_for(request.user, Cooperative.objects.for_detail(), "change", pk=pk)
    form_class = (
        CooperativeIdentityForm
        if cooperative.abilities(request.user)["change_identity"]
        else CooperativeForm
    )
    form = form_class(request.POST or None, instance=cooperative)
    if request.method == "POST" and form.is_valid():
        update_cooperative(request.user, cooperative, form)
        messages.success(request, _("The cooperative’s page has been updated."))
        return redirect(cooperative)
    return render(
        request, "members/cooperative_form.html", {"cooperative": cooperative, "form": form}
    )


@require_POST
def switch_union(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    union_id = _uuid_or_none(request.POST.get("union"))
    union = Union.objects.filter(pk=union_id).first() if union_id else None
    if union is None or not (
        union.abilities(request.user)["switch_to"] or roles.confederation or roles.is_admin
    ):
        raise PermissionDenied
    request.session[SESSION_KEY] = str(union.pk)
    return HttpResponseRedirect(_safe_next(request))


def _uuid_or_none(value: str | None) -> str | None:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


def _safe_next(request: HttpRequest) -> str:
    """The page the switcher was used on; never another site."""
    for candidate in (request.POST.get("next"), request.headers.get("referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return reverse("core:home")
