"""Back office for unions, bodies, federations, cooperatives and people.

Labels come from the models' verbose names (French through the catalogue). Union staff with
back-office access see their own union's cooperatives and people only; superusers see all.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coopilote.members import services
from coopilote.members.models import (
    Body,
    BodySeat,
    Cooperative,
    Federation,
    Membership,
    Person,
    Union,
    UnionRole,
)
from coopilote.members.roles import roles_of

# A website typed without a scheme is taken as https (Django 6's default, without the warning).
HTTPS_URLS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


def _managed_unions(request: HttpRequest) -> set[Any] | None:
    """None for a superuser (no restriction), else the unions the user manages."""
    if request.user.is_superuser:
        return None
    return roles_of(request.user).managed_union_ids()


@admin.register(Union)
class UnionAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "slug")
    prepopulated_fields = {"slug": ("short_name",)}
    filter_horizontal = ("regions", "departments")
    formfield_overrides = HTTPS_URLS


@admin.register(Federation)
class FederationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name")
    search_fields = ("name", "short_name")


class BodySeatInline(admin.TabularInline):
    model = BodySeat
    extra = 0
    raw_id_fields = ("person",)
    fields = ("person", "title", "start", "end")


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "union", "kind")
    list_filter = ("kind", "union")
    list_select_related = ("union",)
    inlines = (BodySeatInline,)


@admin.register(UnionRole)
class UnionRoleAdmin(admin.ModelAdmin):
    list_display = ("person", "union", "role", "title")
    list_filter = ("role", "union")
    list_select_related = ("person", "union")
    search_fields = ("person__last_name", "person__first_name", "title")
    raw_id_fields = ("person",)


@admin.register(Cooperative)
class CooperativeAdmin(admin.ModelAdmin):
    list_display = ("name", "union", "legal_status", "is_cae", "sector", "commune", "is_active")
    list_filter = ("is_active", "legal_status", "is_cae", "sector", "origin", "union")
    list_select_related = ("union", "sector", "commune")
    search_fields = ("name", "siren", "siret")
    # 35,000 communes and 732 NAF codes: a select would weigh megabytes on every page.
    raw_id_fields = ("commune", "naf")
    readonly_fields = ("sector",)
    formfield_overrides = HTTPS_URLS
    fieldsets = (
        (None, {"fields": ("union", "name", "legal_status", "is_cae", "is_active")}),
        (
            _("Registration"),
            {
                "fields": (
                    "siren",
                    "siret",
                    "naf",
                    "sector",
                    "creation_date",
                    "origin",
                    "federation",
                )
            },
        ),
        (
            _("Contact"),
            {
                "fields": (
                    "address",
                    "postcode",
                    "commune",
                    "website",
                    "contact_email",
                    "phone",
                    "description",
                )
            },
        ),
        (_("Size"), {"fields": ("headcount", "associates_count", "employee_associates_count")}),
        (_("Publication"), {"fields": ("public_fields",)}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Cooperative]:
        queryset = super().get_queryset(request)
        unions = _managed_unions(request)
        return queryset if unions is None else queryset.filter(union_id__in=unions)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        unions = _managed_unions(request)
        if db_field.name == "union" and unions is not None:
            kwargs["queryset"] = Union.objects.filter(pk__in=unions)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Cooperative, form: Any, change: bool) -> None:
        # Through the services, so that back-office edits are audited like the site's.
        if change:
            services.update_cooperative(request.user, obj, form)
        else:
            services.create_cooperative(request.user, form)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("cooperative",)
    fields = ("cooperative", "role", "activity", "start", "end")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        # A person may belong to cooperatives of several unions: staff see their union's roles.
        queryset = super().get_queryset(request).select_related("cooperative")
        unions = _managed_unions(request)
        return queryset if unions is None else queryset.filter(cooperative__union_id__in=unions)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        unions = _managed_unions(request)
        if db_field.name == "cooperative" and unions is not None:
            kwargs["queryset"] = Cooperative.objects.filter(union_id__in=unions)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "email", "anonymized_at")
    list_filter = (("anonymized_at", admin.EmptyFieldListFilter),)
    search_fields = ("last_name", "first_name", "email")
    raw_id_fields = ("user",)
    readonly_fields = ("anonymized_at",)
    inlines = (MembershipInline,)
    actions = ("anonymize",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        queryset = super().get_queryset(request)
        unions = _managed_unions(request)
        if unions is None:
            return queryset
        return queryset.filter(
            Q(memberships__cooperative__union_id__in=unions) | Q(union_roles__union_id__in=unions)
        ).distinct()

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        memberships = formset.save(commit=False)
        for membership in formset.deleted_objects:
            services.delete_membership(request.user, membership)
        for membership in memberships:
            if membership._state.adding:
                services.add_membership(
                    request.user,
                    membership.cooperative,
                    membership.person,
                    membership.role,
                    membership.activity,
                    start=membership.start,
                )
            elif membership.end and "end" in _changed(formset, membership):
                services.end_membership(request.user, membership, end=membership.end)
            else:
                membership.save()
        formset.save_m2m()

    @admin.action(description=_("Anonymize"), permissions=["anonymize"])
    def anonymize(self, request: HttpRequest, queryset: QuerySet[Person]) -> None:
        # Imported here: the accounts service depends on this app's models.
        from coopilote.accounts.services import anonymize_person

        done = 0
        for person in queryset.filter(anonymized_at=None):
            anonymize_person(request.user, person)
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d person anonymized.", "%(count)d people anonymized.", done)
            % {"count": done},
            messages.SUCCESS,
        )

    def has_anonymize_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)


def _changed(formset: Any, membership: Membership) -> list[str]:
    for inline_form in formset.forms:
        if inline_form.instance is membership:
            return list(inline_form.changed_data)
    return []
