"""Command line: ``python -m coopilote.algorithms.sortition --categories C.csv --respondents
R.csv --panel-size K [--algorithm leximin|legacy] [--lottery M] --json OUT.json`` (or
``--features F.csv --candidates C.csv`` for the ``sortition-algorithms`` format).

Exit status 2, with a message and no traceback, on invalid input or impossible quotas.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import highspy

from coopilote.algorithms.sortition.io import read_fixture, read_replication
from coopilote.algorithms.sortition.legacy import legacy
from coopilote.algorithms.sortition.leximin import leximin
from coopilote.algorithms.sortition.lottery import lottery
from coopilote.algorithms.sortition.model import SortitionInputError


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m coopilote.algorithms.sortition",
        description="Tirage au sort d'un panel citoyen avec quotas (LEXIMIN ou LEGACY).",
    )
    p.add_argument("--categories", type=Path, help="category,feature,min,max")
    p.add_argument("--respondents", type=Path, help="une colonne par catégorie")
    p.add_argument("--features", type=Path, help="feature,value,min,max,...")
    p.add_argument("--candidates", type=Path, help="id, contacts, une colonne par feature")
    p.add_argument("--panel-size", type=int, required=True)
    p.add_argument("--algorithm", choices=["leximin", "legacy"], default="leximin")
    p.add_argument("--lottery", type=int, metavar="M", help="loterie uniforme sur M panels")
    p.add_argument("--draws", type=int, default=1_000, help="tirages LEGACY (estimation)")
    p.add_argument("--seed", type=int, default=0, help="graine LEGACY")
    p.add_argument("--json", type=Path, required=True, help="fichier de sortie")
    return p


def run(arguments: argparse.Namespace) -> dict[str, Any]:
    if arguments.categories and arguments.respondents:
        instance = read_replication(
            arguments.categories, arguments.respondents, arguments.panel_size
        )
    elif arguments.features and arguments.candidates:
        instance = read_fixture(arguments.features, arguments.candidates, arguments.panel_size)
    else:
        raise SortitionInputError(
            "Donner --categories et --respondents, ou --features et --candidates."
        )
    if arguments.algorithm == "leximin":
        distribution = leximin(instance)
    else:
        distribution = legacy(instance, draws=arguments.draws, seed=arguments.seed)
    output: dict[str, Any] = {
        "algorithm": distribution.algorithm,
        "n": distribution.n,
        "k": distribution.k,
        "ids": list(instance.pool.ids),
        "minimum_probability": distribution.minimum,
        "probabilities": list(distribution.probabilities),
        "panels": [list(panel) for panel in distribution.panels],
        "weights": list(distribution.weights),
        "seconds": distribution.seconds,
        "details": distribution.details,
    }
    if arguments.lottery is not None:
        drawn = lottery(distribution, arguments.lottery)
        output.update(
            {
                "lottery_m": drawn.m,
                "lottery_panels": [list(panel) for panel in drawn.panels],
                "lottery_probabilities": list(drawn.probabilities),
                "max_deviation": drawn.max_deviation,
                "deviation_bound": drawn.deviation_bound,
                "lottery_seconds": drawn.seconds,
            }
        )
    return output


def quiet_highs_banner() -> None:
    """HiGHS prints its banner on stdout at the first ``Highs()`` of a process: absorb it."""
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    quiet_highs_banner()
    try:
        output = run(arguments)
    except SortitionInputError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 2
    try:
        arguments.json.write_text(json.dumps(output), encoding="utf-8")
    except OSError as error:
        print(f"Erreur : écriture de {arguments.json} impossible ({error}).", file=sys.stderr)
        return 2
    print(
        f"{output['algorithm']} : n={output['n']}, k={output['k']}, probabilité minimale "
        f"{output['minimum_probability']:.4f}, {len(output['panels'])} panels, "
        f"{output['seconds']:.2f} s -> {arguments.json}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
