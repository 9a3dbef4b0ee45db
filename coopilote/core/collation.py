"""French alphabetical order, on both databases.

Databases sort text by bytes unless told otherwise (here PostgreSQL runs with the C.UTF-8
collation, SQLite always does): « Éco » lands after « Zinc » and « aide » after « Zoé ». French
order ignores case and accents first. PostgreSQL has it from ICU (``fr-x-icu``); SQLite gets a
collation of the same name, written in Python, on each new connection.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import connections
from django.db.models import F, OrderBy
from django.db.models.functions import Collate


def collation_name() -> str:
    return str(getattr(settings, "FRENCH_COLLATION", "fr-x-icu"))


# ICU reads « œ » as « oe » and the typographic apostrophe as punctuation, before the letters.
_AS_ICU = str.maketrans({"œ": "oe", "æ": "ae", "’": "'", "‘": "'"})


@functools.lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple[str, str, str]:
    """As ICU compares: the letters first, then the accents (« cote » < « côte »), then the case,
    small letters first (« côte » < « Côte »)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_AS_ICU))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare, decomposed, text.swapcase()


def french(field: str, *, descending: bool = False) -> OrderBy:
    """``order_by(french("name"))``: the field in French alphabetical order."""
    expression = Collate(F(field), collation_name())
    return expression.desc() if descending else expression.asc()


def _compare(left: str, right: str) -> int:
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def install_on_sqlite(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Signal receiver (``connection_created``): the collation ``french`` needs on SQLite."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(collation_name(), _compare)


@register(Tags.database)
def collation_exists(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[Any]:
    """On PostgreSQL, the collation must exist (run by ``migrate`` and ``check --database``):
    without it every sorted list would fail."""
    errors: list[Any] = []
    name = collation_name()
    if not _VALID_NAME.match(name):
        errors.append(
            Error(
                f"FRENCH_COLLATION « {name} »: letters, digits, « _ » and « - » only.",
                id="core.E010",
            )
        )
        return errors
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [name])
            if cursor.fetchone() is None:
                errors.append(
                    Error(
                        f"PostgreSQL has no collation « {name} » (FRENCH_COLLATION).",
                        hint="Use a PostgreSQL built with ICU, or set FRENCH_COLLATION to one "
                        "listed by « SELECT collname FROM pg_collation ».",
                        id="core.E011",
                    )
                )
    return errors


_VALID_NAME = re.compile(r"^[\w-]+$")
