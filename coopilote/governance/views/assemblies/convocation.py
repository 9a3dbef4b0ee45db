"""The convocation of a general assembly: a page that says who will be written to (and who
cannot be), how many days are left before the assembly, then the e-mails (``services``).
When the service would refuse (no agenda, nobody to write to), the page says why up front and
offers no button."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from coopilote.core.templatetags.french import french_date
from coopilote.governance.services import assemblies as services
from coopilote.governance.services.assemblies.convocation import Recipients
from coopilote.governance.views.assemblies.common import assembly_for
from coopilote.governance.views.confirm import confirm


@login_required
@require_http_methods(["GET", "POST"])
def assembly_convene(request: HttpRequest, pk: Any) -> HttpResponse:
    assembly = assembly_for(request, pk, "convene")
    page = reverse("governance:assembly", kwargs={"pk": assembly.pk})
    if request.method == "POST":
        try:
            count = services.convene(request.user, assembly, link=request.build_absolute_uri(page))
        except services.AssemblyError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "The convocation is sent to %(count)s member.",
                    "The convocation is sent to %(count)s members.",
                    count,
                )
                % {"count": count},
            )
        return redirect(page)
    found = services.recipients(assembly)
    refusal = services.convene_refusal(assembly, found)
    title = _("Convene the members")
    if refusal is not None:
        context = {
            "assembly": assembly,
            "title": title,
            "refusal": refusal,
            "effects": _unreachable(found),
            "back": page,
        }
        return render(request, "governance/assemblies/convene_refused.html", context)
    return confirm(
        request,
        title=title,
        subject=assembly.title,
        effects=_effects(assembly, found),
        trail=[(_("General assemblies"), reverse("governance:assembly_list"))],
        back=page,
        button=_("Send the convocation"),
    )


def _unreachable(found: Recipients) -> list[str]:
    """Who is on the list of voters without an address, by name: the staff convene them another
    way (a letter, a call)."""
    if not found.unreachable:
        return []
    return [
        ngettext(
            "%(count)s member has no e-mail address, to be convened another way: %(names)s.",
            "%(count)s members have no e-mail address, to be convened another way: %(names)s.",
            len(found.unreachable),
        )
        % {
            "count": len(found.unreachable),
            "names": ", ".join(str(person) for person in found.unreachable),
        }
    ]


def _effects(assembly: Any, found: Recipients) -> list[str]:
    reached = len(found.people)
    effects = [
        ngettext(
            "%(count)s member on the list of voters receives the convocation by e-mail: date, "
            "place, agenda, how to vote and how to give a proxy.",
            "%(count)s members on the list of voters receive the convocation by e-mail: date, "
            "place, agenda, how to vote and how to give a proxy.",
            reached,
        )
        % {"count": reached},
        *_unreachable(found),
    ]
    days = services.notice_days(assembly)
    if days < 0:
        effects.append(_("The assembly's date has passed."))
    elif days < services.USUAL_NOTICE_DAYS:
        effects.append(
            ngettext(
                "The assembly is in %(days)s day: check the notice your statutes ask for "
                "(often %(usual)s days).",
                "The assembly is in %(days)s days: check the notice your statutes ask for "
                "(often %(usual)s days).",
                days,
            )
            % {"days": days, "usual": services.USUAL_NOTICE_DAYS}
        )
    if assembly.convened_at:
        effects.append(
            _("A convocation already went out on %(day)s: this one follows it.")
            % {"day": french_date(timezone.localtime(assembly.convened_at), "j F Y")}
        )
    return effects
