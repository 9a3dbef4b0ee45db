"""Back office: read and correct congresses; merges and splits go through the site's services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from coopilote.roadmap.models import (
    Comment,
    Congress,
    Proposal,
    ProposalLink,
    SubGroup,
    Theme,
    Workshop,
)


class ThemeInline(admin.TabularInline):
    model = Theme
    fields = ("number", "title", "workshop", "order")
    extra = 0
    show_change_link = True


class WorkshopInline(admin.TabularInline):
    model = Workshop
    extra = 0


@admin.register(Congress)
class CongressAdmin(admin.ModelAdmin):
    list_display = ("name", "union", "date", "place")
    list_filter = ("union",)
    search_fields = ("name", "place")
    inlines = (WorkshopInline, ThemeInline)


class SubGroupInline(admin.TabularInline):
    model = SubGroup
    extra = 0


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("__str__", "congress", "order")
    list_filter = ("congress",)
    inlines = (SubGroupInline,)


class LinkInline(admin.TabularInline):
    model = ProposalLink
    fk_name = "source"
    fields = ("result", "kind", "actor", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("reference", "__str__", "scope", "scope_confirmed", "status", "origin")
    list_filter = ("congress", "scope", "scope_confirmed", "status", "origin")
    search_fields = ("text",)
    list_select_related = ("theme",)
    raw_id_fields = ("theme", "sub_group")
    # Status changes that link proposals are the services' job (they write the audit log).
    readonly_fields = ("status", "origin", "suggested_scope", "scope_reason")
    inlines = (LinkInline,)

    @admin.display(description=_("number"), ordering="number")
    def reference(self, proposal: Proposal) -> str:
        return proposal.reference


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("proposal", "author", "created_at")
    raw_id_fields = ("proposal", "author")
    search_fields = ("text",)


@admin.register(ProposalLink)
class ProposalLinkAdmin(admin.ModelAdmin):
    list_display = ("source", "result", "kind", "actor", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("source", "result", "actor")
