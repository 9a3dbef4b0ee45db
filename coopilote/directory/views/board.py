"""The intercooperation board: offers and needs between cooperatives.

Reading is public, like the directory (cooperatives want to be found); posting takes a
cooperative's referent or manager, or its union's staff.
"""

from __future__ import annotations

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
from coopilote.directory import board
from coopilote.directory.forms_board import (
    BoardFilterForm,
    PostCreateForm,
    PostForm,
    postable_cooperatives,
)
from coopilote.directory.models import Post, PostKind

PAGE_SIZE = 20


@require_GET
def board_list(request: HttpRequest) -> HttpResponse:
    filters = BoardFilterForm(request.GET)
    posts = filters.apply(Post.objects.open().for_listing()).order_by("-created_at", "pk")
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "can_post": postable_cooperatives(request.user).exists(),
    }
    return render(request, "directory/board/list.html", context)


@require_GET
def post_detail(request: HttpRequest, pk: str) -> HttpResponse:
    post = get_object_for(
        request.user, Post.objects.for_listing().select_related("naf"), "view", pk=pk
    )
    suggestions = board.suggestions_for(post) if post.closed_at is None else []
    context = {
        "post": post,
        "abilities": post.user_abilities,  # type: ignore[attr-defined]
        "suggestions": suggestions,
        "is_need": post.kind == PostKind.NEED,
    }
    return render(request, "directory/board/detail.html", context)


@require_http_methods(["GET", "POST"])
def post_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = PostCreateForm(request.POST or None, user=request.user)
    if not form.fields["cooperative"].queryset.exists():  # type: ignore[attr-defined]
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        post = board.create_post(request.user, form)
        messages.success(request, _("Your post is published."))
        return redirect("directory:post", pk=post.pk)
    return render(request, "directory/board/form.html", {"form": form, "post": None})


@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, pk: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    post = get_object_for(request.user, Post.objects.for_listing(), "change", pk=pk)
    form = PostForm(request.POST or None, instance=post)
    if request.method == "POST" and form.is_valid():
        board.update_post(request.user, post, form)
        messages.success(request, _("The post has been updated."))
        return redirect("directory:post", pk=post.pk)
    return render(request, "directory/board/form.html", {"form": form, "post": post})


@require_POST
def post_close(request: HttpRequest, pk: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("directory:post", kwargs={"pk": pk}))
    post = get_object_for(request.user, Post.objects.for_listing(), "close", pk=pk)
    if board.close_post(request.user, post):
        messages.success(request, _("The post is closed: it no longer appears on the board."))
    else:
        messages.info(request, _("This post was already closed."))
    return redirect("directory:post", pk=post.pk)
