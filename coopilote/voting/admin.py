"""Back office: polls and their options only.

Ballots, grades and the émargement are deliberately absent: editing a ballot by hand must be
impossible from the back office, and who voted stays out of sight while a vote runs.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from coopilote.members.roles import roles_of
from coopilote.voting.models import Poll, PollOption

_WORKFLOW = (
    "electorate_frozen_at",
    "results_published_at",
    "results_snapshot",
    "reminders_sent_at",
    "created_by",
)


class PollOptionInline(admin.TabularInline):
    model = PollOption
    extra = 0
    fields = ("order", "label", "description", "source_type", "source_id")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_delete_permission(request, obj)


def _is_draft(poll: Poll | None) -> bool:
    return poll is None or poll.electorate_frozen_at is None


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ("title", "union", "opens_at", "closes_at", "results_published_at")
    list_filter = ("union", "method", "electorate")
    list_select_related = ("union",)
    search_fields = ("title",)
    readonly_fields = _WORKFLOW
    inlines = (PollOptionInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Poll]:
        polls = super().get_queryset(request)
        if request.user.is_superuser:
            return polls
        return polls.filter(union_id__in=roles_of(request.user).managed_union_ids())

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and not _is_draft(obj):
            # Once opened, a poll changes only through the services (close, publish).
            return [field.name for field in Poll._meta.fields]
        return self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_delete_permission(request, obj)
