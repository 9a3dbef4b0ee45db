"""The secret ballot's machinery, shared by polls (``voting``) and assembly resolutions
(``governance``): the émargement kept apart from an anonymous ballot, the receipt, the database
clock.

- ``Emargement`` (abstract): who voted and on which *day* — never the time. Not a ``BaseModel``:
  its creation timestamps would date each vote to the microsecond.
- ``AnonymousBallot`` (abstract): a random key and the SHA-256 of the voter's receipt; a concrete
  ballot adds what it was cast in (a poll, a resolution) and, for a secret vote, nothing that
  names a person or a time.
- ``seal``: write the émargement, then the anonymous ballot, in the caller's transaction; a second
  émargement of the same person is refused by the concrete model's unique constraint.
- ``database_now``: the database clock when a row still accepts votes, so every web server obeys
  one clock.
- ``clean_grades``: a majority-judgment ballot checked against its options and scale.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import secrets
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "RECEIPT_BYTES",
    "AlreadyVoted",
    "AnonymousBallot",
    "Emargement",
    "VotingError",
    "clean_grades",
    "database_now",
    "new_receipt",
    "normalize_receipt",
    "receipt_hash",
    "seal",
]

RECEIPT_BYTES = 16  # 128 bits: guessing someone else's receipt is hopeless


class VotingError(Exception):
    """A refusal worth showing to the person as it is (a lazy, translatable message)."""

    def __init__(self, message: Any) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class AlreadyVoted(VotingError):
    pass


def new_receipt() -> str:
    """A random receipt, in groups of four letters and digits easy to copy by hand."""
    text = base64.b32encode(secrets.token_bytes(RECEIPT_BYTES)).decode().rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalize_receipt(receipt: str) -> str:
    # People retype receipts: case, spaces and dashes must not matter.
    return "".join(ch for ch in receipt.upper() if ch.isalnum())


def receipt_hash(receipt: str) -> str:
    return hashlib.sha256(normalize_receipt(receipt).encode()).hexdigest()


def clean_grades(
    options: Iterable[Any],
    scale: int,
    grades: Mapping[Any, Any],
    *,
    error: type[VotingError],
    unknown_option: Any,
    bad_grade: Any,
) -> dict[Any, int]:
    """Every option gets a grade in ``range(scale)``: the one given, or the lowest (0) when left
    ungraded — an ungraded option is not a blank ballot. Raises ``error(unknown_option)`` for an
    option not on the ballot, ``error(bad_grade)`` for a grade off the scale."""
    keys = {str(pk): pk for pk in options}
    clean = dict.fromkeys(keys.values(), 0)
    for key, value in grades.items():
        if str(key) not in keys:
            raise error(unknown_option)
        if value is None or value == "":
            continue
        try:
            grade = int(value)
        except (TypeError, ValueError) as exc:
            raise error(bad_grade) from exc
        if not 0 <= grade < scale:
            raise error(bad_grade)
        clean[keys[str(key)]] = grade
    return clean


def database_now(still_open: models.QuerySet[Any]) -> datetime.datetime | None:
    """The database's clock if ``still_open`` (filtered on the clock: ``closes_at__gt=Now()``)
    still holds a row; None when voting is over (or not yet open)."""
    value: datetime.datetime | None = (
        still_open.annotate(db_now=Now()).values_list("db_now", flat=True).first()
    )
    return value


class Emargement(models.Model):
    """The émargement: this person voted on this day. Concrete models add the vote and the
    person, and a unique constraint on both — the last line of defence against a double vote."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    voted_on = models.DateField(_("voted on"))

    class Meta:
        abstract = True


class AnonymousBallot(models.Model):
    """An anonymous ballot: a random key (no sequence to order ballots by), its receipt hash."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    receipt_hash = models.CharField(_("receipt fingerprint"), max_length=64, unique=True)

    class Meta:
        abstract = True


E = TypeVar("E", bound=Emargement)
B = TypeVar("B", bound=AnonymousBallot)


def seal(
    now: datetime.datetime,
    emargement: Callable[[datetime.date], E],
    ballot: Callable[[str], B],
    already_voted: Any,
) -> tuple[E, B, str]:
    """Sign the émargement, then drop the anonymous ballot; return both and the receipt.

    Call inside the caller's transaction, once the voter's row is locked and the database clock
    ``now`` read. ``emargement(day)`` creates the émargement row; ``ballot(hash)`` the ballot
    with that receipt hash. The receipt itself is returned once and stored nowhere. A duplicate
    émargement raises ``AlreadyVoted(already_voted)``.
    """
    receipt = new_receipt()
    try:
        with transaction.atomic():
            signed = emargement(timezone.localdate(now))
    except IntegrityError as exc:
        raise AlreadyVoted(already_voted) from exc
    return signed, ballot(receipt_hash(receipt)), receipt
