"""French full-text search of the directory, on PostgreSQL or SQLite (``connection.vendor``).

- PostgreSQL: ``DirectoryEntry.search_vector`` (GIN index) built with the ``french_unaccent``
  configuration (unaccent + French stemming, migration 0002), queried with
  ``websearch_to_tsquery`` and ranked by ``ts_rank``.
- SQLite: the FTS5 table ``directory_fts`` (``unicode61 remove_diacritics 2``), queried with
  prefix terms (``menuis`` finds "Menuiserie"), phrases and exclusions, ranked by ``bm25``.

Both are case- and accent-insensitive and understand ``"a phrase"`` and ``-word``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, FloatField, QuerySet, Value
from django.db.models.expressions import RawSQL

CONFIG = "french_unaccent"
FTS_TABLE = "directory_fts"
# Fixed SQL: the visitor's text only ever travels as a parameter.
_FTS_IDS = "SELECT entry_id FROM directory_fts WHERE directory_fts MATCH %s"
_FTS_INSERT = "INSERT INTO directory_fts (entry_id, document) VALUES (%s, %s)"
_FTS_DELETE = "DELETE FROM directory_fts WHERE entry_id = %s"
_FTS_CLEAR = "DELETE FROM directory_fts"
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_WORD = re.compile(r"\w+")


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


@dataclass
class Terms:
    """What a visitor typed: words, "quoted phrases" and -excluded words."""

    words: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    excluded: list[list[str]] = field(default_factory=list)

    @property
    def positive(self) -> bool:
        return bool(self.words or self.phrases)


def parse(text: str) -> Terms:
    terms = Terms()
    for match in _TOKEN.finditer(text):
        negated = bool(match.group(1) or match.group(3))
        quoted = match.group(2) is not None
        words = _WORD.findall(match.group(2) if quoted else match.group(4))
        if not words:
            continue
        if negated:
            terms.excluded.append(words)
        elif quoted:
            terms.phrases.append(words)
        else:
            terms.words.extend(words)
    return terms


def _quoted(words: Iterable[str]) -> str:
    return '"' + " ".join(words) + '"'  # \w+ words never hold a double quote


def fts5_expression(terms: Terms) -> str:
    """The FTS5 MATCH expression: each word a prefix, phrases kept, exclusions as NOT."""
    parts = [f"{_quoted([word])}*" for word in terms.words]
    parts += [_quoted(phrase) for phrase in terms.phrases]
    expression = " AND ".join(parts)
    for words in terms.excluded:
        expression += f" NOT {_quoted(words)}"
    return expression


def matching(queryset: QuerySet[Any], text: str) -> QuerySet[Any]:
    """Cooperatives whose entry matches ``text``, annotated with ``relevance`` (higher first)."""
    terms = parse(text)
    if not (terms.positive or terms.excluded):
        return queryset.annotate(relevance=Value(0.0, output_field=FloatField()))
    if is_postgresql():
        query = SearchQuery(text, search_type="websearch", config=CONFIG)
        return queryset.filter(directory_entry__search_vector=query).annotate(
            relevance=SearchRank(F("directory_entry__search_vector"), query)
        )
    if not terms.positive:
        # FTS5's NOT needs a left operand: "-word" alone excludes the entries holding it.
        for words in terms.excluded:
            queryset = queryset.exclude(pk__in=_fts_ids(_quoted(words)))
        return queryset.annotate(relevance=Value(0.0, output_field=FloatField()))
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    # bm25() only works with the FTS table in the FROM clause, hence extra() and not a join
    # the ORM could express; bm25 is lower for better matches.
    return queryset.extra(  # noqa: S610 -- fixed SQL, the expression is a parameter
        select={"relevance": f"-bm25({FTS_TABLE})"},
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.entry_id = {table}.id", f"{FTS_TABLE} MATCH %s"],
        params=[fts5_expression(terms)],
    )


def _fts_ids(expression: str) -> Any:
    return RawSQL(_FTS_IDS, [expression])  # noqa: S611 -- fixed SQL, the expression is a parameter


def index(documents: dict[Any, str], everything: bool = False) -> None:
    """Store the search form of each cooperative's document (cooperative pk → text).

    ``everything``: the documents are the whole directory (the SQLite table is rebuilt).
    """
    from coopilote.directory.models import DirectoryEntry

    if not documents:
        return
    if is_postgresql():
        DirectoryEntry.objects.filter(cooperative_id__in=list(documents)).update(
            search_vector=SearchVector("document", config=CONFIG)
        )
        return
    forget(None if everything else documents)
    rows = [(_db_id(pk), text) for pk, text in documents.items()]
    with connection.cursor() as cursor:
        cursor.executemany(_FTS_INSERT, rows)


def forget(cooperative_ids: Iterable[Any] | None) -> None:
    """Drop the SQLite FTS rows of these cooperatives, or all of them (None).

    PostgreSQL's vector lives in the entry's own row: nothing to do there.
    """
    if is_postgresql():
        return
    if cooperative_ids is None:
        with connection.cursor() as cursor:
            cursor.execute(_FTS_CLEAR)
        return
    # entry_id is UNINDEXED: one scan per id, fine for the few cooperatives of a partial refresh.
    ids = [(_db_id(pk),) for pk in cooperative_ids]
    with connection.cursor() as cursor:
        cursor.executemany(_FTS_DELETE, ids)


def _db_id(pk: Any) -> str:
    """A UUID as SQLite stores Django's UUIDField: 32 hex digits."""
    return pk.hex if hasattr(pk, "hex") else str(pk).replace("-", "")
