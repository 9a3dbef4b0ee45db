"""Keep each cooperative's directory entry in step with what it describes.

An edit (its page, a membership and its CAE activity) refreshes the entry once the edit is
committed: a rolled-back edit leaves the index as it was. Bulk writes (imports, the demo) send
no signals and call ``services.refresh_entries`` themselves.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save


def _refresh_later(cooperative_id: Any) -> None:
    from coopilote.directory.services import refresh_entries

    transaction.on_commit(lambda: refresh_entries([cooperative_id]))


def cooperative_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _refresh_later(instance.pk)


def membership_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw and instance.cooperative_id is not None:
        _refresh_later(instance.cooperative_id)


def cooperative_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    from coopilote.directory import search

    pk = instance.pk
    # The SQLite FTS table has no foreign key to cascade from.
    transaction.on_commit(lambda: search.forget([pk]))


def connect() -> None:
    from coopilote.members.models import Cooperative, Membership

    post_save.connect(cooperative_saved, sender=Cooperative, dispatch_uid="directory-cooperative")
    post_save.connect(membership_changed, sender=Membership, dispatch_uid="directory-membership")
    post_delete.connect(cooperative_deleted, sender=Cooperative, dispatch_uid="directory-coop-del")
    post_delete.connect(
        membership_changed, sender=Membership, dispatch_uid="directory-membership-del"
    )
