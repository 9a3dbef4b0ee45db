"""The end of a convention: closing it, erasing its volunteers' identities six months later
(``purge_conventions``) while the published pool still verifies; and the replacement draw's
decliners, settled once a value of that draw is revealed."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coopilote.core.models import AuditEvent
from coopilote.governance.models import Convention, Volunteer
from coopilote.governance.services import conventions as services
from coopilote.governance.services.conventions.retention import months_before
from coopilote.governance.tests.conftest import client_of
from coopilote.governance.tests.conventions_fixtures import drawn, make_convention, publish

pytestmark = pytest.mark.django_db


def closed(union, staff, days_ago: int) -> Convention:
    convention = drawn(make_convention(union), staff.user)
    services.close(staff.user, convention)
    Convention.objects.filter(pk=convention.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    convention.refresh_from_db()
    return convention


def test_staff_close_a_drawn_convention_through_its_page(union, staff):
    convention = drawn(make_convention(union), staff.user)
    response = client_of(staff).post(
        reverse("governance:convention_close", kwargs={"pk": convention.pk})
    )
    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.status == Convention.Status.CLOSED
    assert convention.closed_at is not None
    assert AuditEvent.objects.filter(action="convention.close").count() == 1
    # Closed: no more sources, draws or declines; the audit still verifies.
    with pytest.raises(services.ConventionError):
        services.announce(staff.user, convention, "Dés")
    seated = convention.volunteers.filter(status=Volunteer.Status.SELECTED).first()
    with pytest.raises(services.ConventionError):
        services.decline(staff.user, seated)
    with pytest.raises(services.ConventionError):
        services.close(staff.user, convention)
    assert services.verify(convention).ok


@pytest.mark.parametrize("status", [Convention.Status.DRAFT, Convention.Status.SIGNUP])
def test_a_convention_is_closed_only_once_its_lottery_is_published(union, staff, status):
    convention = make_convention(union, status=status)
    with pytest.raises(services.ConventionError):
        services.close(staff.user, convention)
    convention.refresh_from_db()
    assert (convention.status, convention.closed_at) == (status, None)
    published = publish(make_convention(union), staff.user)
    services.close(staff.user, published)
    assert published.status == Convention.Status.CLOSED


def test_months_before_follows_the_calendar():
    moment = datetime.datetime(2026, 8, 31, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 6) == datetime.datetime(2026, 2, 28, 12, tzinfo=datetime.UTC)
    assert months_before(moment.replace(month=3, day=15), 6).date() == datetime.date(2025, 9, 15)


def test_the_purge_erases_identities_six_months_after_the_end_and_keeps_the_audit(union, staff):
    old = closed(union, staff, days_ago=200)
    recent = closed(union, staff, days_ago=100)
    running = drawn(make_convention(union), staff.user)
    old_answers = dict(old.volunteers.values_list("number", "features"))
    sha = old.pool_sha256

    out = io.StringIO()
    call_command("purge_conventions", stdout=out)
    assert "12" in out.getvalue()

    for volunteer in old.volunteers.all():
        assert (volunteer.first_name, volunteer.last_name) == ("", "")
        assert volunteer.email.endswith("@retrait.invalid")
        assert "exemple.fr" not in volunteer.dedup_key
        assert volunteer.features == old_answers[volunteer.number]
    assert not old.volunteers.filter(email__contains="exemple.fr").exists()
    assert recent.volunteers.filter(email__contains="exemple.fr").count() == 12
    assert running.volunteers.filter(email__contains="exemple.fr").count() == 12
    old.refresh_from_db()
    assert old.pool_sha256 == sha
    verdict = services.verify(old)
    assert verdict.ok, [check for check in verdict.checks if not check.ok]
    event = AuditEvent.objects.get(action="convention.purge")
    assert event.object_id == str(old.pk) and event.summary["erased"] == 12
    assert event.actor is None

    # Idempotent: nothing left to erase, no second audit row.
    assert services.purge() == {}
    call_command("purge_conventions", stdout=io.StringIO())
    assert AuditEvent.objects.filter(action="convention.purge").count() == 1


def test_the_purge_skips_identities_already_withdrawn(union, staff):
    convention = drawn(make_convention(union), staff.user)
    withdrawn = convention.volunteers.get(number=1)
    services.withdraw(staff.user, withdrawn)
    withdrawn.refresh_from_db()
    services.close(staff.user, convention)
    later = convention.closed_at + datetime.timedelta(days=190)
    assert services.purge(now=later) == {convention: 11}
    assert convention.volunteers.filter(email__endswith="@retrait.invalid").count() == 12
    assert Volunteer.objects.get(pk=withdrawn.pk).email == withdrawn.email


def test_the_purge_is_not_fooled_by_an_address_that_looks_erased(union, staff):
    convention = drawn(make_convention(union), staff.user)
    Volunteer.objects.filter(pk=convention.volunteers.get(number=3).pk).update(
        email="malin@retrait.invalid", dedup_key="malin@retrait.invalid"
    )
    services.close(staff.user, convention)
    assert services.purge(now=convention.closed_at + datetime.timedelta(days=190)) == {
        convention: 12
    }
    assert set(convention.volunteers.values_list("last_name", flat=True)) == {""}
    assert services.purge(now=convention.closed_at + datetime.timedelta(days=170)) == {}


def test_no_decline_once_a_value_of_the_replacement_draw_is_revealed(union, staff):
    """Otherwise, knowing the seed, one could choose who declines, hence who comes in."""
    convention = drawn(make_convention(union), staff.user)
    first, second = convention.draws.get().data["numbers"][:2]
    services.decline(staff.user, convention.volunteers.get(number=first))
    source = services.announce(staff.user, convention, "Tirage du Loto du 3 mars")
    services.reveal(staff.user, source, "4 18 22 31 40")
    late = convention.volunteers.get(number=second)
    with pytest.raises(services.ConventionError):
        services.decline(staff.user, late)
    # A withdrawal is still honoured (identity erased) but the seat waits for the next draw.
    services.withdraw(staff.user, late)
    late.refresh_from_db()
    assert late.last_name == "" and late.status == Volunteer.Status.SELECTED
    made = services.draw(staff.user, convention)
    assert made.data["replaced"] == [first]
    services.decline(staff.user, late)
    assert services.pending_decliners(convention) == [second]
    assert services.verify(convention).ok
