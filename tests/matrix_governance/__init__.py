from tests.matrix import Page
from tests.matrix_governance import (
    assemblies,
    consent,
    conventions,
    elections,
    mandates,
    practices,
    rules,
)

PAGES: list[Page] = [
    *mandates.PAGES,
    *consent.PAGES,
    *elections.PAGES,
    *assemblies.PAGES,
    *rules.PAGES,
    *practices.PAGES,
    *conventions.PAGES,
]
