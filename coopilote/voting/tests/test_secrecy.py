"""What the database keeps: the voter apart from the ballot, the day apart from the time."""

import hashlib

from django.contrib import admin
from django.db import models
from django.urls import reverse

from coopilote.core.models import AuditEvent
from coopilote.voting import services
from coopilote.voting.models import Ballot, BallotGrade, Participation, Poll
from coopilote.voting.tests.conftest import option_ids

VOTER_MODELS = {"members.person", "accounts.user"}


def _fields(model):
    return model._meta.get_fields()


def test_a_ballot_has_no_link_to_a_person_or_a_user():
    for model in (Ballot, BallotGrade):
        related = {
            field.related_model._meta.label_lower
            for field in _fields(model)
            if field.is_relation and field.related_model is not None
        }
        assert not related & VOTER_MODELS, model


def test_a_ballot_stores_no_date_nor_time():
    for model in (Ballot, BallotGrade):
        assert not [
            field.name
            for field in _fields(model)
            if isinstance(field, models.DateField | models.TimeField | models.DurationField)
        ], model


def test_a_ballot_is_only_a_random_key_its_poll_and_a_receipt_fingerprint():
    concrete = {field.name for field in Ballot._meta.concrete_fields}
    assert concrete == {"id", "poll", "receipt_hash"}
    assert isinstance(Ballot._meta.pk, models.UUIDField)
    assert isinstance(BallotGrade._meta.pk, models.UUIDField)  # no sequence to order ballots by


def test_the_emargement_keeps_the_day_of_the_vote_not_its_time():
    dated = {
        field.name: type(field)
        for field in Participation._meta.concrete_fields
        if isinstance(field, models.DateField)
    }
    assert dated == {"voted_on": models.DateField}


def test_a_ballot_keeps_only_the_hash_of_the_receipt(world, open_poll):
    receipt = services.cast_ballot(world.people["member"], open_poll, {})
    ballot = Ballot.objects.get(poll=open_poll)
    normalized = receipt.replace("-", "")
    assert ballot.receipt_hash == hashlib.sha256(normalized.encode()).hexdigest()
    assert len(normalized) >= 26  # 128 random bits in base 32
    stored = [str(value) for value in Ballot.objects.values_list("pk", "receipt_hash").get()]
    assert not any(normalized in value for value in stored)


def test_two_receipts_differ(world, open_poll):
    first = services.cast_ballot(world.people["member"], open_poll, {})
    second = services.cast_ballot(world.people["referent"], open_poll, {})
    assert first != second


def test_casting_a_ballot_writes_no_audit_row(world, open_poll):
    before = AuditEvent.objects.count()
    first = option_ids(open_poll)[0]
    services.cast_ballot(world.people["member"], open_poll, {first: 5})
    assert AuditEvent.objects.count() == before


def test_audit_rows_of_the_workflow_never_hold_grades(world, closed_poll):
    events = AuditEvent.objects.for_object(closed_poll)
    assert {event.action for event in events} == {"poll.create", "poll.open", "poll.close"}
    for event in events:
        assert "grades" not in event.summary and "counts" not in str(event.summary)
    close = events.get(action="poll.close")
    assert close.summary["ballots"] == 2
    assert close.summary["results_sha256"] == services.tally_digest(
        type(closed_poll).objects.get(pk=closed_poll.pk).results_snapshot
    )


def test_the_back_office_offers_no_ballot_nor_emargement_to_edit():
    registered = set(admin.site._registry)
    assert Poll in registered
    assert not {Ballot, BallotGrade, Participation} & registered


def test_an_opened_poll_is_read_only_in_the_back_office(world, open_poll, client):
    client.force_login(world.user("admin"))
    url = reverse("admin:voting_poll_change", args=[open_poll.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"title": "Changé"})
    open_poll.refresh_from_db()
    assert open_poll.title == "Priorités du congrès"
