"""A cooperative's photos and testimonials (its editors), and suggested corrections (anyone
writes, the union's staff and the cooperative's editors review)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coopilote.core.abilities import get_object_for
from coopilote.directory import profile
from coopilote.directory.forms_profile import (
    SECTIONS,
    CorrectionForm,
    PhotoForm,
    ReviewForm,
    TestimonialForm,
)
from coopilote.directory.models import CorrectionSuggestion, Photo, Testimonial
from coopilote.members.models import Cooperative

PAGE_SIZE = 50


def _editable(request: HttpRequest, pk: str) -> Cooperative:
    return get_object_for(request.user, Cooperative.objects.for_listing(), "change", pk=pk)


@require_http_methods(["GET", "POST"])
def photos(request: HttpRequest, pk: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    cooperative = _editable(request, pk)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        profile.add_photo(
            request.user,
            cooperative,
            form.cleaned_data["image"],
            alt_text=form.cleaned_data["alt_text"],
            kind=form.cleaned_data["kind"],
            caption=form.cleaned_data["caption"],
        )
        messages.success(request, _("The photo has been added."))
        return redirect("directory:photos", pk=cooperative.pk)
    context = {"cooperative": cooperative, "form": form, "photos": cooperative.photos.all()}
    return render(request, "directory/profile/photos.html", context)


@require_POST
def photo_delete(request: HttpRequest, pk: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    photo = get_object_for(
        request.user, Photo.objects.select_related("cooperative"), "delete", pk=pk
    )
    profile.delete_photo(request.user, photo)
    messages.success(request, _("The photo has been deleted."))
    return redirect("directory:photos", pk=photo.cooperative_id)


@require_http_methods(["GET", "POST"])
def testimonials(request: HttpRequest, pk: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    cooperative = _editable(request, pk)
    form = TestimonialForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        profile.add_testimonial(request.user, cooperative, form)
        messages.success(request, _("The testimonial has been added."))
        return redirect("directory:testimonials", pk=cooperative.pk)
    context = {
        "cooperative": cooperative,
        "form": form,
        "testimonials": cooperative.testimonials.all(),
    }
    return render(request, "directory/profile/testimonials.html", context)


@require_POST
def testimonial_delete(request: HttpRequest, pk: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    testimonial = get_object_for(
        request.user, Testimonial.objects.select_related("cooperative"), "delete", pk=pk
    )
    profile.delete_testimonial(request.user, testimonial)
    messages.success(request, _("The testimonial has been deleted."))
    return redirect("directory:testimonials", pk=testimonial.cooperative_id)


@require_http_methods(["GET", "POST"])
def suggest_correction(request: HttpRequest, pk: str) -> HttpResponse:
    cooperative = get_object_for(request.user, Cooperative.objects.for_listing(), "view", pk=pk)
    form = CorrectionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not profile.take_correction_slot(request):
            form.add_error(None, _("Too many suggestions: try again in an hour."))
            status = 429
        else:
            # A robot is thanked like anyone, so it learns nothing; nothing is stored.
            if not form.is_robot:
                profile.suggest_correction(
                    request.user, cooperative, form, base_url=request.build_absolute_uri("/")
                )
            messages.success(request, _("Thank you: the union will review your suggestion."))
            return redirect(cooperative)
    context = {"cooperative": cooperative, "form": form}
    return render(request, "directory/profile/correction_form.html", context, status=status)


def corrections(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not profile.may_review_corrections(request.user):
        raise PermissionDenied
    pending = (
        profile.reviewable_corrections(request.user)
        .pending()
        .order_by("cooperative__name", "-created_at")
    )
    page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("page"))
    sections = dict(SECTIONS)
    # The empty choice is the form's « Choisir… », not a section.
    rows = [
        (suggestion, sections.get(suggestion.field_name, "") if suggestion.field_name else "")
        for suggestion in page
    ]
    return render(request, "directory/profile/corrections.html", {"page": page, "rows": rows})


@require_POST
def correction_review(request: HttpRequest, pk: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    # What one may not review, one does not even see (the message and e-mail are private).
    suggestion: CorrectionSuggestion = get_object_or_404(
        profile.reviewable_corrections(request.user), pk=pk
    )
    form = ReviewForm(request.POST)
    if form.is_valid():
        profile.review_correction(request.user, suggestion, form.cleaned_data["status"])
        messages.success(request, _("The suggestion has been marked as reviewed."))
    else:
        messages.error(request, _("Choose whether the suggestion was applied or rejected."))
    return redirect("directory:corrections")
