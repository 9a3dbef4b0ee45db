"""Rules pages: reading, diffs, amending through the web, staff actions, the register and CSV."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coopilote.conftest import World
from coopilote.governance.models import Accountability, Amendment, AmendmentComment, ConsentDecision
from coopilote.governance.services import rules
from coopilote.governance.tests.rules_fixtures import (
    TEXT_V1,
    accountability,
    amendment,
    decided,
    rules_document,
)

pytestmark = pytest.mark.django_db


def client_for(world: World, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


@pytest.fixture
def document(world: World):
    return rules_document(world.union)


def test_the_list_shows_the_current_unions_documents(world: World, document):
    response = client_for(world, "member").get(reverse("governance:rule_list"))
    assert response.status_code == 200
    assert [d.pk for d in response.context["documents"]] == [document.pk]
    assert response.context["documents"][0].last_number == 1


def test_a_member_proposes_an_amendment_through_the_form(world: World, document):
    url = reverse("governance:amendment_create", kwargs={"pk": document.pk})
    response = client_for(world, "member").post(
        url,
        {
            "title": "Consentement",
            "article": "Article 3",
            "text": "Les décisions sont prises par consentement.",
            "rationale": "Thème 7 du congrès.",
            # Mass assignment: none of these may be set by the form.
            "status": "accepted",
            "author": str(world.people["staff"].pk),
            "base_version": "",
            "proposal": "",
        },
    )
    made = Amendment.objects.get()
    assert response.status_code == 302
    assert made.status == Amendment.Status.PROPOSED
    assert made.author == world.people["member"]
    assert made.base_version == document.current_version()
    assert "par consentement" in made.text


def test_people_outside_the_union_cannot_amend(world: World, document):
    url = reverse("governance:amendment_create", kwargs={"pk": document.pk})
    for role in ("other_coop_referent", "other_union_staff", "no_role"):
        response = client_for(world, role).post(url, {"title": "x", "text": "y", "rationale": "z"})
        assert response.status_code == 403, role
    assert not Amendment.objects.exists()


def test_an_anonymous_comment_is_refused(world: World, document):
    made = amendment(document, world.people["member"])
    url = reverse("governance:amendment_comment", kwargs={"pk": made.pk})
    response = Client().post(url, {"text": "Anonyme"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert not AmendmentComment.objects.exists()


def test_a_member_comments(world: World, document):
    made = amendment(document, world.people["staff"])
    url = reverse("governance:amendment_comment", kwargs={"pk": made.pk})
    client_for(world, "referent").post(url, {"text": "Bonne idée.", "author": "x"})
    comment = AmendmentComment.objects.get()
    assert comment.author == world.people["referent"] and comment.text == "Bonne idée."
    detail = reverse("governance:amendment_detail", kwargs={"pk": made.pk})
    page = client_for(world, "anonymous").get(detail)
    assert "Bonne idée." in page.content.decode()
    assert reverse("accounts:login") in page.content.decode()  # invited to log in
    assert 'name="text"' not in page.content.decode()
    assert 'name="text"' in client_for(world, "member").get(detail).content.decode()


def test_staff_send_to_consent_then_settle_through_the_web(world: World, document):
    made = amendment(document, world.people["member"])
    staff = client_for(world, "staff")
    response = staff.post(
        reverse("governance:amendment_decide", kwargs={"pk": made.pk}),
        {"way": "consent", "living_effect": "Aucun effet notable."},
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.proposal is not None
    settle = reverse("governance:amendment_settle", kwargs={"pk": made.pk})
    staff.post(settle)  # refused: the consent decision runs
    made.refresh_from_db()
    assert made.status == Amendment.Status.IN_DECISION
    decided(made.proposal)
    staff.post(settle)
    made.refresh_from_db()
    assert made.status == Amendment.Status.ACCEPTED
    assert document.current_version().number == 2


def test_a_decided_amendment_that_cannot_apply_is_withdrawn_by_the_staff_not_before(
    world: World, document
):
    from coopilote.governance.models import DecisionVersion

    made = amendment(document, world.people["member"])
    proposal = rules.send_to_consent(world.user("staff"), made)
    page = reverse("governance:amendment_detail", kwargs={"pk": made.pk})
    withdraw = reverse("governance:amendment_withdraw", kwargs={"pk": made.pk})
    staff = client_for(world, "staff")
    assert withdraw not in staff.get(page).content.decode()  # the body is deciding
    staff.post(withdraw)
    made.refresh_from_db()
    assert made.status == Amendment.Status.IN_DECISION
    # The body consents to another wording: settling cannot apply the amendment's text.
    DecisionVersion.objects.create(
        proposal=proposal, number=2, text="Cinq réunions.", change_note="Objection intégrée"
    )
    decided(proposal)
    html = staff.get(page).content.decode()
    assert withdraw in html and "proposez la formulation décidée dans un nouvel" in html
    assert withdraw not in client_for(world, "member").get(page).content.decode()
    assert client_for(world, "member").post(withdraw).status_code == 403  # the author, too late
    assert staff.post(withdraw).status_code == 302
    made.refresh_from_db()
    assert made.status == Amendment.Status.WITHDRAWN


def test_a_member_cannot_send_to_a_decision_nor_settle(world: World, document):
    made = amendment(document, world.people["member"])
    member = client_for(world, "member")
    decide = reverse("governance:amendment_decide", kwargs={"pk": made.pk})
    assert member.post(decide, {"way": "consent"}).status_code == 403
    assert (
        member.post(reverse("governance:amendment_settle", kwargs={"pk": made.pk})).status_code
        == 403
    )
    made.refresh_from_db()
    assert made.status == Amendment.Status.PROPOSED and made.proposal is None


def test_the_rule_page_lists_the_decisions_taken_under_it(world: World, document, board):
    ConsentDecision.objects.create(
        body=document.body, title="Calendrier des réunions", author=board[1][0], rule=document
    )
    response = Client().get(reverse("governance:rule_detail", kwargs={"pk": document.pk}))
    assert response.status_code == 200
    assert [p.title for p in response.context["proposals"]] == ["Calendrier des réunions"]


def test_the_rule_page_hides_a_cooperatives_private_decisions(world: World, document):
    from coopilote.governance.tests.factories import BodyFactory
    from coopilote.members.models import Body

    circle = BodyFactory(
        union=world.union, cooperative=world.cooperative, kind=Body.Kind.CIRCLE, name="Cercle"
    )
    ConsentDecision.objects.create(
        body=circle, title="Décision interne", author=world.people["referent"], rule=document
    )
    url = reverse("governance:rule_detail", kwargs={"pk": document.pk})
    for role, shown in (
        ("anonymous", []),
        ("other_coop_referent", []),
        ("member", ["Décision interne"]),
    ):
        response = client_for(world, role).get(url)
        assert response.status_code == 200
        assert [p.title for p in response.context["proposals"]] == shown, role


def test_the_amendment_page_flags_a_conflict(world: World, document, board):
    first = amendment(document, world.people["member"])
    second = amendment(document, world.people["referent"], title="Autre")
    decided(rules.send_to_consent(None, first))
    rules.settle_amendment(first, None)
    response = Client().get(reverse("governance:amendment_detail", kwargs={"pk": second.pk}))
    assert response.context["stale"] is True
    assert response.context["since"] is not None
    fresh = Client().get(reverse("governance:amendment_detail", kwargs={"pk": first.pk}))
    assert fresh.context["stale"] is False


def test_the_compare_page_escapes_the_text(world: World, document):
    rules.create_document(
        None,
        world.union,
        title="Charte",
        kind="charter",
        body=None,
        text="<script>alert(1)</script>\n",
        adopted_on="2025-01-01",
    )
    from coopilote.governance.models import RuleDocument, RuleVersion

    charter = RuleDocument.objects.get(title="Charte")
    RuleVersion.objects.create(
        document=charter, number=2, text="<b>gras</b>\n", adopted_on="2025-02-01"
    )
    response = Client().get(
        reverse("governance:rule_compare", kwargs={"pk": charter.pk}), {"a": 1, "b": 2}
    )
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "<b>gras" not in content and "<b>" not in content
    assert "&lt;" in content and "&gt;" in content
    assert "<ins>" in content and "<del>" in content


def test_the_compare_page_refuses_an_unknown_version(world: World, document):
    response = Client().get(
        reverse("governance:rule_compare", kwargs={"pk": document.pk}), {"a": 1, "b": 9}
    )
    assert response.status_code == 200 and response.context["diff"] is None


def test_staff_create_a_document(world: World, board):
    response = client_for(world, "staff").post(
        reverse("governance:rule_create"),
        {
            "title": "Charte éthique",
            "kind": "charter",
            "body": "",
            "text": TEXT_V1,
            "adopted_on": "2025-11-20",
        },
    )
    assert response.status_code == 302
    from coopilote.governance.models import RuleDocument

    assert RuleDocument.objects.get(title="Charte éthique").versions.get().number == 1


def test_the_register_csv_neutralises_formulas(world: World):
    line = accountability(world.union)
    line.decides = '=HYPERLINK("http://x")'
    line.save()
    response = Client().get(reverse("governance:accountability_csv"))
    content = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in content
    assert "Budget" in content


def test_staff_edit_the_register_other_fields_ignored(world: World, document):
    line = accountability(world.union)
    response = client_for(world, "staff").post(
        reverse("governance:accountability_edit", kwargs={"pk": line.pk}),
        {
            "domain": "Budget et finances",
            "decides": "CA",
            "executes": "Direction",
            "accountable": "Trésorière",
            "reports_to": "AG",
            "rule": str(document.pk),
            "rule_article": "Article 3",
            "union": str(world.other_union.pk),
        },
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.domain == "Budget et finances" and line.rule == document
    assert line.union == world.union


def test_the_register_is_edited_by_staff_only(world: World):
    line = accountability(world.union)
    url = reverse("governance:accountability_edit", kwargs={"pk": line.pk})
    assert client_for(world, "member").post(url, {"domain": "x"}).status_code == 403
    assert client_for(world, "board").post(url, {"domain": "x"}).status_code == 403
    line.refresh_from_db()
    assert line.domain == "Budget"
    delete = reverse("governance:accountability_delete", kwargs={"pk": line.pk})
    client_for(world, "staff").post(delete)
    assert not Accountability.objects.exists()


def count_queries(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_rule_page_makes_as_many_queries_with_more_amendments(world: World, document, board):
    url = reverse("governance:rule_detail", kwargs={"pk": document.pk})
    client = client_for(world, "member")

    def grow() -> None:
        for index in range(3):
            made = amendment(document, world.people["member"], title=f"Amendement {index}")
            rules.comment(None, made, world.people["referent"], "Pour.")
            ConsentDecision.objects.create(
                body=document.body, title=f"Décision {index}", author=board[1][0], rule=document
            )

    grow()
    count_queries(client, url)
    before = count_queries(client, url)
    grow()
    assert count_queries(client, url) == before


def test_the_register_makes_as_many_queries_with_more_lines(world: World, document):
    url = reverse("governance:accountability")
    client = client_for(world, "staff")
    accountability(world.union)
    count_queries(client, url)
    before = count_queries(client, url)
    for _ in range(4):
        line = accountability(world.union)
        line.rule = document
        line.save()
    assert count_queries(client, url) == before
