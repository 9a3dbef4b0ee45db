"""Publication, commit-reveal seed, the draw, replacements and the audit's verdict."""

from __future__ import annotations

import random

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from coopilote.algorithms.sortition import verifiable
from coopilote.core.models import AuditEvent
from coopilote.governance.models import Convention, Draw, Volunteer
from coopilote.governance.services import conventions as services
from coopilote.governance.services.conventions.draw import (
    choose_replacements,
    pool_rows,
    sha256_text,
)
from coopilote.governance.tests.conventions_fixtures import (
    add_volunteer,
    drawn,
    make_convention,
    publish,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def test_publish_freezes_the_pool_and_stores_the_lottery(union, staff):
    convention = publish(make_convention(union), staff.user)
    assert convention.status == Convention.Status.PUBLISHED
    assert convention.published_at is not None
    publication = convention.publication
    published = verifiable.PublishedDraw.from_json(publication["draw"])
    assert len(published.panels) == 1000
    assert published.k == 4
    assert published.pool_sha256 == convention.pool_sha256
    columns, rows = pool_rows(convention)
    assert published.pool_sha256 == verifiable.pool_digest(rows, columns)
    # Pseudonymous: numbers and answers, no name, no e-mail.
    assert publication["columns"] == ["numero", "age", "genre"]
    assert publication["rows"][0] == ["000001", "18-39 ans", "femme"]
    flat = str(publication)
    assert "@exemple.fr" not in flat and "Volontaire" not in flat
    assert len(publication["probabilities"]) == 12
    assert sum(publication["probabilities"]) == pytest.approx(4)
    assert AuditEvent.objects.filter(action="convention.publish").count() == 1


def test_a_frozen_pool_takes_no_one(union, staff):
    convention = publish(make_convention(union), staff.user)
    assert not convention.abilities(None)["sign_up"]
    with pytest.raises(services.ConventionError):
        services.sign_up(convention, "A", "B", "a@b.fr", {"age": "18-39 ans", "genre": "femme"})
    with pytest.raises(services.ConventionError):
        services.import_volunteers(staff.user, convention, "prenom,nom,email,age,genre\n")
    with pytest.raises(services.ConventionError):
        services.publish(staff.user, convention)
    response = Client().post(
        reverse("governance:convention_signup", kwargs={"pk": convention.pk}),
        {"first_name": "A", "last_name": "B", "email": "a@b.fr", "consent": "on"},
    )
    assert response.status_code == 200
    assert convention.volunteers.count() == 12


def test_infeasible_quotas_are_refused_with_the_categories_named(union, staff):
    convention = make_convention(union, volunteers=0)
    for number in range(1, 7):
        add_volunteer(convention, number, genre="femme")
    with pytest.raises(services.ConventionError, match="Genre"):
        services.publish(staff.user, convention)
    convention.refresh_from_db()
    assert convention.status == Convention.Status.SIGNUP


def test_legacy_publishes_too(union, staff):
    convention = publish(make_convention(union, algorithm=Convention.Algorithm.LEGACY), staff.user)
    assert convention.publication["algorithm"] == "legacy"


def test_a_sealed_contribution_is_checked_against_its_commitment(union, staff):
    convention = publish(make_convention(union), staff.user)
    sealed = services.announce(
        staff.user, convention, "Contribution scellée", verifiable.commitment("1789", "sel-secret")
    )
    with pytest.raises(services.ConventionError):
        services.reveal(staff.user, sealed, "1790", "sel-secret")
    with pytest.raises(services.ConventionError):
        services.reveal(staff.user, sealed, "1789", "autre-sel")
    sealed.refresh_from_db()
    assert sealed.revealed_at is None
    services.reveal(staff.user, sealed, "1789", "sel-secret")
    assert sealed.value == "1789" and sealed.revealed_at is not None


def test_a_sealed_contribution_opens_one_way_only(union, staff):
    """A commitment opens with one (value, salt) pair only: the module hashes them as a pair, and
    the service refuses a colon in the salt anyway (the old « salt:value » joint was ambiguous)."""
    convention = publish(make_convention(union), staff.user)
    sealed = services.announce(
        staff.user, convention, "Contribution scellée", verifiable.commitment("b:1789", "a")
    )
    assert not verifiable.verify_commitment(sealed.commitment, "1789", "a:b")
    with pytest.raises(services.ConventionError):
        services.reveal(staff.user, sealed, "1789", "a:b")
    dice = services.announce(staff.user, convention, "Dés")
    with pytest.raises(services.ConventionError):
        services.reveal(staff.user, dice, "4\n5")
    services.reveal(staff.user, sealed, "b:1789", "a")
    services.reveal(staff.user, dice, "4")
    services.draw(staff.user, convention)
    assert services.verify(convention).ok
    # Rewritten in the database to the other opening: the audit refuses it.
    sealed.refresh_from_db()
    sealed.value, sealed.salt = "1789", "a:b"
    sealed.save()
    failed = [check.label for check in services.verify(convention).checks if not check.ok]
    assert any("Contribution scellée" in label for label in failed)  # not only the seed's


def test_values_are_revealed_only_after_publication_and_sources_not_added_after_a_reveal(
    union, staff
):
    convention = make_convention(union)
    dice = services.announce(staff.user, convention, "Dés lancés en AG")
    with pytest.raises(services.ConventionError):
        services.reveal(staff.user, dice, "4")
    publish(convention, staff.user)
    services.reveal(staff.user, dice, "4")
    with pytest.raises(services.ConventionError):
        services.announce(staff.user, convention, "Une source de dernière minute")
    with pytest.raises(services.ConventionError):
        services.announce(staff.user, convention, "Commitment invalide", "xyz")


def test_a_second_draw_says_the_panel_is_drawn(union, staff):
    convention = drawn(make_convention(union), staff.user)
    with pytest.raises(services.ConventionError, match="panel est tiré"):
        services.draw(staff.user, convention)


def test_the_draw_needs_every_value(union, staff):
    convention = publish(make_convention(union), staff.user)
    with pytest.raises(services.ConventionError):
        services.draw(staff.user, convention)
    services.announce(staff.user, convention, "Dés")
    with pytest.raises(services.ConventionError):
        services.draw(staff.user, convention)


def test_the_draw_selects_the_panel_the_seed_designates(union, staff):
    convention = drawn(make_convention(union), staff.user, ("3-1-6", "42"))
    made = convention.draws.get()
    seed = verifiable.seed_from_contributions(["3-1-6", "42"])
    assert made.seed == str(seed)
    published = verifiable.PublishedDraw.from_json(convention.publication["draw"])
    assert made.panel_number == verifiable.panel_number(seed, 1000)
    _columns, rows = pool_rows(convention)
    assert made.selected == list(verifiable.replay(published, rows, seed))
    selected = set(convention.volunteers.filter(status="selected").values_list("number", flat=True))
    assert selected == set(made.data["numbers"]) and len(selected) == 4
    assert convention.status == Convention.Status.DRAWN
    assert set(made.contributions.values_list("value", flat=True)) == {"3-1-6", "42"}


def test_the_same_seed_gives_the_same_panel(union, staff):
    first = drawn(make_convention(union), staff.user, ("5", "EuroMillions 7 12 23 34 45"))
    second = drawn(make_convention(union), staff.user, ("5", "EuroMillions 7 12 23 34 45"))
    other = drawn(make_convention(union), staff.user, ("6", "EuroMillions 7 12 23 34 45"))
    assert first.draws.get().data["numbers"] == second.draws.get().data["numbers"]
    assert first.draws.get().seed == second.draws.get().seed != other.draws.get().seed


def test_pool_order_does_not_matter(union, staff):
    convention = drawn(make_convention(union), staff.user)
    published = verifiable.PublishedDraw.from_json(convention.publication["draw"])
    columns, rows = convention.publication["columns"], convention.publication["rows"]
    shuffled = list(rows)
    random.Random(7).shuffle(shuffled)
    assert shuffled != rows
    assert verifiable.pool_digest(shuffled, columns) == convention.pool_sha256
    made = convention.draws.get()
    assert list(verifiable.replay(published, shuffled, int(made.seed))) == made.selected


def test_the_audit_verifies_then_detects_a_volunteer_added_after_publication(union, staff):
    convention = drawn(make_convention(union), staff.user)
    verdict = services.verify(convention)
    assert verdict.ok, [check for check in verdict.checks if not check.ok]
    assert verdict.pool_matches
    url = reverse("governance:convention_audit", kwargs={"pk": convention.pk})
    page = Client().get(url)
    assert page.status_code == 200 and page.context["verdict"].ok

    add_volunteer(convention, 13)  # straight into the database, after publication
    verdict = services.verify(convention)
    assert not verdict.ok
    assert not verdict.pool_matches
    failed = [check for check in verdict.checks if not check.ok]
    assert len(failed) == 1 and "000013" in failed[0].detail
    page = Client().get(url)
    assert page.status_code == 200 and not page.context["verdict"].ok
    assert b'id="verdict"' in page.content


def test_the_audit_detects_a_changed_answer_or_a_forged_selection(union, staff):
    convention = drawn(make_convention(union), staff.user)
    outsider = convention.volunteers.filter(status=Volunteer.Status.POOL).first()
    outsider.status = Volunteer.Status.SELECTED
    outsider.save()
    assert not services.verify(convention).ok
    outsider.status = Volunteer.Status.POOL
    outsider.save()
    assert services.verify(convention).ok
    outsider.features = {
        **outsider.features,
        "genre": "homme" if outsider.features["genre"] == "femme" else "femme",
    }
    outsider.save()
    assert not services.verify(convention).pool_matches


def test_the_audit_detects_a_tampered_seed_value(union, staff):
    convention = drawn(make_convention(union), staff.user)
    source = convention.draws.get().contributions.first()
    source.value = "autre chose"
    source.save()
    assert not services.verify(convention).ok


def test_a_draw_refuses_a_pool_that_changed_since_publication(union, staff):
    convention = publish(make_convention(union), staff.user)
    add_volunteer(convention, 13)
    dice = services.announce(staff.user, convention, "Dés")
    services.reveal(staff.user, dice, "2")
    with pytest.raises(services.ConventionError):
        services.draw(staff.user, convention)
    assert not Draw.objects.exists()


def test_a_replacement_draw_is_recorded_and_re_verified(union, staff):
    convention = drawn(make_convention(union), staff.user)
    panel = convention.draws.get()
    decliner = convention.volunteers.get(number=panel.data["numbers"][0])
    services.decline(staff.user, decliner)
    assert services.pending_decliners(convention) == [decliner.number]
    source = services.announce(staff.user, convention, "Tirage du Loto du 3 mars")
    services.reveal(staff.user, source, "4 18 22 31 40")
    replacement = services.draw(staff.user, convention)
    assert replacement.kind == Draw.Kind.REPLACEMENT
    assert replacement.data["replaced"] == [decliner.number]
    (chosen,) = replacement.data["numbers"]
    newcomer = convention.volunteers.get(number=chosen)
    assert newcomer.status == Volunteer.Status.REPLACEMENT
    assert chosen not in panel.data["numbers"]
    assert newcomer.features == decliner.features  # same answers exist in this pool
    assert replacement.seed == str(verifiable.seed_from_contributions(["4 18 22 31 40"]))
    assert services.pending_decliners(convention) == []
    assert services.verify(convention).ok
    # A forged replacement is caught.
    replacement.data = {**replacement.data, "numbers": [panel.data["numbers"][1]]}
    replacement.save()
    assert not services.verify(convention).ok


def test_the_replacement_rule_falls_back_on_quotas_and_uses_the_seed_digits():
    columns = ["numero", "genre"]
    rows = [["000001", "f"], ["000002", "h"], ["000003", "h"], ["000004", "h"], ["000005", "f"]]
    quotas = [["genre", "f", 0, 2], ["genre", "h", 1, 2]]
    # Panel {1, 2}; 1 declines; never drawn: 3, 4, 5; same profile as 1 ("f"): only 5.
    assert choose_replacements(rows, columns, quotas, [1, 2], {1, 2}, [1], 10) == [
        (1, 5, [5], "same")
    ]
    # 5 already drawn: fallback on quotas, {2, h} keeps h <= 2: candidates 3 and 4; 7 mod 2 = 1.
    assert choose_replacements(rows, columns, quotas, [1, 2], {1, 2, 5}, [1], 7) == [
        (1, 4, [3, 4], "quotas")
    ]
    # Two decliners: digits of the seed in base c (here 2, then 1).
    result = choose_replacements(rows, columns, quotas, [1, 2], {1, 2}, [1, 2], 3)
    assert [(d, r) for d, r, _c, _t in result] == [(1, 5), (2, 4)]
    with pytest.raises(services.ConventionError):
        choose_replacements(
            rows,
            columns,
            [["genre", "f", 0, 0], ["genre", "h", 2, 2]],
            [1, 2],
            {1, 2, 5, 3, 4},
            [1],
            0,
        )


def test_staff_reveal_and_draw_through_the_pages(union, staff):
    from coopilote.governance.tests.conftest import client_of

    convention = publish(make_convention(union), staff.user)
    client = client_of(staff)
    seed_url = reverse("governance:convention_seed", kwargs={"pk": convention.pk})
    salt = "grain-de-sel"
    assert client.post(seed_url, {"label": "Dés lancés en AG", "commitment": ""}).status_code == 302
    assert (
        client.post(
            seed_url,
            {"label": "Contribution scellée", "commitment": verifiable.commitment("77", salt)},
        ).status_code
        == 302
    )
    dice, sealed = services.pending_contributions(convention)
    reveal = "governance:convention_reveal"
    client.post(
        reverse(reveal, kwargs={"pk": convention.pk, "contribution": dice.pk}),
        {f"{dice.pk}-value": "6-2-5"},
    )
    client.post(
        reverse(reveal, kwargs={"pk": convention.pk, "contribution": sealed.pk}),
        {f"{sealed.pk}-value": "78", f"{sealed.pk}-salt": salt},
    )
    sealed.refresh_from_db()
    assert sealed.revealed_at is None  # wrong value refused
    client.post(
        reverse(reveal, kwargs={"pk": convention.pk, "contribution": sealed.pk}),
        {f"{sealed.pk}-value": "77", f"{sealed.pk}-salt": salt},
    )
    response = client.post(reverse("governance:convention_draw", kwargs={"pk": convention.pk}))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "governance:convention_audit", kwargs={"pk": convention.pk}
    )
    made = convention.draws.get()
    assert made.seed == str(verifiable.seed_from_contributions(["6-2-5", "77"]))
    page = client.get(response["Location"])
    assert page.context["verdict"].ok


def test_decline_through_the_pool_page(union, staff):
    from coopilote.governance.tests.conftest import client_of

    convention = drawn(make_convention(union), staff.user)
    seated = convention.volunteers.filter(status="selected").first()
    response = client_of(staff).post(
        reverse(
            "governance:convention_decline", kwargs={"pk": convention.pk, "volunteer": seated.pk}
        ),
        {"status": "pool"},
    )
    assert response.status_code == 302
    seated.refresh_from_db()
    assert seated.status == Volunteer.Status.DECLINED


def test_a_withdrawal_after_publication_erases_the_identity_and_frees_the_seat(union, staff):
    convention = drawn(make_convention(union), staff.user)
    seated = convention.volunteers.filter(status=Volunteer.Status.SELECTED).first()
    services.withdraw(staff.user, seated)
    seated.refresh_from_db()
    assert (seated.first_name, seated.last_name) == ("", "")
    assert "exemple.fr" not in seated.email
    assert seated.status == Volunteer.Status.DECLINED
    assert services.pending_decliners(convention) == [seated.number]
    # The numbered answers stay: the pool keeps its fingerprint, the draw stays verified.
    assert services.verify(convention).ok


def test_the_audit_detects_panels_changed_after_publication(union, staff):
    """The pool's SHA-256 does not cover the panels: their own fingerprint, recorded in the
    append-only audit log at publication, does."""
    convention = drawn(make_convention(union), staff.user)
    assert services.verify(convention).ok
    published = verifiable.PublishedDraw.from_json(convention.publication["draw"])
    published_sha = convention.publication["draw_sha256"]
    made = convention.draws.get()
    # Someone with database access puts another valid panel under the drawn number...
    others = [p for p in published.panels if sorted(p) != sorted(made.selected)]
    panels = list(published.panels)
    panels[made.panel_number] = others[0]
    forged = verifiable.PublishedDraw(
        published.pool_sha256,
        published.quotas,
        published.k,
        published.algorithm_version,
        panels,
        published.columns,
    )
    # ... and marks that panel as the one drawn, so that the replay agrees with the draw.
    position = {int(row[0]): index for index, row in enumerate(convention.publication["rows"])}
    numbers = sorted(int(convention.publication["rows"][i][0]) for i in others[0])
    convention.publication = {**convention.publication, "draw": forged.to_json()}
    convention.save()
    made.selected = sorted(position[n] for n in numbers)
    made.data = {**made.data, "numbers": numbers}
    made.save()
    convention.volunteers.update(status=Volunteer.Status.POOL)
    convention.volunteers.filter(number__in=numbers).update(status=Volunteer.Status.SELECTED)
    verdict = services.verify(convention)
    failed = [check for check in verdict.checks if not check.ok]
    assert len(failed) == 1
    assert failed[0].detail == sha256_text(forged.to_json()) != published_sha
