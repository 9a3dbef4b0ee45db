"""Who and for which union a page speaks: the union chosen in the switcher (else the user's own),
the person behind the login."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from coopilote.core.pagecache import kept
from coopilote.members.models import Person, Union
from coopilote.members.roles import roles_of

SESSION_KEY = "current_union"
_CACHE = "_current_union"


def unions_of(request: HttpRequest) -> list[Union]:
    roles = roles_of(request.user)
    if roles.is_admin or roles.confederation:
        return list(Union.objects.all())
    return list(Union.objects.filter(pk__in=roles.unions.keys()))


def current_union(request: HttpRequest) -> Union | None:
    if hasattr(request, _CACHE):
        cached: Union | None = getattr(request, _CACHE)
        return cached
    union = _choose(request)
    setattr(request, _CACHE, union)
    return union


def current_person(request: HttpRequest) -> Person:
    """The person behind the login; 403 for a login with no person (an administrator's)."""
    person_id = roles_of(request.user).person_id
    if person_id is None:
        raise PermissionDenied
    return Person.objects.get(pk=person_id)


def managed_regional_union(request: HttpRequest) -> Union:
    """The current union, for a page only its staff use to file cooperatives: 404 without a
    union, 403 unless the user manages it and it is regional (cooperatives belong to a regional
    union; the confederation reads them, it does not file them)."""
    union = current_union(request)
    if union is None:
        raise Http404
    if union.kind != Union.Kind.REGIONAL or not roles_of(request.user).manages_union(union.pk):
        raise PermissionDenied
    return union


def _choose(request: HttpRequest) -> Union | None:
    roles = roles_of(request.user)
    chosen = _as_uuid(request.session.get(SESSION_KEY)) if hasattr(request, "session") else None
    if chosen and (roles.belongs_to_union(chosen) or roles.confederation or roles.is_admin):
        union = Union.objects.filter(pk=chosen).first()
        if union:
            return union
    own = None
    if roles.unions:
        own = Union.objects.filter(pk__in=roles.unions.keys()).order_by("kind", "name").first()
    if own is None and roles.cooperatives:
        own = Union.objects.filter(cooperatives__in=roles.cooperatives.keys()).first()
    if own is not None:
        return own
    # Every visitor without a union of their own gets this one: computed once per data version.
    default_union: Union | None = kept("default-union", _default_union)
    return default_union


def _default_union() -> Union | None:
    default = getattr(settings, "DEFAULT_UNION", "")
    if default:
        return Union.objects.filter(slug=default).first()
    return Union.objects.regional().first()


def _as_uuid(value: object) -> UUID | None:
    # The session stores the key as text (JSON); roles are keyed by UUID.
    try:
        return UUID(str(value)) if value else None
    except ValueError:
        return None
