"""Password reset by e-mail (no account enumeration) and password change."""

import re
import smtplib

import pytest
from django.contrib.auth.forms import PasswordResetForm
from django.core import mail
from django.urls import reverse

from coopilote.accounts.models import LoginFailure
from coopilote.accounts.tests.conftest import add_failures
from coopilote.core.models import AuditEvent
from coopilote.members.tests.factories import PASSWORD, UserFactory

RESET = reverse("accounts:password_reset")
NEW_PASSWORD = "Une-toute-nouvelle-phrase-42"


def ask_reset(client, email):
    return client.post(RESET, {"email": email})


def reset_link(message):
    return re.search(r"https?://[^/\s]+(/compte/mot-de-passe/nouveau/\S+)", message.body)[1]


def test_the_reset_answers_the_same_for_a_known_and_an_unknown_address(client, person):
    known = ask_reset(client, "camille.berard@exemple.fr")
    assert len(mail.outbox) == 1
    unknown = ask_reset(client, "personne@exemple.fr")
    assert len(mail.outbox) == 1
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("accounts:password_reset_done")
    assert known.content == unknown.content
    assert known.headers.keys() == unknown.headers.keys()


def test_the_reset_mail_goes_to_the_account_with_a_link_and_a_one_line_subject(client, person):
    ask_reset(client, "Camille.Berard@exemple.fr")
    message = mail.outbox[0]
    assert message.to == ["camille.berard@exemple.fr"]
    assert "\n" not in message.subject
    assert reset_link(message).startswith("/compte/mot-de-passe/nouveau/")


def test_the_reset_link_sets_a_new_password_end_to_end(client, person):
    ask_reset(client, "camille.berard@exemple.fr")
    form_url = client.get(reset_link(mail.outbox[0])).url  # the token leaves the URL
    assert "set-password" in form_url
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.url == reverse("accounts:password_reset_complete")
    person.user.refresh_from_db()
    assert person.user.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.for_object(person.user).by_action("user.reset_password").exists()
    assert client.get(reset_link(mail.outbox[0])).context["validlink"] is False


def test_a_reset_lifts_the_login_block_of_that_address(client, person):
    add_failures(10, email="camille.berard@exemple.fr")
    ask_reset(client, "camille.berard@exemple.fr")
    form_url = client.get(reset_link(mail.outbox[0])).url
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not LoginFailure.objects.filter(email="camille.berard@exemple.fr").exists()


def test_a_failing_mail_server_does_not_reveal_that_the_address_exists(
    client, person, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise smtplib.SMTPException("down")

    monkeypatch.setattr(PasswordResetForm, "send_mail", broken)
    known = ask_reset(client, "camille.berard@exemple.fr")
    assert known.status_code == 302
    assert known.url == reverse("accounts:password_reset_done")
    assert "Password reset e-mail not sent" in caplog.text


@pytest.mark.parametrize("inactive", [True, False])
def test_an_inactive_or_passwordless_login_gets_no_reset_mail(client, db, inactive):
    user = UserFactory(email="dormant@exemple.fr", is_active=not inactive)
    if not inactive:
        user.set_unusable_password()
        user.save()
    ask_reset(client, "dormant@exemple.fr")
    assert mail.outbox == []


def test_the_reset_pages_are_in_the_site_layout_with_one_heading(client, db):
    for name in ("password_reset", "password_reset_done", "password_reset_complete"):
        page = client.get(reverse(f"accounts:{name}")).content.decode()
        assert page.count("<h1>") == 1
        assert 'class="site-header"' in page


def test_changing_the_password_needs_a_login(client, db):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_logged_in_person_changes_their_password_and_stays_logged_in(client, person):
    client.force_login(person.user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.url == reverse("accounts:password_change_done")
    person.user.refresh_from_db()
    assert person.user.check_password(NEW_PASSWORD)
    assert client.get(reverse("accounts:account")).status_code == 200
    event = AuditEvent.objects.for_object(person.user).by_action("user.change_password").get()
    assert event.summary == {"fields": ["password"]}


def test_a_wrong_old_password_changes_nothing_and_ties_the_error_to_its_field(client, person):
    client.force_login(person.user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "pas-le-bon",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    page = response.content.decode()
    assert 'aria-describedby="id_old_password_error"' in page
    assert 'id="id_old_password_error"' in page
    assert not AuditEvent.objects.by_action("user.change_password").exists()
