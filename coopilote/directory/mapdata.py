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

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, QuerySet
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

    def known(self) -> dict[str, tuple[str, str] | None]:
        """The communes this process has placed so far."""
        if time.monotonic() - self._filled_at > FRAGMENTS_TTL_SECONDS:
            self.clear()
        return self._fragments

    def get(self, codes: list[str]) -> dict[str, tuple[str, str] | None]:
        """Those and ``codes``' communes, the missing ones read in one query."""
        fragments = self.known()
        missing = [code for code in codes if code not in fragments]
        if missing:
            rows = Commune.objects.filter(code__in=missing).values_list(
                "code", "name", "latitude", "longitude"
            )
            for code, name, lat, lon in rows:
                fragments[code] = _fragment(code, name, lat, lon)
            for code in missing:
                fragments.setdefault(code, None)  # no such commune: no point either
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
    counts = _rows(cooperatives.order_by().values_list("commune_id").annotate(count=Count("pk")))
    # The process soon knows every commune with a cooperative: looking each one up as the points
    # are written, and only going back for the missing ones, saves a pass over thousands.
    try:
        return _points(counts, FRAGMENTS.known())
    except KeyError:
        return _points(counts, FRAGMENTS.get([code for code, _ in counts if code is not None]))


def _points(counts: list[tuple[Any, ...]], fragments: dict[str, tuple[str, str] | None]) -> MapData:
    """The points of ``counts`` (INSEE code, count); KeyError for a commune not in
    ``fragments``."""
    points: list[str] = []
    total = unlocated = 0
    for code, count in counts:
        total += count
        fragment = fragments[code] if code is not None else None
        if fragment is None:
            unlocated += count  # no commune, or a commune without a known point
            continue
        points.append(f"{fragment[0]}{count}{fragment[1]}")
    return MapData(points=points, total=total, unlocated=unlocated)


def _rows(query: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The query's rows as the database driver returns them. For (INSEE code, count) rows the
    driver's types are already the right ones, and Django's converters (a call per row and
    column, for every commune of France) cost more than the query itself."""
    try:
        sql, params = query.query.get_compiler(using=query.db).as_sql()
    except EmptyResultSet:  # e.g. nothing within the radius: the ORM would not ask either
        return []
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
