"""seed_demo: a plausible union at region scale, the movement's proportions at national scale."""

import io
import random
import statistics

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum

from coopilote.accounts.models import User
from coopilote.members.demo.accounts import ACCOUNTS, DOMAIN
from coopilote.members.demo.cooperatives import SiretSource, assign_sectors, head_counts
from coopilote.members.models import Cooperative, Membership, Union
from coopilote.members.validators import is_valid_siret

PASSWORD = "demo-password-for-tests"


def seed(scale: str, seed: int = 2025) -> str:
    out = io.StringIO()
    call_command("load_reference", stdout=io.StringIO())
    call_command("seed_demo", scale=scale, seed=seed, password=PASSWORD, stdout=out)
    return out.getvalue()


def fingerprint() -> list[tuple[str, str, str, int]]:
    return sorted(Cooperative.objects.values_list("siret", "name", "commune_id", "headcount"))


@pytest.mark.django_db
def test_region_scale_gives_one_union_with_about_350_cooperatives_in_its_own_territory():
    output = seed("region")
    union = Union.objects.regional().get()
    cooperatives = Cooperative.objects.in_union(union)
    assert cooperatives.count() == 350
    outside = cooperatives.exclude(commune__department__in=union.departments.all())
    assert not outside.exists()
    assert all(is_valid_siret(siret) for siret in cooperatives.values_list("siret", flat=True))
    assert "350 coopératives" in output


@pytest.mark.django_db
def test_every_demo_login_is_printed_and_works_with_the_given_password():
    output = seed("region")
    for login, label, _, _ in ACCOUNTS:
        email = f"{login}@{DOMAIN}"
        assert email in output and label in output
        assert authenticate(username=email, password=PASSWORD) is not None
    assert User.objects.get(email=f"admin@{DOMAIN}").is_superuser
    assert not User.objects.get(email=f"associe@{DOMAIN}").is_staff


class _Undo(Exception):
    pass


def fingerprint_of(seed_value: int) -> list[tuple[str, str, str, int]]:
    """Seed inside a transaction that is then rolled back: each call starts from empty."""
    try:
        with transaction.atomic():
            seed("region", seed=seed_value)
            found = fingerprint()
            raise _Undo
    except _Undo:
        pass
    assert not Cooperative.objects.exists()
    return found


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    first = fingerprint_of(7)
    assert fingerprint_of(7) == first
    assert fingerprint_of(8) != first


@pytest.mark.django_db
def test_seeding_twice_keeps_the_first_data_and_resets_the_demo_passwords():
    seed("region")
    before = fingerprint()
    output = seed("region")
    assert fingerprint() == before
    assert "déjà présentes" in output


@pytest.mark.django_db
def test_national_scale_has_the_movements_proportions():
    seed("national")
    cooperatives = Cooperative.objects.all()
    assert cooperatives.scop().filter(is_cae=False).count() == 2723
    assert cooperatives.scic().filter(is_cae=False).count() == 1417
    assert cooperatives.filter(legal_status="subsidiary").count() == 418
    assert cooperatives.cae().count() == 163
    # 12,000 generated entrepreneurs, plus the demo login of an entrepreneur.
    assert Membership.objects.entrepreneurs().filter(person__user=None).count() == 12000
    headcounts = list(cooperatives.values_list("headcount", flat=True))
    assert sum(headcounts) == 87700
    assert statistics.median(headcounts) == 5
    scop = cooperatives.scop().aggregate(
        staff=Sum("headcount"), assoc=Sum("employee_associates_count")
    )
    assert 0.63 <= scop["assoc"] / scop["staff"] <= 0.73
    jobs = dict(cooperatives.values_list("sector").annotate(jobs=Sum("headcount")))
    share = {sector: jobs.get(sector, 0) / 87700 for sector in jobs}
    assert share["services-entreprises"] == pytest.approx(0.36, abs=0.02)
    assert share["btp"] == pytest.approx(0.17, abs=0.02)
    assert share["industrie"] == pytest.approx(0.12, abs=0.02)
    assert share["education-formation"] + share["sante-action-sociale"] == pytest.approx(
        0.15, abs=0.02
    )
    # One union per region, and every cooperative in the union of its commune's region.
    assert Union.objects.regional().count() == 18
    assert Union.objects.confederation().count() == 1
    misplaced = cooperatives.exclude(union__regions=models_region())
    assert not misplaced.exists()


def models_region():
    from django.db.models import F

    return F("commune__department__region")


def test_head_counts_keep_the_median_and_hit_the_total_exactly():
    sizes = head_counts(random.Random(1), 4000, 74000)
    assert sum(sizes) == 74000
    assert statistics.median(sizes) == 5
    assert min(sizes) >= 1


def test_sectors_are_drawn_so_that_jobs_meet_their_targets():
    rng = random.Random(3)
    sizes = head_counts(rng, 2000, 40000)
    targets = {"a": 20000.0, "b": 12000.0, "c": 8000.0}
    sectors = assign_sectors(rng, sizes, targets)
    jobs = {
        slug: sum(s for s, sec in zip(sizes, sectors, strict=True) if sec == slug)
        for slug in targets
    }
    for slug, target in targets.items():
        assert jobs[slug] == pytest.approx(target, rel=0.05)


def test_sirets_drawn_for_the_demo_are_valid_and_unique():
    source = SiretSource(random.Random(5))
    sirets = [source.next() for _ in range(5000)]
    assert len({s[:9] for s in sirets}) == 5000
    assert all(is_valid_siret(s) for s in sirets)


@pytest.mark.django_db
def test_the_demo_union_staff_member_works_in_the_back_office_on_their_union_only(client):
    seed("region")
    delegue = User.objects.get(email=f"delegue@{DOMAIN}")
    client.force_login(delegue)
    response = client.get("/gestion/members/cooperative/")
    assert response.status_code == 200
    assert response.context["cl"].result_count == Cooperative.objects.count()
    assert client.get("/gestion/accounts/user/").status_code == 403


@pytest.mark.django_db
def test_the_union_s_seat_titles_follow_the_mandates_its_people_hold():
    from coopilote.governance.models import Mandate
    from coopilote.members.models import BodySeat

    seed("region")
    union = Union.objects.regional().get()
    seats = BodySeat.objects.filter(body__union=union, body__cooperative=None)
    board = {seat.person_id: seat.title for seat in seats.filter(body__kind="board")}
    bureau = {seat.person_id: seat.title for seat in seats.filter(body__kind="bureau")}
    latest = {}
    for mandate in Mandate.objects.filter(role__body__kind="board", role__body__union=union):
        if mandate.role.name not in latest or mandate.start > latest[mandate.role.name].start:
            latest[mandate.role.name] = mandate
    expected = {"Co-présidence": "Coprésident·e", "Trésorerie": "Trésorier·e"}
    expected["Secrétariat"] = "Secrétaire"
    officers = {
        person.pk: expected[name]
        for name, mandate in latest.items()
        if name in expected
        for person in mandate.holders.all()
    }
    assert len(officers) == 4
    assert {person: board[person] for person in officers} == officers
    assert bureau == officers
    others = set(board) - set(officers)
    assert others and {board[person] for person in others} == {"Administrateur·rice"}
    # The roadmap's demo letter, drafted before governance's demo gave the mandates, is signed
    # by the same two co-presidents.
    from coopilote.roadmap.models import Letter

    copresidents = {str(p) for p in latest["Co-présidence"].holders.all()}
    for letter in Letter.objects.filter(union=union):
        assert {s["name"] for s in letter.signatories} == copresidents


@pytest.mark.django_db(transaction=True)
def test_the_demo_s_invented_people_get_no_e_mail_even_once_the_seed_is_committed(settings):
    """Polls and consent rounds opened by the demo leave their e-mails for after the commit:
    the quiet mail back end must still be in place then."""
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    seed("region")
    assert mail.outbox == []
