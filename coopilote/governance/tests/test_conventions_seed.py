"""The seed's sources: future public values with their date, and a lost sealed value set aside
only while such a value is still unknown to everyone."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coopilote.algorithms.sortition import verifiable
from coopilote.core.models import AuditEvent
from coopilote.governance.models import SeedContribution
from coopilote.governance.services import conventions as services
from coopilote.governance.tests.conftest import client_of
from coopilote.governance.tests.conventions_fixtures import make_convention, publish

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


class Clock:
    """``timezone.now`` under the test's hand: the days a lottery's result takes to come."""

    def __init__(self) -> None:
        self.now = timezone.now()

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, delta: datetime.timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock(monkeypatch):
    made = Clock()
    monkeypatch.setattr(timezone, "now", made)
    return made


def lost_seal_and_lottery(union, staff, clock):
    """A published convention whose seed is a sealed contribution nobody will open (the salt is
    lost) and the EuroMillions result known in two days."""
    convention = publish(make_convention(union), staff.user)
    sealed = services.announce(
        staff.user, convention, "Enveloppe du CA", verifiable.commitment("1789", "sel-perdu")
    )
    lottery = services.announce(
        staff.user, convention, "EuroMillions du vendredi", expected_at=clock.now + 2 * DAY
    )
    return convention, sealed, lottery


def test_a_lost_sealed_value_is_set_aside_while_the_lottery_is_unknown(union, staff, clock):
    convention, sealed, lottery = lost_seal_and_lottery(union, staff, clock)
    with pytest.raises(services.ConventionError, match="révélée"):
        services.draw(staff.user, convention)  # the draw would wait for ever

    services.set_aside(staff.user, sealed)

    assert sealed.set_aside_at == clock.now
    event = AuditEvent.objects.get(action="convention.set_aside")
    assert event.summary["guard"] == "EuroMillions du vendredi"
    with pytest.raises(services.ConventionError, match="écartée"):
        services.reveal(staff.user, sealed, "1789", "sel-perdu")
    clock.advance(2 * DAY + datetime.timedelta(minutes=5))
    services.reveal(staff.user, lottery, "5 12 23 34 45 ⭐ 3 9")
    made = services.draw(staff.user, convention)
    assert made.seed == str(verifiable.seed_from_contributions(["5 12 23 34 45 ⭐ 3 9"]))
    assert set(made.contributions.all()) == {sealed, lottery}  # shown with the draw
    verdict = services.verify(convention)
    assert verdict.ok
    labels = [check.label for check in verdict.checks]
    assert any("Enveloppe du CA" in label and "écartée" in label for label in labels)
    assert any("EuroMillions du vendredi" in label for label in labels)


def test_a_future_public_value_is_entered_only_once_its_date_has_come(union, staff, clock):
    _convention, _sealed, lottery = lost_seal_and_lottery(union, staff, clock)
    with pytest.raises(services.ConventionError, match="connue le"):
        services.reveal(staff.user, lottery, "5 12 23 34 45")
    lottery.refresh_from_db()
    assert lottery.revealed_at is None
    clock.advance(2 * DAY)
    services.reveal(staff.user, lottery, "5 12 23 34 45")
    assert lottery.revealed_at == clock.now


def test_nothing_is_set_aside_once_every_future_value_is_known(union, staff, clock):
    """Without a value still unknown, setting aside (or withholding) the last value would choose
    between two draws: refused."""
    _convention, sealed, lottery = lost_seal_and_lottery(union, staff, clock)
    clock.advance(2 * DAY)  # the result is out, even before anyone types it in
    with pytest.raises(services.ConventionError, match="encore inconnue"):
        services.set_aside(staff.user, sealed)
    services.reveal(staff.user, lottery, "5 12 23 34 45")
    with pytest.raises(services.ConventionError, match="encore inconnue"):
        services.set_aside(staff.user, sealed)
    sealed.refresh_from_db()
    assert sealed.set_aside_at is None
    assert not AuditEvent.objects.filter(action="convention.set_aside").exists()


def test_without_a_future_value_nothing_is_set_aside(union, staff, clock):
    convention = publish(make_convention(union), staff.user)
    sealed = services.announce(
        staff.user, convention, "Enveloppe du CA", verifiable.commitment("1789", "sel")
    )
    services.announce(staff.user, convention, "Dés lancés en AG")
    with pytest.raises(services.ConventionError, match="encore inconnue"):
        services.set_aside(staff.user, sealed)


def test_a_future_value_does_not_guard_itself(union, staff, clock):
    convention, _sealed, lottery = lost_seal_and_lottery(union, staff, clock)
    with pytest.raises(services.ConventionError, match="encore inconnue"):
        services.set_aside(staff.user, lottery)
    other = services.announce(
        staff.user, convention, "Loto du samedi", expected_at=clock.now + 3 * DAY
    )
    services.set_aside(staff.user, lottery)  # the Loto still guards it
    with pytest.raises(services.ConventionError, match="déjà écartée"):
        services.set_aside(staff.user, lottery)
    assert services.guards(services.pending_contributions(convention), clock.now) == [other]


def test_a_revealed_value_is_not_set_aside(union, staff, clock):
    _convention, sealed, _lottery = lost_seal_and_lottery(union, staff, clock)
    services.reveal(staff.user, sealed, "1789", "sel-perdu")
    with pytest.raises(services.ConventionError, match="pas encore révélée"):
        services.set_aside(staff.user, sealed)


@pytest.mark.parametrize(
    ("commitment", "days", "message"),
    [
        (verifiable.commitment("1", "s"), 2, "scellée"),
        ("", -1, "à venir"),
        ("", 0, "à venir"),
    ],
)
def test_the_date_is_for_a_future_public_value(union, staff, clock, commitment, days, message):
    convention = publish(make_convention(union), staff.user)
    with pytest.raises(services.ConventionError, match=message):
        services.announce(
            staff.user, convention, "Source", commitment, expected_at=clock.now + days * DAY
        )
    assert not convention.seed_contributions.exists()


def set_aside_then_drawn(union, staff, clock):
    """The sealed value set aside, the lottery entered at its date, the panel drawn: verified."""
    convention, sealed, lottery = lost_seal_and_lottery(union, staff, clock)
    services.set_aside(staff.user, sealed)
    clock.advance(2 * DAY)
    services.reveal(staff.user, lottery, "5 12 23 34 45")
    services.draw(staff.user, convention)
    assert services.verify(convention).ok
    sealed.refresh_from_db()
    return convention, sealed, lottery


def test_the_audit_refuses_a_set_aside_dated_after_the_lottery(union, staff, clock):
    convention, sealed, _lottery = set_aside_then_drawn(union, staff, clock)
    # Rewritten in the database: set aside once the result was out.
    SeedContribution.objects.filter(pk=sealed.pk).update(set_aside_at=clock.now)
    failed = [check.label for check in services.verify(convention).checks if not check.ok]
    assert failed and all("Enveloppe du CA" in label for label in failed)


def test_the_audit_refuses_a_future_value_entered_before_its_date(union, staff, clock):
    convention, sealed, lottery = lost_seal_and_lottery(union, staff, clock)
    services.reveal(staff.user, sealed, "1789", "sel-perdu")
    clock.advance(2 * DAY)
    services.reveal(staff.user, lottery, "5 12 23 34 45")
    services.draw(staff.user, convention)
    assert services.verify(convention).ok
    SeedContribution.objects.filter(pk=lottery.pk).update(revealed_at=clock.now - 3 * DAY)
    failed = [check.label for check in services.verify(convention).checks if not check.ok]
    assert any("EuroMillions du vendredi" in label for label in failed)


def test_staff_set_a_source_aside_through_the_seed_page(union, staff, clock):
    convention = publish(make_convention(union), staff.user)
    client = client_of(staff)
    seed_url = reverse("governance:convention_seed", kwargs={"pk": convention.pk})
    commitment = verifiable.commitment("1789", "sel-perdu")
    client.post(seed_url, {"label": "Enveloppe du CA", "commitment": commitment})
    page = client.get(seed_url)
    assert page.context["can_set_aside"] == set()
    assert "ecarter" not in page.content.decode()
    clock.advance(datetime.timedelta(minutes=1))
    friday = timezone.localtime(clock.now + 2 * DAY).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        seed_url, {"label": "EuroMillions du vendredi", "commitment": "", "expected_at": friday}
    )
    assert response.status_code == 302
    sealed, lottery = services.pending_contributions(convention)
    assert lottery.expected_at is not None
    page = client.get(seed_url)
    assert page.context["can_set_aside"] == {sealed.pk}
    set_aside_url = reverse(
        "governance:convention_set_aside", kwargs={"pk": convention.pk, "contribution": sealed.pk}
    )
    assert set_aside_url in page.content.decode()
    response = client.post(set_aside_url, follow=True)
    assert "La source est écartée" in response.content.decode()
    sealed.refresh_from_db()
    assert sealed.set_aside_at is not None
    page = client.get(seed_url).content.decode()
    assert "écartée le" in page and not page.count(set_aside_url)


def test_a_sealed_source_with_a_date_is_refused_on_the_page(union, staff, clock):
    convention = publish(make_convention(union), staff.user)
    friday = timezone.localtime(clock.now + 2 * DAY).strftime("%Y-%m-%dT%H:%M")
    response = client_of(staff).post(
        reverse("governance:convention_seed", kwargs={"pk": convention.pk}),
        {
            "label": "Enveloppe",
            "commitment": verifiable.commitment("1", "s"),
            "expected_at": friday,
        },
    )
    assert response.status_code == 200
    assert "scellée" in response.content.decode()
    assert not convention.seed_contributions.exists()


def test_the_command_on_the_seed_page_computes_the_commitment_the_reveal_checks(
    union, staff, tmp_path
):
    """The page's recipe, run as its holder would: what it prints opens with the same pair."""
    import html
    import re
    import subprocess
    import sys

    convention = publish(make_convention(union), staff.user)
    page = client_of(staff).get(reverse("governance:convention_seed", kwargs={"pk": convention.pk}))
    found = re.search(
        r'<pre class="commitment-command"[^>]*><code>(.*?)</code></pre>', page.content.decode()
    )
    assert found is not None
    command = html.unescape(found.group(1))
    assert command.startswith("python3 -c ")
    script = command.removeprefix("python3 -c ").strip('"')
    # Typed at its prompts, as its holder would, with what a shell would have mangled ($, ')
    # and a value in decomposed Unicode (as some keyboards send « É »).
    value = "E\u0301nième valeur $HOME l'as"
    printed = (
        subprocess.run(  # noqa: S603 - the page's own command, with test values
            [sys.executable, "-c", script],
            input=f"grain-de-sel\n{value}\n",
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .split()[-1]
    )
    assert printed == verifiable.commitment(value, "grain-de-sel")
    sealed = services.announce(staff.user, convention, "Enveloppe", printed)
    services.reveal(staff.user, sealed, value, "grain-de-sel")
    assert sealed.revealed_at is not None


def test_no_source_is_announced_once_a_dated_value_is_out(union, staff, clock):
    """The lottery's result is public at its date, typed in or not: a source added then could
    be chosen knowing the seed (a sealed value, or a later lottery to re-roll with)."""
    convention, _sealed, _lottery = lost_seal_and_lottery(union, staff, clock)
    clock.advance(2 * DAY)
    for commitment, expected in ((verifiable.commitment("1", "s"), None), ("", 5 * DAY)):
        with pytest.raises(services.ConventionError, match="déjà connue"):
            services.announce(
                staff.user,
                convention,
                "Trop tard",
                commitment,
                expected_at=clock.now + expected if expected else None,
            )
    assert convention.seed_contributions.count() == 2
    page = client_of(staff).get(reverse("governance:convention_seed", kwargs={"pk": convention.pk}))
    assert not page.context["can_announce"]


def test_the_audit_refuses_a_source_announced_after_a_dated_value_was_out(union, staff, clock):
    convention, sealed, lottery = lost_seal_and_lottery(union, staff, clock)
    clock.advance(2 * DAY + datetime.timedelta(hours=1))  # typed in an hour after the result
    services.reveal(staff.user, sealed, "1789", "sel-perdu")
    services.reveal(staff.user, lottery, "5 12 23 34 45")
    services.draw(staff.user, convention)
    assert services.verify(convention).ok
    # Rewritten in the database: the sealed value announced once the result was out, but
    # before anything was typed in (what the check alone allowed before).
    assert lottery.expected_at is not None
    late = lottery.expected_at + datetime.timedelta(minutes=30)
    SeedContribution.objects.filter(pk=sealed.pk).update(created_at=late)
    failed = [check.label for check in services.verify(convention).checks if not check.ok]
    assert failed and all("annoncée avant" in label for label in failed)


def test_the_audit_refuses_a_guard_announced_after_the_set_aside(union, staff, clock):
    convention, sealed, lottery = set_aside_then_drawn(union, staff, clock)
    SeedContribution.objects.filter(pk=lottery.pk).update(
        created_at=sealed.set_aside_at + datetime.timedelta(seconds=1)
    )
    assert not services.verify(convention).ok
