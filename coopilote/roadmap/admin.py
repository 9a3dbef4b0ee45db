"""Back office: read and correct congresses; merges and splits go through the site's services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from coopilote.roadmap.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Axis,
    Comment,
    Congress,
    Letter,
    Proposal,
    ProposalLink,
    Roadmap,
    SubGroup,
    Subscription,
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


class AxisInline(admin.TabularInline):
    model = Axis
    extra = 0


class StatusInline(admin.TabularInline):
    model = ActionStatus
    fields = ("name", "order", "is_done", "colour")
    extra = 0


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ("title", "union", "congress", "published")
    list_filter = ("union", "published")
    search_fields = ("title",)
    inlines = (AxisInline, StatusInline)


class UpdateInline(admin.TabularInline):
    model = ActionUpdate
    fields = ("date", "author", "text", "progress")
    raw_id_fields = ("author",)
    extra = 0


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ("title", "axis", "parent", "status", "progress", "weight", "due")
    list_filter = ("axis__roadmap", "scope", "status__is_done")
    list_select_related = ("axis", "parent", "status")
    search_fields = ("title",)
    raw_id_fields = ("axis", "parent", "proposals", "owner_body", "owner_person", "status")
    # Progress goes through the site's service: leaves only, logged and audited.
    readonly_fields = ("progress",)
    inlines = (UpdateInline,)


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ("subject", "union", "date", "published")
    list_filter = ("union", "published")
    raw_id_fields = ("roadmap", "congress")


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("person", "roadmap", "last_sent_at")
    raw_id_fields = ("person", "roadmap")
