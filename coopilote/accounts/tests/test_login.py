"""Logging in with an e-mail and a password, throttled per e-mail and per IP address."""

import pytest
from django.conf import settings
from django.urls import reverse

from coopilote.accounts.forms import INVALID_LOGIN, throttled_message
from coopilote.accounts.models import LoginFailure
from coopilote.accounts.tests.conftest import IP, add_failures, shown
from coopilote.members.tests.factories import PASSWORD, UserFactory

LOGIN = reverse("accounts:login")
LIMIT = settings.LOGIN_FAILURE_LIMIT
WINDOW = settings.LOGIN_FAILURE_WINDOW_MINUTES


def log_in(client, email, password=PASSWORD, ip=IP, **extra):
    return client.post(LOGIN, {"email": email, "password": password, **extra}, REMOTE_ADDR=ip)


def is_logged_in(client):
    return "_auth_user_id" in client.session


def test_the_login_page_labels_its_fields(client, db):
    page = client.get(LOGIN).content.decode()
    assert '<label for="id_email">' in page
    assert '<label for="id_password">' in page
    assert page.count("<h1>") == 1


def test_a_person_logs_in_with_their_e_mail_and_password(client, person):
    response = log_in(client, "camille.berard@exemple.fr")
    assert response.status_code == 302
    assert response.url == reverse("accounts:account")
    assert is_logged_in(client)


def test_the_e_mail_is_case_insensitive(client, person):
    log_in(client, "  Camille.Berard@EXEMPLE.fr ")
    assert is_logged_in(client)


def test_a_wrong_password_and_an_unknown_e_mail_get_the_same_answer(client, person):
    wrong_password = log_in(client, "camille.berard@exemple.fr", "pas-le-bon")
    unknown = log_in(client, "personne@exemple.fr")
    assert wrong_password.status_code == unknown.status_code == 200
    assert wrong_password.context["form"].errors == unknown.context["form"].errors
    assert shown(INVALID_LOGIN) in unknown.content.decode()
    assert not is_logged_in(client)


def test_an_inactive_account_cannot_log_in(client, db):
    UserFactory(email="partie@exemple.fr", is_active=False)
    log_in(client, "partie@exemple.fr")
    assert not is_logged_in(client)


def test_a_failure_is_recorded_with_the_normalized_e_mail_and_the_ip(client, person):
    log_in(client, "Camille.Berard@exemple.fr", "pas-le-bon")
    failure = LoginFailure.objects.get()
    assert (failure.email, failure.ip_address) == ("camille.berard@exemple.fr", IP)


def test_after_the_limit_even_the_right_password_is_refused(client, person):
    for _ in range(LIMIT):
        log_in(client, "camille.berard@exemple.fr", "pas-le-bon")
    response = log_in(client, "camille.berard@exemple.fr")
    assert response.status_code == 429
    assert not is_logged_in(client)
    assert shown(throttled_message(WINDOW)) in response.content.decode()


def test_an_unknown_e_mail_is_throttled_the_same_way(client, person):
    add_failures(LIMIT, email="camille.berard@exemple.fr")
    add_failures(LIMIT, email="inconnu@exemple.fr")
    known = log_in(client, "camille.berard@exemple.fr")
    unknown = log_in(client, "inconnu@exemple.fr")
    assert known.status_code == unknown.status_code == 429
    assert known.context["form"].errors == unknown.context["form"].errors


def test_throttled_attempts_are_not_recorded_so_the_block_does_not_grow(client, person):
    add_failures(LIMIT, email="camille.berard@exemple.fr")
    log_in(client, "camille.berard@exemple.fr", "pas-le-bon")
    assert LoginFailure.objects.count() == LIMIT


def test_one_failure_below_the_limit_still_lets_the_right_password_in(client, person):
    add_failures(LIMIT - 1, email="camille.berard@exemple.fr")
    log_in(client, "camille.berard@exemple.fr")
    assert is_logged_in(client)


def test_failures_older_than_the_window_do_not_count(client, person):
    add_failures(LIMIT, email="camille.berard@exemple.fr", minutes_ago=WINDOW + 1)
    log_in(client, "camille.berard@exemple.fr")
    assert is_logged_in(client)


@pytest.mark.parametrize(("minutes_ago", "wait"), [(0, WINDOW), (WINDOW - 5, 5), (WINDOW - 0.5, 1)])
def test_the_message_tells_when_the_oldest_blocking_failure_leaves_the_window(
    client, person, minutes_ago, wait
):
    add_failures(LIMIT, email="camille.berard@exemple.fr", minutes_ago=minutes_ago)
    response = log_in(client, "camille.berard@exemple.fr")
    assert shown(throttled_message(wait)) in response.content.decode()


def test_an_ip_is_throttled_after_ten_times_the_limit_whatever_the_e_mail(client, person):
    for n in range(10 * LIMIT):
        add_failures(1, email=f"essai{n}@exemple.fr")
    assert log_in(client, "camille.berard@exemple.fr").status_code == 429
    assert not is_logged_in(client)
    log_in(client, "camille.berard@exemple.fr", ip="198.51.100.1")
    assert is_logged_in(client)


def test_an_ip_below_ten_times_the_limit_is_not_throttled(client, person):
    for n in range(10 * LIMIT - 1):
        add_failures(1, email=f"essai{n}@exemple.fr")
    log_in(client, "camille.berard@exemple.fr")
    assert is_logged_in(client)


def test_a_successful_login_clears_that_e_mails_failures_only(client, person):
    add_failures(LIMIT - 1, email="camille.berard@exemple.fr")
    add_failures(2, email="autre@exemple.fr")
    log_in(client, "camille.berard@exemple.fr")
    assert list(LoginFailure.objects.values_list("email", flat=True)) == ["autre@exemple.fr"] * 2


def test_next_leads_to_a_page_of_the_site(client, person):
    response = log_in(client, "camille.berard@exemple.fr", next="/cooperatives/")
    assert response.url == "/cooperatives/"


OFF_SITE = ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_next_never_leads_off_the_site(client, person, target):
    response = log_in(client, "camille.berard@exemple.fr", next=target)
    assert response.url == reverse("accounts:account")


def test_the_login_form_keeps_a_safe_next_and_drops_an_unsafe_one(client, db):
    safe = client.get(LOGIN, {"next": "/cooperatives/"}).content.decode()
    unsafe = client.get(LOGIN, {"next": "https://evil.example/"}).content.decode()
    assert 'name="next" value="/cooperatives/"' in safe
    assert "evil.example" not in unsafe


def test_logout_needs_a_post(client, person):
    client.force_login(person.user)
    assert client.get(reverse("accounts:logout")).status_code == 302  # sent to the page above
    assert is_logged_in(client)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not is_logged_in(client)
