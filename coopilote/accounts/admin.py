from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coopilote.accounts import services
from coopilote.accounts.forms import UserChangeForm, UserCreationForm
from coopilote.accounts.models import ErasureRequest, LoginFailure, User

# Granting powers is for superusers only: staff who may edit users must not promote themselves.
POWER_FIELDS = ("is_superuser", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", *POWER_FIELDS)}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("email", "person_name", "is_active", "is_staff", "is_superuser", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser", "groups")
    list_select_related = ("person",)
    search_fields = ("email", "person__first_name", "person__last_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")

    @admin.display(description=_("person"), ordering="person__last_name")
    def person_name(self, obj: User) -> str:
        person = getattr(obj, "person", None)
        return str(person) if person else "—"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields = tuple(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += POWER_FIELDS
        return fields


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """Read-only; deleting rows is allowed: it lifts a block at once."""

    list_display = ("email", "ip_address", "at")
    list_filter = ("at",)
    search_fields = ("email", "ip_address")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    list_display = ("person", "requested_at", "status", "processed_by", "processed_at")
    list_filter = ("status",)
    list_select_related = ("person", "processed_by")
    search_fields = ("person__first_name", "person__last_name")
    date_hierarchy = "requested_at"
    actions = ("anonymize_people", "refuse_requests")
    # Every change goes through an action, so that it runs the service and leaves an audit row.
    readonly_fields = ("person", "requested_at", "reason", "status", "processed_by", "processed_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_anonymize_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    @admin.action(description=_("Anonymize the people concerned"), permissions=["anonymize"])
    def anonymize_people(self, request: HttpRequest, queryset: QuerySet[ErasureRequest]) -> None:
        if not request.user.is_superuser:
            raise PermissionDenied
        people = {e.person_id: e.person for e in queryset.select_related("person")}
        for person in people.values():
            services.anonymize_person(request.user, person)
        self.message_user(
            request,
            ngettext(
                "%(count)d person anonymized.",
                "%(count)d people anonymized.",
                len(people),
            )
            % {"count": len(people)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Refuse the selected requests"), permissions=["anonymize"])
    def refuse_requests(self, request: HttpRequest, queryset: QuerySet[ErasureRequest]) -> None:
        refused = sum(services.refuse_erasure_request(request.user, e) for e in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d request refused.",
                "%(count)d requests refused.",
                refused,
            )
            % {"count": refused},
            messages.SUCCESS,
        )
