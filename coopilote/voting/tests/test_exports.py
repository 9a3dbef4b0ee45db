"""Exports and receipts: anonymous ballots shuffled, fingerprints sorted, receipts checkable."""

import csv
import io
import random

import pytest
from django.urls import reverse

from coopilote.voting import services
from coopilote.voting.models import Ballot
from coopilote.voting.tests.conftest import add_members, client_as, make_poll, option_ids

VOTERS = 24


@pytest.fixture
def big_poll(world):
    """24 voters, each grading every option differently, then closed."""
    voters = add_members(world, VOTERS)
    poll = services.open_poll(world.user("staff"), make_poll(world))
    options = option_ids(poll)
    receipts = []
    for index, voter in enumerate(voters):
        grades = {pk: (index + shift) % 7 for shift, pk in enumerate(options)}
        receipts.append(services.cast_ballot(voter, poll, grades))
    services.close_poll(world.user("staff"), poll)
    poll.receipts = receipts
    return poll


def test_the_ballot_export_is_a_permutation_that_is_not_the_insertion_order(big_poll):
    stored = [str(pk) for pk in Ballot.objects.filter(poll=big_poll).values_list("pk", flat=True)]
    _options, rows = services.ballots_for_export(big_poll, rng=random.Random(1))
    exported = [ballot_id for ballot_id, _grades in rows]
    assert sorted(exported) == sorted(stored)
    assert exported != stored


def test_two_ballot_exports_come_in_different_orders(big_poll):
    # 24! orders: two equal draws have a probability of about 1e-24.
    first = [row[0] for row in services.ballots_for_export(big_poll)[1]]
    second = [row[0] for row in services.ballots_for_export(big_poll)[1]]
    assert first != second and sorted(first) == sorted(second)


def test_the_ballot_csv_holds_ballot_keys_and_grades_but_no_voter_nor_receipt(
    world, big_poll, client
):
    response = client.get(reverse("voting:ballots_csv", args=[big_poll.pk]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][1:] == [option.label for option in big_poll.options.all()]
    assert len(rows) == VOTERS + 1
    assert set(rows[1][1:]) <= set(big_poll.grades)
    for fingerprint in Ballot.objects.values_list("receipt_hash", flat=True):
        assert fingerprint not in text
    assert world.people["member"].last_name not in text


def test_receipt_fingerprints_are_published_sorted_after_closing(big_poll):
    hashes = services.receipt_hashes(big_poll)
    assert hashes == sorted(hashes)
    assert set(hashes) == {services.receipt_hash(receipt) for receipt in big_poll.receipts}


def test_a_voter_finds_their_receipt_however_they_type_it(big_poll):
    receipt = big_poll.receipts[0]
    assert services.check_receipt(big_poll, receipt)
    assert services.check_receipt(big_poll, " " + receipt.replace("-", " ").lower())
    assert not services.check_receipt(big_poll, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG")


def test_the_receipt_check_page_is_public_after_closing(big_poll, client):
    url = reverse("voting:receipt_check", args=[big_poll.pk])
    found = client.post(url, {"receipt": big_poll.receipts[3]})
    assert found.status_code == 200 and found.context["found"] is True
    missing = client.post(url, {"receipt": "ZZZZ-ZZZZ"})
    assert missing.context["found"] is False


def test_the_receipt_list_page_and_its_text_download(big_poll, client):
    url = reverse("voting:receipts", args=[big_poll.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert services.receipt_hash(big_poll.receipts[0]) in page.content.decode()
    text = client.get(url, {"format": "txt"}).content.decode()
    assert text.split() == services.receipt_hashes(big_poll)


def test_the_results_csv_lists_rank_option_majority_grade_and_counts(big_poll, client):
    response = client.get(reverse("voting:results_csv", args=[big_poll.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][3:] == big_poll.grades
    assert len(rows) == 4
    for row in rows[1:]:
        assert sum(int(count) for count in row[3:]) == VOTERS
        assert row[2] in big_poll.grades


def test_the_results_pdf_is_a_pdf(big_poll, client):
    response = client.get(reverse("voting:results_pdf", args=[big_poll.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_formula_in_an_option_label_is_neutralised_in_csv(world, client):
    poll = services.open_poll(world.user("staff"), make_poll(world, labels=["=HYPERLINK(1)"]))
    services.cast_ballot(world.people["member"], poll, {})
    services.close_poll(world.user("staff"), poll)
    text = client.get(reverse("voting:results_csv", args=[poll.pk])).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text


@pytest.mark.parametrize(
    "name", ["results_csv", "results_pdf", "ballots_csv", "receipts", "receipt_check", "results"]
)
def test_nothing_is_exported_before_the_results_are_published(world, voted_poll, client, name):
    response = client_as(client, world, "staff").get(
        reverse(f"voting:{name}", args=[voted_poll.pk])
    )
    # Back to the poll, which says when they come: no file, no count.
    assert response.status_code == 302
    assert response["Location"] == reverse("voting:poll", args=[voted_poll.pk])
    assert not response.get("Content-Disposition")
