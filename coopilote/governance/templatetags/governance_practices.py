"""The practice sheets a cooperative shared, and those it tried, for its directory page.

Two queries whatever the number of sheets (the page's query count stays constant)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Count

from coopilote.governance.models import PracticeSheet, PracticeTrial

register = template.Library()

SHOWN = 10


@register.simple_tag
def cooperative_practices(cooperative: Any) -> dict[str, list[Any]]:
    # Only the columns the page shows: every cooperative's page asks, and the other cooperative's
    # columns (joined under an alias) cost more to compile and load than the rest of the query.
    sheets = list(
        PracticeSheet.objects.filter(cooperative=cooperative, published=True)
        .only("title")
        .annotate(trial_count=Count("trials"))
        .order_by("-created_at")[:SHOWN]
    )
    tried = list(
        PracticeTrial.objects.filter(
            cooperative=cooperative, sheet__published=True, sheet__cooperative__is_active=True
        )
        .select_related("sheet__cooperative")
        .only("sheet__title", "sheet__cooperative__name")
        .order_by("-created_at")[:SHOWN]
    )
    return {"sheets": sheets, "tried": tried}
