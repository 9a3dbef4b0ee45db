"""The directory map's points: the search's cooperatives counted per commune, in one query.

We only know each cooperative's commune, so a marker is a commune's point, and its popup links
to the same search restricted to that commune (the list names them). Nationally that is a few
thousand points, each ``[lat, lon, count, INSEE code, commune name]`` (~40 bytes; the names and
ids of the cooperatives would triple it).

Measured on the national demo (4,721 cooperatives, 3,600 communes), most of the time went to
joining the 35,000 communes and to ``json.dumps``. So the query only counts the search's
cooperatives per commune (the search's ordering dropped: a map has no order, and ranking every
match is the costly part of a text search), and each commune's point is kept per process as
ready JSON around its count. Communes are reference data (``load_reference``, at deploy time):
the fragments are dropped when a commune is saved through the ORM, and anyway every hour.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.db.models.signals import post_delete, post_save

from coopilote.core.models import Commune
from coopilote.directory.forms import DirectorySearchForm

# 4 decimals ≈ 11 m: finer than a commune's point deserves, and fewer bytes than the float.
COORDINATE_DECIMALS = 4
FRAGMENTS_TTL_SECONDS = 3600


class CommuneFragments:
    """INSEE code → the JSON around its count: ``('[lat,lon,', ',"code","name"]')``, or None
    when the commune has no known point."""

    def __init__(self) -> None:
        self._fragments: dict[str, tuple[str, str] | None] = {}
        self._filled_at = time.monotonic()

    def clear(self, **_: Any) -> None:
        self._fragments = {}
        self._filled_at = time.monotonic()

    def get(self, codes: list[str]) -> dict[str, tuple[str, str] | None]:
        if time.monotonic() - self._filled_at > FRAGMENTS_TTL_SECONDS:
            self.clear()
        fragments = self._fragments
        missing = [code for code in codes if code not in fragments]
        if missing:
            rows = Commune.objects.filter(code__in=missing).values_list(
                "code", "name", "latitude", "longitude"
            )
            for code, name, lat, lon in rows:
                fragments[code] = _fragment(code, name, lat, lon)
        return fragments


def _fragment(code: str, name: str, lat: float | None, lon: float | None) -> tuple[str, str] | None:
    if lat is None or lon is None:
        return None
    head = f"[{round(lat, COORDINATE_DECIMALS)!r},{round(lon, COORDINATE_DECIMALS)!r},"
    tail = "," + json.dumps([code, name], ensure_ascii=False, separators=(",", ":"))[1:]
    return head, tail


FRAGMENTS = CommuneFragments()
post_save.connect(FRAGMENTS.clear, sender=Commune, dispatch_uid="directory_map_fragments_save")
post_delete.connect(FRAGMENTS.clear, sender=Commune, dispatch_uid="directory_map_fragments_del")


@dataclass
class MapData:
    points: list[str]  # each point's JSON
    total: int
    unlocated: int

    def to_json(self, **extra: str) -> str:
        """``{"total":…,"unlocated":…,<extra strings>,"points":[[lat,lon,count,code,name],…]}``."""
        head = {"total": self.total, "unlocated": self.unlocated, **extra}
        prefix = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
        return prefix + ',"points":[' + ",".join(self.points) + "]}"


def points_for(form: DirectorySearchForm) -> MapData:
    """The cooperatives the same search lists, as points (one per located commune)."""
    cooperatives = form.ordered().cooperatives
    counts = list(cooperatives.order_by().values_list("commune_id").annotate(count=Count("pk")))
    fragments = FRAGMENTS.get([code for code, _ in counts if code is not None])
    points: list[str] = []
    total = unlocated = 0
    for code, count in counts:
        total += count
        fragment = fragments.get(code) if code is not None else None
        if fragment is None:
            unlocated += count  # no commune, or a commune without a known point
            continue
        points.append(f"{fragment[0]}{count}{fragment[1]}")
    return MapData(points=points, total=total, unlocated=unlocated)
