"""Versioned rules: amendments proposed, discussed, sent to a decision, settled; the register.

An amendment is written on a version of its document (its *base*). When another amendment is
adopted first, the base is outdated: the amendment is in conflict and cannot be accepted before
its author (or the staff) rebases it on the current version. It is decided either by consent
in the body the document governs (a ``ConsentDecision``, §2) or by a general-assembly resolution
(§4); ``settle_amendment`` reads that decision's outcome once it has ended.

``documents`` holds the documents, their versions and ``AmendmentError``, ``amendments`` an
amendment's own steps, ``decisions`` its decision and settlement, ``register`` the
accountability register, ``texts`` articles and differences; callers use
``services.rules.<name>``.
"""

from coopilote.governance.services.rules.amendments import (
    MAX_COMMENT,
    comment,
    propose_amendment,
    rebase,
    withdraw,
)
from coopilote.governance.services.rules.decisions import (
    assemblies_for,
    cannot_apply,
    decision_outcome,
    resolution_outcome,
    send_to_assembly,
    send_to_consent,
    settle_amendment,
)
from coopilote.governance.services.rules.documents import (
    AmendmentError,
    create_document,
    current_version,
    is_stale,
)
from coopilote.governance.services.rules.register import (
    delete_accountability,
    save_accountability,
)
from coopilote.governance.services.rules.texts import (
    Block,
    Diff,
    Segment,
    article_text,
    diff_texts,
    sections,
    splice_article,
)

__all__ = [
    "MAX_COMMENT",
    "AmendmentError",
    "Block",
    "Diff",
    "Segment",
    "article_text",
    "assemblies_for",
    "cannot_apply",
    "comment",
    "create_document",
    "current_version",
    "decision_outcome",
    "delete_accountability",
    "diff_texts",
    "is_stale",
    "propose_amendment",
    "rebase",
    "resolution_outcome",
    "save_accountability",
    "sections",
    "send_to_assembly",
    "send_to_consent",
    "settle_amendment",
    "splice_article",
    "withdraw",
]
