"""The poll workflow through the services: open, vote, close, results, recount."""

import datetime

import pytest
from django.db.models.functions import Now
from django.utils import timezone

from coopilote.members.models import Membership
from coopilote.members.tests.factories import PersonFactory
from coopilote.voting import services
from coopilote.voting.models import Ballot, BallotGrade, Electorate, Participation, Poll, Status
from coopilote.voting.tests.conftest import (
    add_members,
    make_poll,
    move_deadline_to_the_past,
    option_ids,
)


def status_of(poll):
    return Poll.objects.with_status().get(pk=poll.pk).status


def test_a_new_poll_is_a_draft_with_the_seven_french_grades(draft):
    assert status_of(draft) == Status.DRAFT
    assert draft.grades == [
        "À rejeter",
        "Insuffisant",
        "Passable",
        "Assez bien",
        "Bien",
        "Très bien",
        "Excellent",
    ]
    first = draft.options.first()
    assert (first.label, first.source_type, first.order) == (
        "Créer un fonds de garantie régional",
        "roadmap.proposal",
        0,
    )


def test_opening_freezes_the_members_of_the_unions_cooperatives_as_electorate(world, open_poll):
    electors = set(open_poll.electors.values_list("person_id", flat=True))
    assert electors == {world.people["member"].pk, world.people["referent"].pk}
    assert open_poll.electorate_frozen_at is not None
    assert status_of(open_poll) == Status.OPEN


def test_former_members_and_other_unions_members_are_not_electors(world):
    Membership.objects.filter(person=world.people["referent"]).update(
        end=timezone.localdate() - datetime.timedelta(days=1)
    )
    poll = services.open_poll(world.user("staff"), make_poll(world))
    assert set(poll.electors.values_list("person_id", flat=True)) == {world.people["member"].pk}


def test_a_member_who_joins_after_the_opening_cannot_vote(world, open_poll):
    (newcomer,) = add_members(world, 1)
    with pytest.raises(services.NotAnElector):
        services.cast_ballot(newcomer, open_poll, {})
    assert not Ballot.objects.exists()


def test_an_imported_list_is_the_electorate(world):
    outsider = PersonFactory()
    poll = make_poll(world, electorate=Electorate.LIST, electors=[outsider, world.people["staff"]])
    services.open_poll(world.user("staff"), poll)
    services.cast_ballot(outsider, poll, {})
    with pytest.raises(services.NotAnElector):
        services.cast_ballot(world.people["member"], poll, {})
    with pytest.raises(services.PollStateError):
        services.set_electors(world.user("staff"), poll, [world.people["member"]])


def test_a_poll_without_electors_does_not_open(world):
    poll = make_poll(world, electorate=Electorate.LIST, electors=[])
    with pytest.raises(services.PollStateError):
        services.open_poll(world.user("staff"), poll)
    assert status_of(poll) == Status.DRAFT


def test_nobody_votes_in_a_draft(world, draft):
    with pytest.raises(services.NotAnElector):
        services.cast_ballot(world.people["member"], draft, {})


def test_the_emargement_lists_who_voted_and_the_day(world, voted_poll):
    rows = set(Participation.objects.filter(poll=voted_poll).values_list("person_id", "voted_on"))
    today = timezone.localdate()
    assert rows == {(world.people["member"].pk, today), (world.people["referent"].pk, today)}
    assert Ballot.objects.filter(poll=voted_poll).count() == 2


def test_a_second_vote_is_refused(world, open_poll):
    services.cast_ballot(world.people["member"], open_poll, {})
    with pytest.raises(services.AlreadyVoted):
        services.cast_ballot(world.people["member"], open_poll, {option_ids(open_poll)[0]: 6})
    assert Ballot.objects.count() == 1
    assert Participation.objects.count() == 1


def test_a_vote_after_the_deadline_is_refused_by_the_database_clock(world, open_poll, monkeypatch):
    move_deadline_to_the_past(open_poll)
    # Even a web server whose clock lags behind cannot reopen the vote.
    monkeypatch.setattr(timezone, "now", lambda: open_poll.opens_at)
    with pytest.raises(services.PollNotOpen):
        services.cast_ballot(world.people["member"], open_poll, {})
    assert not Participation.objects.exists()


def test_a_vote_before_the_opening_date_is_refused(world):
    poll = make_poll(world, opens_at=timezone.now() + datetime.timedelta(days=1))
    services.open_poll(world.user("staff"), poll)
    assert status_of(poll) == Status.SCHEDULED
    with pytest.raises(services.PollNotOpen):
        services.cast_ballot(world.people["member"], poll, {})


def test_ungraded_options_count_as_the_lowest_grade(world, open_poll):
    first, second, third = option_ids(open_poll)
    services.cast_ballot(world.people["member"], open_poll, {second: 4, third: ""})
    grades = dict(BallotGrade.objects.values_list("option_id", "grade"))
    assert grades == {first: 0, second: 4, third: 0}


@pytest.mark.parametrize("grades", [{"first": 7}, {"first": -1}, {"first": "bien"}, {"x": 1}])
def test_a_grade_off_the_scale_or_an_unknown_option_is_refused(world, open_poll, grades):
    first = option_ids(open_poll)[0]
    ballot = {(first if key == "first" else key): value for key, value in grades.items()}
    with pytest.raises(services.InvalidBallot):
        services.cast_ballot(world.people["member"], open_poll, ballot)
    assert not Participation.objects.exists()


def test_results_are_hidden_until_the_poll_is_closed(voted_poll):
    with pytest.raises(services.ResultsHidden):
        services.results(voted_poll)
    move_deadline_to_the_past(voted_poll)  # over, but not yet counted and published
    with pytest.raises(services.ResultsHidden):
        services.results(voted_poll)
    with pytest.raises(services.ResultsHidden):
        services.check_receipt(voted_poll, "AAAA")


def test_results_rank_by_majority_grade_with_merit_profiles(closed_poll):
    rows = services.results(closed_poll)
    by_label = {row.option.label: row for row in rows}
    assert by_label["Créer un fonds de garantie régional"].counts == (1, 0, 0, 0, 0, 0, 1)
    assert by_label["Former les gérant·es"].counts == (1, 0, 0, 1, 0, 0, 0)
    assert by_label["Ouvrir un tiers-lieu"].counts == (2, 0, 0, 0, 0, 0, 0)
    # Two judges: the lower median is the lowest grade for all three; the other judgment
    # (Excellent, Assez bien, À rejeter) breaks the tie.
    assert [row.option.label for row in rows] == [
        "Créer un fonds de garantie régional",
        "Former les gérant·es",
        "Ouvrir un tiers-lieu",
    ]
    assert [row.rank for row in rows] == [1, 2, 3]
    assert all(row.majority_grade == 0 for row in rows)
    assert rows[0].profile.total == 2


def test_closing_early_ends_the_vote(world, open_poll):
    services.cast_ballot(world.people["member"], open_poll, {})
    poll = services.close_poll(world.user("staff"), open_poll)
    assert poll.closes_at <= timezone.now()
    assert poll.results_published_at is not None
    with pytest.raises(services.PollNotOpen):
        services.cast_ballot(world.people["referent"], poll, {})
    with pytest.raises(services.PollStateError):
        services.close_poll(world.user("staff"), poll)


def test_a_poll_whose_deadline_passed_is_published_by_the_cron_job(world, voted_poll):
    move_deadline_to_the_past(voted_poll)
    assert services.publish_due_polls() == 1
    assert services.publish_due_polls() == 0
    assert len(services.results(voted_poll)) == 3


def test_a_draft_or_scheduled_poll_cannot_be_closed(world, draft):
    with pytest.raises(services.PollStateError):
        services.close_poll(world.user("staff"), draft)


def test_the_recount_agrees_with_the_published_results(closed_poll):
    report = services.recount(closed_poll)
    assert report.agrees, report.problems
    assert (report.ballots, report.participations) == (2, 2)


def test_the_recount_detects_a_tampered_ballot(closed_poll):
    row = BallotGrade.objects.filter(ballot__poll=closed_poll, grade=0).first()
    BallotGrade.objects.filter(pk=row.pk).update(grade=6)
    report = services.recount(closed_poll)
    assert not report.agrees
    assert any(row.option.label in problem for problem in report.problems)


def test_the_recount_detects_a_removed_ballot_and_an_out_of_scale_grade(closed_poll):
    Ballot.objects.filter(poll=closed_poll).first().delete()
    assert not services.recount(closed_poll).agrees
    BallotGrade.objects.filter(ballot__poll=closed_poll).update(grade=42)
    report = services.recount(closed_poll)
    assert not report.agrees and len(report.problems) >= 2


def test_a_poll_cannot_open_after_its_closing_date(world, draft):
    Poll.objects.filter(pk=draft.pk).update(
        opens_at=Now() - datetime.timedelta(days=2), closes_at=Now() - datetime.timedelta(days=1)
    )
    with pytest.raises(services.PollStateError):
        services.open_poll(world.user("staff"), draft)


def test_a_poll_needs_options_and_a_closing_after_its_opening(world):
    with pytest.raises(services.PollStateError):
        make_poll(world, labels=[" "])
    now = timezone.now()
    with pytest.raises(services.PollStateError):
        make_poll(world, opens_at=now, closes_at=now)
