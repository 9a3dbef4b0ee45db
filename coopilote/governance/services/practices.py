"""Practice sheets: written by a cooperative, discussed, and « we tried it too » by others.

Sheets show on their cooperative's public page, which visitors get from the page cache: every
write here outdates it once committed (``pagecache.bump``).
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coopilote.core import pagecache
from coopilote.core.audit import record
from coopilote.governance.models import PracticeComment, PracticeSheet, PracticeTrial
from coopilote.governance.models.practices import trial_cooperative_ids
from coopilote.members.models import Cooperative, Person
from coopilote.members.roles import roles_of

MAX_COMMENT = 5000


class PracticeError(Exception):
    """A refused step; the message is French and meant for the person."""


def create_sheet(actor: Any, form: Any, author: Person) -> PracticeSheet:
    assert form.is_valid()
    cooperative: Cooperative = form.cleaned_data["cooperative"]
    if not PracticeSheet(cooperative=cooperative).abilities(actor)["change"]:
        raise PracticeError(_("You do not write for this cooperative."))
    with transaction.atomic():
        sheet: PracticeSheet = form.save(commit=False)
        sheet.cooperative, sheet.author = cooperative, author
        sheet.save()
        form.save_m2m()
        record(actor, "governance.practice_create", sheet, cooperative=str(cooperative.pk))
        transaction.on_commit(pagecache.bump)
    return sheet


def update_sheet(actor: Any, sheet: PracticeSheet, form: Any) -> PracticeSheet:
    assert form.instance is sheet and form.is_valid()
    with transaction.atomic():
        form.save()
        if form.changed_data:
            record(actor, "governance.practice_update", sheet, fields=form.changed_data)
            transaction.on_commit(pagecache.bump)
    return sheet


def comment(actor: Any, sheet: PracticeSheet, author: Person, text: str) -> PracticeComment:
    text = text.strip()
    if not text:
        raise PracticeError(_("The comment is empty."))
    if len(text) > MAX_COMMENT:
        raise PracticeError(_("The comment is too long."))
    with transaction.atomic():
        made = PracticeComment.objects.create(sheet=sheet, author=author, text=text)
        record(actor, "governance.practice_comment", made, sheet=str(sheet.pk))
    return made


def tried(
    actor: Any, sheet: PracticeSheet, cooperative: Cooperative, person: Person, note: str = ""
) -> PracticeTrial:
    """« We tried it too »: once per cooperative, never by the sheet's own cooperative."""
    if cooperative.pk not in trial_cooperative_ids(roles_of(actor), sheet):
        raise PracticeError(_("You cannot speak for this cooperative here."))
    try:
        with transaction.atomic():
            if PracticeTrial.objects.filter(sheet=sheet, cooperative=cooperative).exists():
                raise PracticeError(_("Your cooperative has already said it tried this practice."))
            trial = PracticeTrial.objects.create(
                sheet=sheet, cooperative=cooperative, person=person, note=note.strip()
            )
            record(actor, "governance.practice_tried", trial, sheet=str(sheet.pk))
            transaction.on_commit(pagecache.bump)
    except IntegrityError as error:  # two people of the same cooperative at the same moment
        raise PracticeError(
            _("Your cooperative has already said it tried this practice.")
        ) from error
    return trial
