"""One request's values, errors and choices never show in the next request's form (its quick
widgets keep no state between renders)."""

from __future__ import annotations

from coopilote.directory.forms import DirectorySearchForm
from coopilote.directory.tests.conftest import commune


def test_one_forms_data_and_errors_do_not_reach_the_next(db):
    commune("69123")
    first = DirectorySearchForm({"departement": "69", "statut": "scic", "naf": "??", "q": "bois"})
    assert not first.is_valid()
    html = "".join(str(first[name]) for name in first.fields)
    assert 'value="69" selected' in html and 'value="scic" selected' in html

    second = DirectorySearchForm({})
    assert second.is_valid() and not second.errors
    html = "".join(str(second[name]) for name in second.fields)
    assert " selected" not in html.replace('value="" selected', "")
    assert "bois" not in html and "??" not in html
    assert str(second["q"]) == str(DirectorySearchForm()["q"])
