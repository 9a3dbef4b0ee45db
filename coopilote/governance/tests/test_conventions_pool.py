"""The volunteer pool: public sign-up with consent, honeypot and rate limit, deduplication,
the all-or-nothing CSV import with its line-numbered report, and mass assignment."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coopilote.core.models import AuditEvent
from coopilote.governance.models import Convention, Volunteer
from coopilote.governance.services import conventions as services
from coopilote.governance.tests.conftest import client_of
from coopilote.governance.tests.conventions_fixtures import make_convention

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def signup_data(**extra: str) -> dict[str, str]:
    return {
        "first_name": "Nadia",
        "last_name": "Haddad",
        "email": "Nadia.Haddad@Exemple.fr",
        "category_age": "40 ans et plus",
        "category_genre": "femme",
        "consent": "on",
        **extra,
    }


def signup_url(convention: Convention) -> str:
    return reverse("governance:convention_signup", kwargs={"pk": convention.pk})


@pytest.mark.parametrize(
    ("email", "key"),
    [
        ("  Jean.Dupont@Exemple.FR ", "jean.dupont@exemple.fr"),
        ("jean.dupont+convention@gmail.com", "jeandupont@gmail.com"),
        ("J.E.A.N@googlemail.com", "jean@gmail.com"),
        ("jean+tag@laposte.net", "jean@laposte.net"),
        ("jean+tag@scop-exemple.coop", "jean+tag@scop-exemple.coop"),
    ],
)
def test_dedup_key_normalises_the_mailbox(email, key):
    assert services.dedup_key(email) == key


def test_sign_up_with_consent_joins_the_pool(union):
    convention = make_convention(union, volunteers=3)
    response = Client().post(signup_url(convention), signup_data())
    assert response.status_code == 302
    volunteer = convention.volunteers.get(last_name="Haddad")
    assert volunteer.number == 4
    assert volunteer.features == {"age": "40 ans et plus", "genre": "femme"}
    assert volunteer.consent_at is not None
    assert volunteer.source == Volunteer.Source.FORM
    assert volunteer.dedup_key == "nadia.haddad@exemple.fr"
    assert AuditEvent.objects.filter(
        action="convention.sign_up", object_id=str(volunteer.pk)
    ).exists()


def test_the_sign_up_page_says_where_to_write_to_exercise_one_s_rights(union):
    convention = make_convention(union, volunteers=0)
    union.postal_address = "12 rue de la Coopération\n69001 Lyon"
    union.contact_email = "contact@ur.scop.example"
    union.save()
    html = Client().get(signup_url(convention)).content.decode()
    assert "<br>12 rue de la Coopération<br>69001 Lyon<br>" in html
    assert '<a href="mailto:contact@ur.scop.example">' in html


def test_sign_up_without_consent_is_refused(union):
    convention = make_convention(union, volunteers=0)
    data = signup_data()
    del data["consent"]
    response = Client().post(signup_url(convention), data)
    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert not convention.volunteers.exists()


def test_sign_up_needs_an_answer_to_every_category(union):
    convention = make_convention(union, volunteers=0)
    response = Client().post(signup_url(convention), signup_data(category_genre="robot"))
    assert response.status_code == 200
    assert "category_genre" in response.context["form"].errors
    assert not convention.volunteers.exists()


def test_a_duplicate_sign_up_is_not_added_and_not_revealed(union):
    convention = make_convention(union, volunteers=0)
    first = Client().post(signup_url(convention), signup_data(), follow=True)
    again = Client().post(
        signup_url(convention),
        signup_data(email="nadia.haddad@exemple.fr", first_name="N.", category_genre="homme"),
        follow=True,
    )
    # The same answer as for a new volunteer: the page tells no one that this address is in.
    assert again.redirect_chain == first.redirect_chain
    assert [str(m) for m in again.context["messages"]] == [
        str(m) for m in first.context["messages"]
    ]
    volunteer = convention.volunteers.get()
    assert (volunteer.first_name, volunteer.features["genre"]) == ("Nadia", "femme")
    with pytest.raises(services.DuplicateVolunteerError):
        services.sign_up(convention, "N.", "H.", "nadia.haddad@exemple.fr", volunteer.features)


def test_sign_up_needs_the_csrf_token(union):
    convention = make_convention(union, volunteers=0)
    client = Client(enforce_csrf_checks=True)
    assert client.post(signup_url(convention), signup_data()).status_code == 403
    assert not convention.volunteers.exists()
    page = client.get(signup_url(convention))
    token = page.context["csrf_token"]
    response = client.post(signup_url(convention), signup_data(csrfmiddlewaretoken=str(token)))
    assert response.status_code == 302
    assert convention.volunteers.count() == 1


def test_the_honeypot_thanks_a_robot_and_stores_nothing(union):
    convention = make_convention(union, volunteers=0)
    response = Client().post(signup_url(convention), signup_data(nickname="bot"))
    assert response.status_code == 302
    assert not convention.volunteers.exists()


def test_sign_ups_are_rate_limited_per_connection(union, settings):
    convention = make_convention(union, volunteers=0)
    client = Client()
    for index in range(10):
        response = client.post(signup_url(convention), signup_data(email=f"p{index}@exemple.fr"))
        assert response.status_code == 302
    response = client.post(signup_url(convention), signup_data(email="p10@exemple.fr"))
    assert response.status_code == 429
    assert convention.volunteers.count() == 10


def test_sign_up_is_closed_outside_the_sign_up_period(union):
    convention = make_convention(union, volunteers=0, status=Convention.Status.DRAFT)
    convention.status = Convention.Status.SIGNUP
    convention.signup_closes_at = convention.created_at
    convention.save()
    response = Client().post(signup_url(convention), signup_data())
    assert response.status_code == 200
    assert not convention.volunteers.exists()
    with pytest.raises(services.ConventionError):
        services.sign_up(convention, "A", "B", "a@b.fr", {"age": "18-39 ans", "genre": "femme"})


def test_sign_up_mass_assignment_is_ignored(union):
    convention = make_convention(union, volunteers=0)
    other = make_convention(union, volunteers=0)
    response = Client().post(
        signup_url(convention),
        signup_data(
            status="selected",
            number="99",
            convention=str(other.pk),
            source="import",
            features='{"age": "18-39 ans", "genre": "homme", "secret": "x"}',
            category_secret="x",
            consent_at="2000-01-01T00:00",
        ),
    )
    assert response.status_code == 302
    volunteer = Volunteer.objects.get(last_name="Haddad")
    assert volunteer.convention_id == convention.pk
    assert (volunteer.status, volunteer.number, volunteer.source) == ("pool", 1, "form")
    assert volunteer.features == {"age": "40 ans et plus", "genre": "femme"}
    assert volunteer.consent_at.year > 2000


# --- import --------------------------------------------------------------------------------------

GOOD = (
    "prénom;nom;email;Genre;age\n"
    "Louise;Martin;louise.martin@exemple.fr;femme;18-39 ans\n"
    "Paul;Bernard;paul.bernard@exemple.fr;HOMME;40 ans et plus\n"
)


def test_import_adds_every_line_and_numbers_them(union, staff):
    convention = make_convention(union, volunteers=2)
    report = services.import_volunteers(staff.user, convention, GOOD)
    assert report.ok and report.added == 2
    louise = convention.volunteers.get(last_name="Martin")
    paul = convention.volunteers.get(last_name="Bernard")
    assert (louise.number, paul.number) == (3, 4)
    assert paul.features == {"age": "40 ans et plus", "genre": "homme"}
    assert louise.source == Volunteer.Source.IMPORT


def test_import_is_all_or_nothing_with_line_numbers(union, staff):
    convention = make_convention(union, volunteers=0)
    text = GOOD + "Zoé;Petit;pas-une-adresse;femme;18-39 ans\n;Sans;x@exemple.fr;autre;18-39 ans\n"
    report = services.import_volunteers(staff.user, convention, text)
    assert not report.ok
    assert [line for line, _message in report.errors] == [4, 5]
    assert "pas-une-adresse" in report.errors[0][1]
    assert "autre" in report.errors[1][1]
    assert not convention.volunteers.exists()


def test_import_reports_missing_columns_on_the_header_line(union, staff):
    convention = make_convention(union, volunteers=0)
    report = services.import_volunteers(staff.user, convention, "prénom,nom,email\nA,B,a@b.fr\n")
    assert [line for line, _message in report.errors] == [1]
    assert "age" in report.errors[0][1] and "genre" in report.errors[0][1]
    assert not convention.volunteers.exists()


def test_import_reports_duplicates_and_skips_them(union, staff):
    convention = make_convention(union, volunteers=1)  # volontaire1@exemple.fr
    text = GOOD + (
        "Louise;Martin bis;LOUISE.MARTIN@exemple.fr;femme;18-39 ans\n"
        "Un;Déjà;volontaire1@exemple.fr;homme;18-39 ans\n"
    )
    report = services.import_volunteers(staff.user, convention, text)
    assert report.ok and report.added == 2
    assert [line for line, _message in report.duplicates] == [4, 5]
    assert convention.volunteers.count() == 3


def test_import_through_the_page_shows_the_report(union, staff):
    convention = make_convention(union, volunteers=0)
    upload = SimpleUploadedFile("volontaires.csv", ("\ufeff" + GOOD).encode(), "text/csv")
    response = client_of(staff).post(
        reverse("governance:convention_import", kwargs={"pk": convention.pk}),
        {"file": upload, "consent": "on"},
    )
    assert response.status_code == 200
    assert response.context["report"].added == 2
    assert convention.volunteers.count() == 2


def test_import_needs_the_unions_attestation_of_consent(union, staff):
    convention = make_convention(union, volunteers=0)
    upload = SimpleUploadedFile("volontaires.csv", GOOD.encode(), "text/csv")
    response = client_of(staff).post(
        reverse("governance:convention_import", kwargs={"pk": convention.pk}), {"file": upload}
    )
    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert not convention.volunteers.exists()


# --- the convention and its categories ------------------------------------------------------------


def test_staff_create_a_convention_then_its_categories_and_open_sign_up(union, staff):
    client = client_of(staff)
    response = client.post(
        reverse("governance:convention_create"),
        {
            "title": "Convention sur le partage de la valeur",
            "question": "Comment partager la valeur ?",
            "panel_size": "8",
            "algorithm": "leximin",
            "lottery_size": "1000",
            "status": "drawn",
            "pool_sha256": "0" * 64,
            "union": "",
        },
    )
    assert response.status_code == 302
    convention = Convention.objects.get(title="Convention sur le partage de la valeur")
    assert convention.union == union
    assert convention.status == Convention.Status.DRAFT
    assert convention.pool_sha256 == ""
    response = client.post(
        reverse("governance:convention_category_add", kwargs={"pk": convention.pk}),
        {
            "key": "statut",
            "label": "Statut",
            "quotas": "associé·e;2;4\nsalarié·e;1;3\ncitoyen·ne;1;3",
        },
    )
    assert response.status_code == 302
    assert list(
        convention.categories.get(key="statut").features.values_list("value", "minimum", "maximum")
    ) == [("associé·e", 2, 4), ("citoyen·ne", 1, 3), ("salarié·e", 1, 3)]
    response = client.post(reverse("governance:convention_open", kwargs={"pk": convention.pk}))
    convention.refresh_from_db()
    assert convention.status == Convention.Status.SIGNUP


def test_a_category_value_someone_chose_cannot_disappear(union, staff):
    convention = make_convention(union, volunteers=3)
    category = convention.categories.get(key="genre")
    with pytest.raises(services.ConventionError):
        services.save_category(
            staff.user, convention, "genre", "Genre", [("femme", 1, 4)], category
        )
    with pytest.raises(services.ConventionError):
        services.save_category(staff.user, convention, "statut", "Statut", [("x", 0, 4)])
    services.save_category(
        staff.user, convention, "genre", "Genre", [("femme", 2, 3), ("homme", 1, 2)], category
    )
    assert category.features.get(value="femme").minimum == 2


@pytest.mark.parametrize(
    ("quotas", "message"),
    [
        ([("femme", 3, 4), ("homme", 2, 4)], "totalisent 5 places, plus que les 4"),
        ([("femme", 0, 1), ("homme", 0, 2)], "totalisent 3 places, moins que les 4"),
    ],
)
def test_quotas_no_panel_can_meet_are_refused_at_once(union, staff, quotas, message):
    """k = 4 seats, each with one value: the minimums must fit in them, the maximums fill them."""
    convention = make_convention(union, volunteers=0, status=Convention.Status.DRAFT)
    with pytest.raises(services.ConventionError, match=message):
        services.save_category(staff.user, convention, "statut", "Statut", quotas)
    assert not convention.categories.filter(key="statut").exists()
    services.save_category(staff.user, convention, "statut", "Statut", [("a", 2, 4), ("b", 0, 2)])


def test_a_smaller_panel_must_still_fit_every_category(union, staff):
    """k = 4 with two values of 1 to 3 seats each: k = 1 leaves no room for both minimums."""
    convention = make_convention(union, volunteers=0, status=Convention.Status.DRAFT)
    data = {name: getattr(convention, name) for name in services.setup.CONVENTION_FIELDS}
    with pytest.raises(services.ConventionError, match="Catégorie «\u00a0Tranche d’âge\u00a0»"):
        services.update_convention(staff.user, convention, {**data, "panel_size": 1})
    convention.refresh_from_db()
    assert convention.panel_size == 4
    services.update_convention(staff.user, convention, {**data, "panel_size": 6})


def test_sign_up_does_not_open_after_its_closing_date(union, staff):
    convention = make_convention(union, volunteers=0, status=Convention.Status.DRAFT)
    convention.signup_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    convention.save()
    with pytest.raises(services.ConventionError, match="date de clôture des inscriptions"):
        services.open_signup(staff.user, convention)
    convention.refresh_from_db()
    assert convention.status == Convention.Status.DRAFT


def test_quota_lines_are_checked(union, staff):
    convention = make_convention(union, volunteers=0, status=Convention.Status.DRAFT)
    response = client_of(staff).post(
        reverse("governance:convention_category_add", kwargs={"pk": convention.pk}),
        {"key": "secteur", "label": "Secteur", "quotas": "btp;3;1\n=cmd;0;1"},
    )
    assert response.status_code == 200
    assert "quotas" in response.context["form"].errors
    assert not convention.categories.filter(key="secteur").exists()


def test_a_withdrawal_before_publication_removes_the_volunteer(union, staff):
    convention = make_convention(union, volunteers=3)
    volunteer = convention.volunteers.get(number=2)
    response = client_of(staff).post(
        reverse(
            "governance:convention_withdraw",
            kwargs={"pk": convention.pk, "volunteer": volunteer.pk},
        )
    )
    assert response.status_code == 302
    assert list(convention.volunteers.values_list("number", flat=True)) == [1, 3]
    event = AuditEvent.objects.get(action="convention.withdraw")
    assert volunteer.last_name not in event.object_repr
    assert "volontaire2" not in str(event.summary)


def test_the_audit_log_names_volunteers_by_number_only(union):
    convention = make_convention(union, volunteers=0)
    Client().post(signup_url(convention), signup_data())
    event = AuditEvent.objects.get(action="convention.sign_up")
    assert "Haddad" not in event.object_repr and "1" in event.object_repr


@pytest.mark.parametrize(("size", "valid"), [("1", False), ("99", False), ("100", True)])
def test_the_lottery_has_enough_panels_for_the_seed_to_choose(union, staff, size, valid):
    response = client_of(staff).post(
        reverse("governance:convention_create"),
        {
            "title": "Convention à loterie courte",
            "question": "?",
            "panel_size": "4",
            "algorithm": "leximin",
            "lottery_size": size,
        },
    )
    assert response.status_code == (302 if valid else 200)
    assert Convention.objects.filter(lottery_size=int(size)).exists() is valid


def test_the_form_refuses_a_closing_date_already_past(union):
    from coopilote.governance.forms.conventions import ConventionForm

    data = {
        "title": "Convention",
        "question": "Que faire ?",
        "panel_size": 4,
        "algorithm": "leximin",
        "lottery_size": 1000,
        "signup_closes_at": "2020-01-01T12:00",
    }
    form = ConventionForm(data)
    assert not form.is_valid()
    assert form.errors["signup_closes_at"] == ["Cette date de clôture est déjà passée."]
    data["signup_closes_at"] = (timezone.localtime() + datetime.timedelta(days=30)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    assert ConventionForm(data).is_valid(), ConventionForm(data).errors
