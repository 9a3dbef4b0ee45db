"""A draw that anyone can check: publish first, draw after, replay any time.

The order of events is what makes a lottery verifiable (Flanigan, Kehne & Procaccia, NeurIPS
2021, §6 "transparent lotteries"):

1. Before the seed exists, the organiser publishes the frozen pool's fingerprint
   (``pool_digest``), the quotas, ``k``, the algorithm version and the ``m`` numbered panels of
   the lottery (``PublishedDraw``). Nothing chosen later can move a person into a panel.
2. The seed is made of public values announced in advance: dice thrown in the assembly, a
   future public lottery result, sealed contributions revealed together. A sealed contribution
   is published as ``commitment(value, salt)`` first and checked with ``verify_commitment`` once
   revealed, so nobody can choose their value after seeing the others'.
3. ``seed_from_contributions`` hashes the revealed values; ``panel_number(seed, m)`` is the seed
   modulo ``m``; ``replay`` checks the pool against its fingerprint and returns that panel.

The pool is a table: ``columns`` and one row per person (a sequence in column order, or a
mapping by column). Its canonical form — values in NFC with surrounding spaces removed, rows
sorted — is what the fingerprint covers, so the order of a pool file does not matter, and panels
index people in that sorted order (``canonical_rows``). A person added, removed or altered after
publication changes the fingerprint: ``replay`` refuses with ``PoolMismatchError``.

Pure Python, standard library only: an audit needs nothing but this file and the published data.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "PoolMismatchError",
    "PublishedDraw",
    "canonical_rows",
    "commitment",
    "panel_number",
    "pool_digest",
    "replay",
    "seed_from_contributions",
    "verify_commitment",
]

Row = Sequence[str] | Mapping[str, str]


class PoolMismatchError(ValueError):
    """The pool given to ``replay`` is not the one whose fingerprint was published."""


def _clean(value: Any) -> str:
    return unicodedata.normalize("NFC", str(value)).strip()


def canonical_rows(rows: Sequence[Row], columns: Sequence[str]) -> list[tuple[str, ...]]:
    """The rows as tuples of clean values in ``columns`` order, sorted: the order panels use."""
    names = [_clean(name) for name in columns]
    table = []
    for row in rows:
        if isinstance(row, Mapping):
            clean = {_clean(key): value for key, value in row.items()}
            values = tuple(_clean(clean.get(name, "")) for name in names)
        else:
            if len(row) != len(names):
                raise ValueError(
                    f"a row has {len(row)} values for {len(names)} columns: {list(row)!r}"
                )
            values = tuple(_clean(value) for value in row)
        table.append(values)
    return sorted(table)


def canonical_text(rows: Sequence[Row], columns: Sequence[str]) -> str:
    """The canonical pool as CSV text (UTF-8 once encoded, ``\\n`` line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_clean(name) for name in columns])
    writer.writerows(canonical_rows(rows, columns))
    return buffer.getvalue()


def pool_digest(rows: Sequence[Row], columns: Sequence[str]) -> str:
    """SHA-256 (hex) of the canonical pool: the same for any order of the rows."""
    return hashlib.sha256(canonical_text(rows, columns).encode("utf-8")).hexdigest()


def commitment(value: str, salt: str) -> str:
    """The sealed form of a contribution, published before it is revealed.

    The salt and the value are hashed as a JSON pair, not joined by a separator: with
    ``salt + ":" + value`` the same commitment would open as (``a:b``, ``c``) or (``a``, ``b:c``),
    letting a contributor choose their value after seeing the others'.
    """
    pair = json.dumps([salt, _clean(value)], ensure_ascii=False)
    return hashlib.sha256(pair.encode("utf-8")).hexdigest()


def verify_commitment(sealed: str, value: str, salt: str) -> bool:
    return hmac.compare_digest(sealed.strip().lower(), commitment(value, salt))


def seed_from_contributions(values: Sequence[str]) -> int:
    """The seed: SHA-256 of the revealed values, sorted, as a JSON list; read as an integer.

    Sorting makes the seed independent of the order in which values were typed in; JSON keeps
    one value containing a line break from reading as two values.
    """
    text = json.dumps(sorted(_clean(value) for value in values), ensure_ascii=False)
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")


def panel_number(seed: int, m: int) -> int:
    if m <= 0:
        raise ValueError("the lottery needs at least one panel")
    return seed % m


@dataclass(frozen=True)
class PublishedDraw:
    """Everything published before the seed exists."""

    pool_sha256: str
    quotas: Any
    k: int
    algorithm_version: str
    # Numbered panels: panel i is ``panels[i]``, indices into ``canonical_rows`` of the pool.
    panels: list[list[int]] = field(default_factory=list)
    # The pool's columns in fingerprint order (optional: a replay may pass the file's header).
    columns: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(
            {
                "pool_sha256": self.pool_sha256,
                "quotas": self.quotas,
                "k": self.k,
                "algorithm_version": self.algorithm_version,
                "panels": [sorted(int(i) for i in panel) for panel in self.panels],
                "columns": list(self.columns),
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> PublishedDraw:
        data = json.loads(text)
        return cls(
            pool_sha256=str(data["pool_sha256"]),
            quotas=data["quotas"],
            k=int(data["k"]),
            algorithm_version=str(data["algorithm_version"]),
            panels=[[int(i) for i in panel] for panel in data["panels"]],
            columns=[str(c) for c in data.get("columns", [])],
        )


def replay(
    published: PublishedDraw,
    pool_rows: Sequence[Row],
    seed: int,
    columns: Sequence[str] | None = None,
) -> list[int]:
    """The drawn panel (indices into the canonical pool), after checking the pool's fingerprint.

    ``pool_rows`` may be a CSV's data rows in any order; ``columns`` defaults to the published
    ones, then to the rows' keys when they are mappings.
    """
    names: Sequence[str] | None = columns or published.columns or None
    if names is None:
        first = pool_rows[0] if pool_rows else None
        if not isinstance(first, Mapping):
            raise ValueError("give the pool's columns (the header of the pool file)")
        names = list(first.keys())
    digest = pool_digest(pool_rows, names)
    if digest != published.pool_sha256:
        raise PoolMismatchError(
            f"the pool's fingerprint is {digest}, the published one {published.pool_sha256}: "
            "the pool changed after publication (a person added, removed or altered)"
        )
    panel = published.panels[panel_number(seed, len(published.panels))]
    return sorted(int(i) for i in panel)
