"""Merit-profile bars as SVG geometry: widths are attributes, so the strict CSP holds."""

from __future__ import annotations

from dataclasses import dataclass

from coopilote.voting.tally import OptionResult

WIDTH = 1000  # the SVG's viewBox width; the browser scales it to the page

# ColorBrewer RdBu, 7 classes (red for "À rejeter" up to blue for "Excellent"): a diverging
# scale readable with the common colour-vision deficiencies; segments are also outlined.
PALETTE = ("#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac")


def colour(grade: int, grades: int) -> str:
    if grades <= 1:
        return PALETTE[-1]
    return PALETTE[round(grade * (len(PALETTE) - 1) / (grades - 1))]


@dataclass(frozen=True)
class Segment:
    grade: int
    label: str
    count: int
    percent: float
    x: float
    width: float
    colour: str


@dataclass(frozen=True)
class Bar:
    result: OptionResult
    segments: tuple[Segment, ...]
    rows: tuple[Segment, ...]  # every grade, for the table of counts


def bar(result: OptionResult, grades: list[str]) -> Bar:
    total = sum(result.counts)
    rows = []
    x = 0.0
    for grade, count in enumerate(result.counts):
        share = count / total if total else 0.0
        rows.append(
            Segment(
                grade=grade,
                label=grades[grade] if grade < len(grades) else str(grade),
                count=count,
                percent=round(share * 100, 1),
                x=round(x, 2),
                width=round(share * WIDTH, 2),
                colour=colour(grade, len(result.counts)),
            )
        )
        x += share * WIDTH
    return Bar(
        result=result,
        segments=tuple(row for row in rows if row.count),
        rows=tuple(rows),
    )


def legend(grades: list[str]) -> list[tuple[str, str]]:
    return [(label, colour(grade, len(grades))) for grade, label in enumerate(grades)]
