"""Rules: versions, amendments decided by consent or by a general assembly, conflicts, diffs."""

from __future__ import annotations

import pytest

from coopilote.core.models import AuditEvent
from coopilote.governance.models import Amendment, ConsentDecision, Resolution, RuleVersion
from coopilote.governance.services import rules
from coopilote.governance.tests.rules_fixtures import (
    TEXT_V1,
    amendment,
    decided,
    rules_document,
    union_assembly,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(union, board):
    return rules_document(union, board[0])


def test_a_proposed_amendment_is_written_on_the_current_version(document, board, staff):
    author = board[1][0]
    made = rules.propose_amendment(
        author.user,
        document,
        author,
        title="Six réunions",
        text=TEXT_V1.replace("quatre", "six"),
        rationale="Plus de suivi.",
    )
    assert made.base_version.number == 1
    assert made.status == Amendment.Status.PROPOSED
    assert AuditEvent.objects.filter(action="governance.amendment_propose").count() == 1


def test_an_amendment_on_one_article_changes_that_article_only(document, board):
    author = board[1][0]
    made = rules.propose_amendment(
        None,
        document,
        author,
        title="Consentement",
        article="Article 3",
        text="Les décisions sont prises par consentement.",
        rationale="Sociocratie.",
    )
    assert "Les décisions sont prises par consentement." in made.text
    assert "à la majorité des membres présents" not in made.text
    assert "Le conseil se réunit au moins quatre fois par an." in made.text
    assert "Article 3 — Décisions" in made.text


def test_a_text_stored_with_crlf_gives_plain_lines_to_its_amendments(document, board):
    """Versions saved from a browser before line breaks were normalised hold « \r\n »."""
    from coopilote.governance.models import RuleVersion

    RuleVersion.objects.filter(document=document).update(text=TEXT_V1.replace("\n", "\r\n"))
    made = rules.propose_amendment(
        None,
        document,
        board[1][0],
        title="Consentement",
        article="Article 3",
        text="Les décisions sont prises par consentement.\r\n",
        rationale="Sociocratie.",
    )
    assert "\r" not in made.text
    assert made.text.count("\n\n") == TEXT_V1.count("\n\n")


def test_an_unknown_article_is_added_at_the_end(document, board):
    made = rules.propose_amendment(
        None,
        document,
        board[1][0],
        title="Éthique",
        article="Article 4 — Éthique",
        text="Les administrateurs déclarent leurs intérêts.",
        rationale="Transparence.",
    )
    assert made.text.rstrip().endswith("Les administrateurs déclarent leurs intérêts.")
    assert made.text.index("Article 3") < made.text.index("Article 4 — Éthique")


@pytest.mark.parametrize("line_break", ["\n", "\r\n"])
def test_an_amendment_identical_to_the_text_is_refused(document, board, line_break):
    """As a browser sends it too: the textarea's lines end in « \r\n »."""
    with pytest.raises(rules.AmendmentError):
        rules.propose_amendment(
            None,
            document,
            board[1][0],
            title="Rien",
            text=TEXT_V1.replace("\n", line_break),
            rationale=".",
        )
    assert not Amendment.objects.exists()


def test_consent_decision_accepted_gives_the_next_version(document, board, staff):
    made = amendment(document, board[1][0])
    proposal = rules.send_to_consent(staff.user, made, living_effect="Moins de trajets.")
    made.refresh_from_db()
    assert made.status == Amendment.Status.IN_DECISION
    assert proposal.body == document.body and proposal.rule == document
    assert proposal.versions.get().living_effect == "Moins de trajets."
    decided(proposal)
    settled = rules.settle_amendment(made, staff.user)
    assert settled.status == Amendment.Status.ACCEPTED
    version = document.current_version()
    assert version.number == 2 and version.amendment == made
    assert "six fois" in version.text
    assert str(version.adopted_on) == "2026-03-12"


def test_settling_before_the_decision_ends_is_refused(document, board, staff):
    made = amendment(document, board[1][0])
    rules.send_to_consent(staff.user, made)
    made.refresh_from_db()
    with pytest.raises(rules.AmendmentError):
        rules.settle_amendment(made, staff.user)
    made.refresh_from_db()
    assert made.status == Amendment.Status.IN_DECISION
    assert document.versions.count() == 1


def test_settling_an_amendment_not_sent_to_a_decision_is_refused(document, board, staff):
    with pytest.raises(rules.AmendmentError):
        rules.settle_amendment(amendment(document, board[1][0]), staff.user)


def test_a_withdrawn_proposal_rejects_the_amendment(document, board, staff):
    made = amendment(document, board[1][0])
    decided(rules.send_to_consent(staff.user, made), stage=ConsentDecision.Stage.WITHDRAWN)
    assert rules.settle_amendment(made, staff.user).status == Amendment.Status.REJECTED
    assert document.versions.count() == 1


def test_an_accepted_amendment_on_a_stale_base_is_refused_until_rebased(document, board, staff):
    first = amendment(document, board[1][0])
    second = rules.propose_amendment(
        None,
        document,
        board[1][1],
        title="Majorité des deux tiers",
        article="Article 3",
        text="Les décisions sont prises à la majorité des deux tiers des membres présents.",
        rationale="Des décisions plus larges.",
    )
    decided(rules.send_to_consent(staff.user, first))
    second_proposal = rules.send_to_consent(staff.user, second)
    rules.settle_amendment(first, staff.user)
    assert rules.is_stale(second)
    decided(second_proposal)
    with pytest.raises(rules.AmendmentError):
        rules.settle_amendment(second, staff.user)
    assert document.versions.count() == 2
    second.refresh_from_db()
    # Under decision, the decided wording of the article is carried over as it is: a text
    # given to the rebase is ignored.
    rules.rebase(staff.user, second, text="Le président décide seul.", article="Article 1")
    second.refresh_from_db()
    assert not rules.is_stale(second)
    assert "seul" not in second.text and second.article == "Article 3"
    rules.settle_amendment(second, staff.user)
    final = document.current_version()
    assert final.number == 3
    assert "six fois" in final.text and "deux tiers" in final.text
    assert "seul" not in final.text


def test_the_wording_under_decision_cannot_be_rewritten(document, board, staff, union):
    """Forgery: rewriting the text after the vote would adopt a text nobody voted on."""
    author = board[1][0]
    made = amendment(document, author)
    resolution = rules.send_to_assembly(staff.user, made, union_assembly(union))
    made.refresh_from_db()
    assert made.abilities(author.user)["rebase"] is False
    assert made.abilities(staff.user)["rebase"] is False  # whole-text amendment
    with pytest.raises(rules.AmendmentError):
        rules.rebase(staff.user, made, text=TEXT_V1.replace("quatre", "douze"))
    resolution.assembly.status = "closed"
    resolution.assembly.save()
    Resolution.objects.filter(pk=resolution.pk).update(result={"adopted": True})
    made.refresh_from_db()
    rules.settle_amendment(made, staff.user)
    assert "six fois" in document.current_version().text


def test_a_consent_that_changed_the_wording_does_not_apply_the_original_text(
    document, board, staff
):
    from coopilote.governance.models import DecisionVersion

    made = amendment(document, board[1][0])
    proposal = rules.send_to_consent(staff.user, made)
    DecisionVersion.objects.create(
        proposal=proposal, number=2, text="Le conseil se réunit cinq fois.", change_note="Objection"
    )
    with pytest.raises(rules.AmendmentError, match="n’est pas terminée"):
        rules.withdraw(staff.user, made)  # not while the body decides
    decided(proposal)
    made.refresh_from_db()
    with pytest.raises(rules.AmendmentError):
        rules.settle_amendment(made, staff.user)
    assert document.versions.count() == 1
    # A dead end no more: the staff withdraw it, to propose the consented wording anew.
    rules.withdraw(staff.user, made)
    made.refresh_from_db()
    assert made.status == Amendment.Status.WITHDRAWN
    event = AuditEvent.objects.filter(action="governance.amendment_withdraw").get()
    assert event.summary.get("after_decision") is True
    assert document.versions.count() == 1


def test_an_applicable_decision_is_settled_not_withdrawn(document, board, staff):
    accepted = amendment(document, board[1][0])
    decided(rules.send_to_consent(staff.user, accepted))
    rejected = amendment(document, board[1][1], title="Autre")
    decided(rules.send_to_consent(staff.user, rejected), stage=ConsentDecision.Stage.WITHDRAWN)
    for made in (accepted, rejected):
        made.refresh_from_db()
        assert not rules.cannot_apply(made)
        with pytest.raises(rules.AmendmentError, match="peut s’appliquer"):
            rules.withdraw(staff.user, made)
        made.refresh_from_db()
        assert made.status == Amendment.Status.IN_DECISION
    assert rules.settle_amendment(accepted, staff.user).status == Amendment.Status.ACCEPTED
    assert rules.settle_amendment(rejected, staff.user).status == Amendment.Status.REJECTED


def test_an_accepted_whole_text_amendment_on_a_changed_text_is_a_dead_end_withdrawn(
    document, board, staff
):
    made = amendment(document, board[1][0])  # rewrites the whole text
    assert not made.article
    decided(rules.send_to_consent(staff.user, made))
    RuleVersion.objects.create(
        document=document, number=2, text=TEXT_V1 + "Article 9\nAutre.\n", adopted_on="2025-01-01"
    )
    made.refresh_from_db()
    with pytest.raises(rules.AmendmentError):
        rules.settle_amendment(made, staff.user)
    assert rules.cannot_apply(made)
    assert rules.withdraw(staff.user, made).status == Amendment.Status.WITHDRAWN


def test_a_stale_amendment_cannot_be_sent_to_a_decision(document, board, staff):
    stale = amendment(document, board[1][1], title="Autre")
    RuleVersion.objects.create(
        document=document, number=2, text=TEXT_V1 + "Article 4\nNouveau.\n", adopted_on="2025-01-01"
    )
    with pytest.raises(rules.AmendmentError):
        rules.send_to_consent(staff.user, stale)
    stale.refresh_from_db()
    assert stale.status == Amendment.Status.PROPOSED and stale.proposal is None


def test_a_general_assembly_resolution_decides_the_amendment(document, board, staff, union):
    assembly = union_assembly(union)
    made = amendment(document, board[1][0])
    resolution = rules.send_to_assembly(staff.user, made, assembly, method="qualified")
    assert resolution.number == 1 and resolution.rule == document
    made.refresh_from_db()
    with pytest.raises(rules.AmendmentError):  # the assembly has not voted yet
        rules.settle_amendment(made, staff.user)
    assembly.status = "closed"
    assembly.save()
    Resolution.objects.filter(pk=resolution.pk).update(result={"adopted": False})
    made.refresh_from_db()
    assert rules.settle_amendment(made, staff.user).status == Amendment.Status.REJECTED


def test_an_adopted_resolution_gives_the_next_version(document, board, staff, union):
    assembly = union_assembly(union)
    made = amendment(document, board[1][0])
    resolution = rules.send_to_assembly(staff.user, made, assembly)
    assembly.status = "closed"
    assembly.save()
    Resolution.objects.filter(pk=resolution.pk).update(result={"adopted": True})
    made.refresh_from_db()
    rules.settle_amendment(made, staff.user)
    assert document.current_version().number == 2
    assert str(document.current_version().adopted_on) == "2026-06-18"


def test_only_an_assembly_of_the_union_in_preparation_takes_an_amendment(
    document, board, staff, union
):
    made = amendment(document, board[1][0])
    with pytest.raises(rules.AmendmentError):
        rules.send_to_assembly(staff.user, made, union_assembly(union, status="open"))
    with pytest.raises(rules.AmendmentError):
        rules.send_to_assembly(staff.user, made, union_assembly(union), method="majority_judgment")
    made.refresh_from_db()
    assert made.status == Amendment.Status.PROPOSED


def test_a_document_without_body_is_not_decided_by_consent(union, board, staff):
    document = rules_document(union)
    document.body = None
    document.save()
    with pytest.raises(rules.AmendmentError):
        rules.send_to_consent(staff.user, amendment(document, board[1][0]))


def test_comments_only_while_the_amendment_is_open(document, board):
    made = amendment(document, board[1][0])
    rules.comment(None, made, board[1][2], "D’accord, mais six c’est beaucoup.")
    with pytest.raises(rules.AmendmentError):
        rules.comment(None, made, board[1][2], "   ")
    rules.withdraw(None, made)
    with pytest.raises(rules.AmendmentError):
        rules.comment(None, made, board[1][2], "Trop tard ?")
    assert made.comments.count() == 1


def test_the_diff_marks_words_added_and_removed():
    diff = rules.diff_texts(
        "Le conseil se réunit quatre fois.\n", "Le conseil se réunit six fois.\n"
    )
    changed = [segment for block in diff.blocks if block.changed for segment in block.segments]
    assert ("delete", "quatre") in [(s.kind, s.text) for s in changed]
    assert ("insert", "six") in [(s.kind, s.text) for s in changed]
    assert diff.added_words == 1 and diff.removed_words == 1


def test_the_diff_collapses_long_unchanged_runs_and_keeps_every_line():
    old = "".join(f"ligne {i}\n" for i in range(30))
    new = old.replace("ligne 15\n", "ligne quinze\n")
    diff = rules.diff_texts(old, new)
    assert any(block.collapsed for block in diff.blocks)
    rebuilt = "".join(s.text for b in diff.blocks for s in b.segments if s.kind != "delete")
    assert rebuilt == new


def test_identical_texts_have_an_empty_diff():
    assert rules.diff_texts("a\nb\n", "a\nb\n").identical


def test_a_rewritten_passage_shows_as_removed_then_added():
    diff = rules.diff_texts("Un compte rendu est tenu.\n", "Les relevés sont publiés en ligne.\n")
    kinds = [s.kind for block in diff.blocks if block.changed for s in block.segments]
    assert kinds == ["delete", "insert"]


def test_sections_split_the_text_by_article():
    parts = rules.sections("Préambule.\nArticle 1 — Objet\nTexte un.\n\nArticle 2\nTexte deux.\n")
    assert parts == [
        ("", "Préambule."),
        ("Article 1 — Objet", "Texte un."),
        ("Article 2", "Texte deux."),
    ]
