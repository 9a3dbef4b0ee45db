"""Practice sheets: the public list with search and tags, a sheet with its comments and its
« we tried it too », writing and editing for a cooperative's referent or manager."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopilote.core.abilities import get_object_for
from coopilote.governance.forms.comments import CommentForm
from coopilote.governance.forms.practices import (
    PracticeFilterForm,
    PracticeSheetCreateForm,
    PracticeSheetForm,
    TrialForm,
    writable_cooperatives,
)
from coopilote.governance.models import PracticeSheet, PracticeTrial
from coopilote.governance.models.practices import trial_cooperative_ids
from coopilote.governance.services import practices as services
from coopilote.governance.views.comments import post_comment
from coopilote.members.current import current_person
from coopilote.members.models import Cooperative
from coopilote.members.roles import roles_of

PAGE_SIZE = 20


def _sheet(request: HttpRequest, pk: Any, action: str = "view") -> PracticeSheet:
    queryset = PracticeSheet.objects.select_related("cooperative__union", "cooperative__commune")
    return get_object_for(request.user, queryset, action, pk=pk)


def _trial_cooperatives(request: HttpRequest, sheet: PracticeSheet) -> Any:
    """The user's cooperatives that may still say « we tried it too » for this sheet."""
    ids = trial_cooperative_ids(roles_of(request.user), sheet)
    done = PracticeTrial.objects.filter(sheet=sheet).values("cooperative_id")
    return Cooperative.objects.filter(pk__in=ids).exclude(pk__in=done).order_by("name")


@require_GET
def practice_list(request: HttpRequest) -> HttpResponse:
    filters = PracticeFilterForm(request.GET)
    sheets = filters.apply(PracticeSheet.objects.published().for_listing())
    page = Paginator(sheets.order_by("-created_at", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "can_write": writable_cooperatives(request.user).exists(),
    }
    return render(request, "governance/practices/list.html", context)


@require_http_methods(["GET", "POST"])
def practice_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = PracticeSheetCreateForm(request.POST or None, user=request.user)
    if not form.fields["cooperative"].queryset.exists():  # type: ignore[attr-defined]
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            sheet = services.create_sheet(request.user, form, current_person(request))
        except services.PracticeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your practice sheet is saved."))
            return redirect("governance:practice_detail", pk=sheet.pk)
    return render(request, "governance/practices/form.html", {"form": form, "sheet": None})


@require_GET
def practice_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    sheet = _sheet(request, pk)
    abilities = sheet.user_abilities  # type: ignore[attr-defined]
    trial_form = None
    if abilities["tried"]:
        cooperatives = _trial_cooperatives(request, sheet)
        if cooperatives.exists():
            trial_form = TrialForm(cooperatives=cooperatives)
    context = {
        "sheet": sheet,
        "abilities": abilities,
        "tags": sheet.tags.all(),
        "trials": sheet.trials.select_related("cooperative", "person").order_by("created_at"),
        "comments": sheet.comments.select_related("author"),
        "comment_form": CommentForm() if abilities["comment"] else None,
        "trial_form": trial_form,
    }
    return render(request, "governance/practices/detail.html", context)


@require_http_methods(["GET", "POST"])
def practice_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    # Another cooperative's sheet is not even looked up: a 404, as if it did not exist.
    queryset = PracticeSheet.objects.editable_by(request.user).select_related("cooperative")
    sheet = get_object_for(request.user, queryset, "change", pk=pk)
    form = PracticeSheetForm(request.POST or None, instance=sheet)
    if request.method == "POST" and form.is_valid():
        services.update_sheet(request.user, sheet, form)
        messages.success(request, _("The practice sheet is updated."))
        return redirect("governance:practice_detail", pk=sheet.pk)
    return render(request, "governance/practices/form.html", {"form": form, "sheet": sheet})


@require_POST
def practice_comment(request: HttpRequest, pk: Any) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("governance:practice_detail", kwargs={"pk": pk}))
    sheet = _sheet(request, pk, "comment")
    return post_comment(
        request,
        lambda author, text: services.comment(request.user, sheet, author, text),
        services.PracticeError,
        reverse("governance:practice_detail", kwargs={"pk": pk}),
    )


@require_POST
def practice_tried(request: HttpRequest, pk: Any) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("governance:practice_detail", kwargs={"pk": pk}))
    sheet = _sheet(request, pk, "tried")
    roles = roles_of(request.user)
    form = TrialForm(
        request.POST,
        cooperatives=Cooperative.objects.filter(pk__in=trial_cooperative_ids(roles, sheet)),
    )
    if form.is_valid():
        try:
            services.tried(
                request.user,
                sheet,
                form.cleaned_data["cooperative"],
                current_person(request),
                form.cleaned_data["note"],
            )
        except services.PracticeError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Thank you: your cooperative is listed as having tried it.")
            )
    else:
        messages.error(request, _("Choose your cooperative."))
    return redirect(reverse("governance:practice_detail", kwargs={"pk": pk}) + "#essais")
