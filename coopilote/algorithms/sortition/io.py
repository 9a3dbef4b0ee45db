"""Reading sortition instances from CSV files (French error messages naming file and line).

Two formats:

- replication data (Flanigan et al. 2021): ``categories.csv`` = ``category,feature,min,max``;
  ``respondents.csv`` = a header of category names, then one row per person;
- ``sortition-algorithms`` fixture: ``features.csv`` = ``feature,value,min,max,min_flex,max_flex``
  (only ``min``/``max`` are used); ``candidates.csv`` = an id column, contact columns, then one
  column per feature (columns are found by name).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

from coopilote.algorithms.sortition.model import (
    FeatureQuota,
    Instance,
    Pool,
    SortitionInputError,
)


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of a CSV file, skipping blank lines."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for line, row in enumerate(csv.reader(handle), start=1):
                cells = [cell.strip() for cell in row]
                if any(cells):
                    yield line, cells
    except OSError as error:
        raise SortitionInputError(f"{path} : lecture impossible ({error.strerror}).") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise SortitionInputError(f"{path} : fichier illisible ({error}).") from None


def _header(
    path: Path, rows: Iterator[tuple[int, list[str]]], required: Sequence[str]
) -> list[str]:
    first = next(rows, None)
    if first is None:
        raise SortitionInputError(f"{path} : fichier vide.")
    line, header = first
    missing = [name for name in required if name not in header]
    if missing:
        raise SortitionInputError(
            f"{path}, ligne {line} : colonne(s) manquante(s) : {', '.join(missing)}."
        )
    return header


def _integer(path: Path, line: int, name: str, text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise SortitionInputError(
            f"{path}, ligne {line} : « {name} » doit être un entier, pas « {text} »."
        ) from None
    if value < 0:
        raise SortitionInputError(f"{path}, ligne {line} : « {name} » négatif ({value}).")
    return value


def read_quotas(
    path: Path, category_column: str = "category", value_column: str = "feature"
) -> tuple[FeatureQuota, ...]:
    rows = _rows(path)
    header = _header(path, rows, [category_column, value_column, "min", "max"])
    where = {name: header.index(name) for name in (category_column, value_column, "min", "max")}
    quotas: list[FeatureQuota] = []
    seen: set[tuple[str, str]] = set()
    for line, cells in rows:
        if len(cells) < len(header):
            raise SortitionInputError(
                f"{path}, ligne {line} : {len(cells)} colonnes au lieu de {len(header)}."
            )
        category, value = cells[where[category_column]], cells[where[value_column]]
        if not category or not value:
            raise SortitionInputError(f"{path}, ligne {line} : catégorie ou valeur vide.")
        low = _integer(path, line, "min", cells[where["min"]])
        high = _integer(path, line, "max", cells[where["max"]])
        if low > high:
            raise SortitionInputError(f"{path}, ligne {line} : min {low} > max {high}.")
        if (category, value) in seen:
            raise SortitionInputError(
                f"{path}, ligne {line} : quota en double pour « {category} » = « {value} »."
            )
        seen.add((category, value))
        quotas.append(FeatureQuota(category, value, low, high))
    if not quotas:
        raise SortitionInputError(f"{path} : aucun quota.")
    return tuple(quotas)


def read_people(
    path: Path, categories: Sequence[str], id_column: int | None = None
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """(categories kept, ids, people): only the columns named in ``categories`` are read."""
    rows = _rows(path)
    wanted = list(dict.fromkeys(categories))
    header = _header(path, rows, wanted)
    columns = [header.index(name) for name in wanted]
    people: list[tuple[str, ...]] = []
    ids: list[str] = []
    for line, cells in rows:
        if len(cells) != len(header):
            raise SortitionInputError(
                f"{path}, ligne {line} : {len(cells)} colonnes au lieu de {len(header)}."
            )
        person = tuple(cells[c] for c in columns)
        empty = [name for name, value in zip(wanted, person, strict=True) if not value]
        if empty:
            raise SortitionInputError(
                f"{path}, ligne {line} : valeur vide pour {', '.join(empty)}."
            )
        people.append(person)
        if id_column is not None:
            ids.append(cells[id_column])
    if not people:
        raise SortitionInputError(f"{path} : aucune personne.")
    return tuple(wanted), tuple(ids), tuple(people)


def _instance(
    quotas_path: Path,
    people_path: Path,
    quotas: tuple[FeatureQuota, ...],
    categories: tuple[str, ...],
    ids: tuple[str, ...],
    people: tuple[tuple[str, ...], ...],
    k: int,
) -> Instance:
    known = {(quota.category, quota.value) for quota in quotas}
    for index, person in enumerate(people):
        for category, value in zip(categories, person, strict=True):
            if (category, value) not in known:
                raise SortitionInputError(
                    f"{people_path}, personne {index} (ligne {index + 2}) : valeur « {value} » "
                    f"de « {category} » absente de {quotas_path}."
                )
    return Instance(Pool(categories, people, ids), quotas, k)


def read_replication(categories_path: Path, respondents_path: Path, k: int) -> Instance:
    """``categories.csv`` + ``respondents.csv`` of the replication data."""
    quotas = read_quotas(categories_path)
    names = list(dict.fromkeys(quota.category for quota in quotas))
    categories, ids, people = read_people(respondents_path, names)
    return _instance(categories_path, respondents_path, quotas, categories, ids, people, k)


def read_fixture(features_path: Path, candidates_path: Path, k: int) -> Instance:
    """``features.csv`` + ``candidates.csv`` of the ``sortition-algorithms`` fixture."""
    quotas = read_quotas(features_path, category_column="feature", value_column="value")
    names = list(dict.fromkeys(quota.category for quota in quotas))
    categories, ids, people = read_people(candidates_path, names, id_column=0)
    return _instance(features_path, candidates_path, quotas, categories, ids, people, k)
