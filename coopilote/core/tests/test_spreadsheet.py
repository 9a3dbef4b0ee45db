"""Exported cells never run as formulas, and importing them back gives the original text."""

from hypothesis import given
from hypothesis import strategies as st

from coopilote.core.spreadsheet import FORMULA_STARTS, neutralize, unneutralize


@given(st.text())
def test_a_neutralized_cell_never_starts_a_formula_and_round_trips(text):
    cell = neutralize(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert unneutralize(cell) == text


def test_formula_looking_cells_are_quoted_and_plain_ones_left_alone():
    assert neutralize("=SUM(A1:A9)") == "'=SUM(A1:A9)"
    assert neutralize("-10 %") == "'-10 %"
    assert neutralize("\tcaché") == "'\tcaché"
    assert neutralize("Menuiserie des Monts") == "Menuiserie des Monts"
