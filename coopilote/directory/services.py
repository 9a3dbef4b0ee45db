"""Rebuilding the directory's entries from the cooperatives (no human write: not audited)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from coopilote.core import pagecache
from coopilote.directory import search
from coopilote.directory.models import DirectoryEntry
from coopilote.members.models import Cooperative, Membership


def document_for(cooperative: Cooperative, activities: Iterable[str] = ()) -> str:
    """What the directory searches: name, description, sector, NAF label, commune, activities."""
    parts = [cooperative.name, cooperative.description]
    if cooperative.sector is not None:
        parts.append(cooperative.sector.name)
    if cooperative.naf is not None:
        parts.append(cooperative.naf.label)
    if cooperative.commune is not None:
        parts.append(cooperative.commune.name)
    parts.extend(activities)
    return "\n".join(part for part in parts if part)


def refresh_entries(cooperatives: Iterable[Any] | None = None) -> int:
    """(Re)build the entries of these cooperatives (objects or pks), or of all of them."""
    queryset = Cooperative.objects.select_related("sector", "naf", "commune")
    memberships = Membership.objects.current().entrepreneurs().filter(cooperative__is_cae=True)
    if cooperatives is not None:
        ids = [getattr(item, "pk", item) for item in cooperatives]
        queryset = queryset.filter(pk__in=ids)
        memberships = memberships.filter(cooperative_id__in=ids)
    activities: dict[Any, list[str]] = defaultdict(list)
    for cooperative_id, activity in (
        memberships.exclude(activity="")
        .order_by("activity")
        .values_list("cooperative_id", "activity")
        .distinct()
    ):
        activities[cooperative_id].append(activity)
    with transaction.atomic():
        documents = {
            cooperative.pk: document_for(cooperative, activities[cooperative.pk])
            for cooperative in queryset.iterator(chunk_size=1000)
        }
        DirectoryEntry.objects.bulk_create(
            [DirectoryEntry(cooperative_id=pk, document=text) for pk, text in documents.items()],
            batch_size=500,
            update_conflicts=True,
            unique_fields=["cooperative"],
            update_fields=["document", "refreshed_at"],
        )
        search.index(documents, everything=cooperatives is None)
        # Bulk writes send no signal: the public pages learn of the change here, once committed.
        transaction.on_commit(pagecache.bump)
    return len(documents)
