"""Proxies and votes: who may vote for whom, the secret or open ballot, the receipts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from coopilote.core.audit import record
from coopilote.governance.models import (
    Assembly,
    Proxy,
    Resolution,
    Voter,
)
from coopilote.governance.models.assemblies import (
    ResolutionBallot,
    ResolutionMark,
    ResolutionParticipation,
)
from coopilote.governance.services.assemblies.common import AssemblyError
from coopilote.members.models import Person
from coopilote.voting.secrecy import (
    AlreadyVoted,
    clean_grades,
    database_now,
    receipt_hash,
    seal,
)

# --- proxies ----------------------------------------------------------------------------------


def give_proxy(actor: Any, assembly: Assembly, giver: Voter, holder: Voter) -> Proxy:
    """Record a proxy (pouvoir): ``holder`` will vote in ``giver``'s name."""
    if giver.assembly_id != assembly.pk or holder.assembly_id != assembly.pk:
        raise AssemblyError(_("Both people must be on this assembly's roll."))
    if giver.pk == holder.pk:
        raise AssemblyError(_("Nobody can hold their own proxy."))
    with transaction.atomic():
        # Roll lines first, by key, then the assembly: the order of ``cast_vote`` and
        # ``close_assembly`` too, so none of them deadlocks another. The lines wait for a vote
        # in flight; the assembly's row makes proxies one at a time (the cap holds).
        list(Voter.objects.select_for_update().filter(pk__in=[giver.pk, holder.pk]).order_by("pk"))
        locked = Assembly.objects.select_for_update().get(pk=assembly.pk)
        if locked.status == Assembly.Status.CLOSED:
            raise AssemblyError(_("The assembly is closed."))
        if has_voted(giver):
            raise AssemblyError(
                _("%(giver)s has already voted: a proxy can no longer be given.")
                % {"giver": giver.person}
            )
        if Proxy.objects.filter(giver=giver).exists():
            raise AssemblyError(_("%(giver)s has already given a proxy.") % {"giver": giver.person})
        if Proxy.objects.filter(giver=holder).exists():
            raise AssemblyError(
                _("%(holder)s has given their own proxy and cannot hold one.")
                % {"holder": holder.person}
            )
        # No sub-delegation: a holder who passed on their own line would still vote the
        # proxies they hold, while someone else votes theirs.
        if Proxy.objects.filter(holder=giver).exists():
            raise AssemblyError(
                _("%(giver)s holds proxies and cannot give their own.") % {"giver": giver.person}
            )
        held = Proxy.objects.filter(holder=holder).count()
        if held >= locked.proxy_cap:
            raise AssemblyError(
                _(
                    "%(holder)s already holds %(held)s proxies: the cap is %(cap)s per person. "
                    "Choose someone else."
                )
                % {"holder": holder.person, "held": held, "cap": locked.proxy_cap}
            )
        proxy = Proxy.objects.create(assembly=locked, giver=giver, holder=holder)
        record(actor, "governance.proxy", proxy)
    return proxy


def has_voted(line: Voter) -> bool:
    """Whether this line of the roll voted on any resolution, itself or through its proxy's
    holder: from then on it can no longer give a proxy."""
    return ResolutionParticipation.objects.filter(voter=line).exists()


def own_proxy_refusal(line: Voter) -> str | None:
    """Why ``line`` can no longer give its proxy, worded for its own person; None while it can.
    The page shows it instead of the form; ``give_proxy`` still decides, under its locks."""
    given = Proxy.objects.filter(giver=line).select_related("holder__person").first()
    if given is not None:
        return _("You have already given your proxy to %(holder)s: you cannot give another.") % {
            "holder": given.holder.person
        }
    if has_voted(line):
        return _("You have already voted at this assembly: you can no longer give your proxy.")
    return None


# --- votes ------------------------------------------------------------------------------------


def _clean_grades(resolution: Resolution, grades: Mapping[Any, Any]) -> dict[Any, int]:
    return clean_grades(
        resolution.options.values_list("pk", flat=True),
        len(resolution.grades),
        grades,
        error=AssemblyError,
        unknown_option=_("This ballot grades an option that is not in the resolution."),
        bad_grade=_("Each grade must be one of the scale's grades."),
    )


def cast_vote(
    person: Person,
    resolution: Resolution,
    *,
    choice: str = "",
    grades: Mapping[Any, Any] | None = None,
    for_voter: Voter | None = None,
) -> str:
    """``person`` votes on ``resolution``, for themselves or for ``for_voter`` (a proxy they hold).

    Returns the receipt, shown once and kept nowhere (only its hash sits on the ballot).
    """
    mj = resolution.method == Resolution.Method.MAJORITY_JUDGMENT
    marks = _clean_grades(resolution, grades or {}) if mj else {}
    if not mj and choice not in ResolutionBallot.Choice.values:
        raise AssemblyError(_("Choose for, against or abstention."))
    assembly_id = resolution.assembly_id
    with transaction.atomic():
        # Both roll lines locked at once, in the order ``give_proxy`` uses (by key): a vote
        # and a proxy of the same people wait for each other instead of deadlocking.
        lines = {
            line.pk: line
            for line in Voter.objects.select_for_update()
            .filter(assembly_id=assembly_id)
            .filter(Q(person_id=person.pk) | Q(pk=for_voter.pk if for_voter else None))
            .order_by("pk")
        }
        own = next(
            (line for line in lines.values() if line.person_id == person.pk),
            None,
        )
        if own is None:
            raise AssemblyError(_("You are not on the roll of this assembly."))
        if for_voter is None:
            whose = own
            if Proxy.objects.filter(giver=own).exists():
                raise AssemblyError(
                    _("You gave your proxy: its holder votes in your name at this assembly.")
                )
        else:
            giver = lines.get(for_voter.pk)
            if giver is None or not Proxy.objects.filter(giver=giver, holder=own).exists():
                raise AssemblyError(_("You do not hold this person's proxy."))
            whose = giver
        # The database clock decides, not the web server's: one clock for every server.
        now = database_now(Assembly.objects.open_now().filter(pk=assembly_id))
        if now is None:
            raise AssemblyError(_("The vote is not open: votes are no longer (or not yet) taken."))
        already = (
            _("You have already voted on this resolution.")
            if for_voter is None
            else _("This proxy has already been used on this resolution.")
        )
        if ResolutionParticipation.objects.filter(resolution=resolution, voter=whose).exists():
            raise AlreadyVoted(already)
        secret = Assembly.objects.filter(pk=assembly_id).values_list("secret", flat=True).get()
        _signed, ballot, receipt = seal(
            now,
            lambda day: ResolutionParticipation.objects.create(
                resolution=resolution,
                voter=whose,
                cast_by=own if for_voter is not None else None,
                voted_on=day,
            ),
            lambda fingerprint: ResolutionBallot.objects.create(
                resolution=resolution,
                college_id=whose.college_id,
                choice="" if mj else choice,
                voter=None if secret else whose,
                receipt_hash=fingerprint,
            ),
            already,
        )
        ResolutionMark.objects.bulk_create(
            ResolutionMark(ballot=ballot, option_id=option_id, grade=grade)
            for option_id, grade in marks.items()
        )
    return receipt


def votes_to_cast(assembly: Assembly, person_id: Any) -> list[tuple[Resolution, Voter, bool]]:
    """(resolution, whose vote, already cast) for the person's own line and each proxy held."""
    own = Voter.objects.filter(assembly=assembly, person_id=person_id).first()
    if own is None:
        return []
    lines = [] if Proxy.objects.filter(giver=own).exists() else [own]
    lines += [
        proxy.giver for proxy in Proxy.objects.filter(holder=own).select_related("giver__person")
    ]
    done = set(
        ResolutionParticipation.objects.filter(voter__in=lines).values_list(
            "resolution_id", "voter_id"
        )
    )
    return [
        (resolution, line, (resolution.pk, line.pk) in done)
        for resolution in assembly.resolutions.all()
        for line in lines
    ]


def check_receipt(assembly: Assembly, receipt: str) -> Resolution | None:
    """The resolution whose counted ballots hold this receipt, or None."""
    ballot = (
        ResolutionBallot.objects.filter(
            resolution__assembly=assembly, receipt_hash=receipt_hash(receipt)
        )
        .select_related("resolution")
        .first()
    )
    return ballot.resolution if ballot is not None else None
