"""One member, one ballot, even when the same vote is submitted twenty times at once."""

import threading

import pytest
from django.db import connection, connections

from coopilote.voting import services
from coopilote.voting.models import Ballot, Participation
from coopilote.voting.tests.conftest import option_ids

SUBMISSIONS = 20


@pytest.mark.postgres_only
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every write: concurrent votes need PostgreSQL's row locks to test",
)
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_submissions_of_one_voter_leave_one_ballot(world, open_poll):
    voter = world.people["member"]
    grades = {option_ids(open_poll)[0]: 6}
    start = threading.Barrier(SUBMISSIONS)
    outcomes: list[str] = []

    def submit() -> None:
        try:
            start.wait()
            services.cast_ballot(voter, open_poll, grades)
            outcomes.append("receipt")
        except services.AlreadyVoted:
            outcomes.append("already voted")
        except Exception as error:  # pragma: no cover - reported below
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(SUBMISSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already voted"] * (SUBMISSIONS - 1) + ["receipt"]
    assert Ballot.objects.filter(poll=open_poll).count() == 1
    assert Participation.objects.filter(poll=open_poll).count() == 1
