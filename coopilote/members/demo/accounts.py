"""One demo login per role, all with the password given to seed_demo (demo only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, Permission

from coopilote.accounts.models import User
from coopilote.members import roles as r
from coopilote.members.demo.unions import ADMINISTRATOR, title_board
from coopilote.members.models import (
    Body,
    BodySeat,
    Cooperative,
    Membership,
    Person,
    Union,
    UnionRole,
)

if TYPE_CHECKING:
    from coopilote.core.seeding import DemoContext

DOMAIN = "demo.coopilote.fr"
# (login, French role label shown by `make demo`, first name, last name)
ACCOUNTS = [
    ("admin", "Administrateur·rice de la plateforme", "Camille", "Martin"),
    ("delegue", "Délégué·e de l’UR (équipe salariée)", "Inès", "Garnier"),
    ("ca", "Coprésident·e, membre du CA", "Jean", "Moreau"),
    ("referent", "Référent·e d’une coopérative", "Sophie", "Lefèvre"),
    ("associe", "Salarié·e associé·e", "Karim", "Benali"),
    ("entrepreneur", "Entrepreneur·e-salarié·e de CAE", "Léa", "Rousseau"),
    ("confederation", "Confédération (CG Scop)", "Paul", "Fontaine"),
]


# What union staff maintain in the back office; their union's scope is enforced by the admin.
STAFF_PERMISSIONS = {
    "members": ["cooperative", "person", "membership", "bodyseat", "federation"],
    "roadmap": ["congress", "theme", "proposal"],
    "voting": ["poll"],
}


def union_staff_group() -> Group:
    group, _ = Group.objects.get_or_create(name="Équipe salariée de l’UR")
    permissions = Permission.objects.filter(
        content_type__app_label__in=STAFF_PERMISSIONS,
        codename__regex=r"^(view|change|add)_",
    )
    group.permissions.set(
        p
        for p in permissions
        if p.codename.split("_", 1)[1] in STAFF_PERMISSIONS[p.content_type.app_label]
    )
    return group


def create_demo_accounts(
    context: DemoContext, union: Union, *, reuse: bool
) -> list[tuple[str, str]]:
    logins = [(label, f"{login}@{DOMAIN}") for login, label, _, _ in ACCOUNTS]
    if reuse and User.objects.filter(email=f"admin@{DOMAIN}").exists():
        for user in User.objects.filter(email__endswith=f"@{DOMAIN}"):
            user.set_password(context.password)
            user.save(update_fields=["password"])
        return logins
    people = {}
    for login, _, first, last in ACCOUNTS:
        user = User.objects.create_user(
            f"{login}@{DOMAIN}",
            context.password,
            is_staff=login in {"admin", "delegue"},
            is_superuser=login == "admin",
        )
        people[login] = Person.objects.create(
            user=user, first_name=first, last_name=last, email=user.email
        )
    cooperatives = (
        Cooperative.objects.in_union(union).filter(is_cae=False).order_by("name", "siret")
    )
    menuiserie = cooperatives.filter(name__icontains="menuiserie").first() or cooperatives.first()
    cae = Cooperative.objects.in_union(union).cae().order_by("name", "siret").first()
    assert menuiserie is not None and cae is not None
    Membership.objects.bulk_create(
        [
            Membership(person=people["referent"], cooperative=menuiserie, role=r.REFERENT),
            Membership(person=people["referent"], cooperative=menuiserie, role=r.ASSOCIATE),
            Membership(person=people["referent"], cooperative=menuiserie, role=r.EMPLOYEE),
            Membership(person=people["associe"], cooperative=menuiserie, role=r.ASSOCIATE),
            Membership(person=people["associe"], cooperative=menuiserie, role=r.EMPLOYEE),
            Membership(
                person=people["entrepreneur"],
                cooperative=cae,
                role=r.ENTREPRENEUR,
                activity="photographe — reportages d’entreprise",
            ),
            Membership(person=people["entrepreneur"], cooperative=cae, role=r.EMPLOYEE),
        ]
    )
    delegue_user = people["delegue"].user
    assert delegue_user is not None
    delegue_user.groups.add(union_staff_group())
    UnionRole.objects.create(
        union=union, person=people["delegue"], role=UnionRole.Role.STAFF, title="Déléguée régionale"
    )
    UnionRole.objects.create(union=union, person=people["admin"], role=UnionRole.Role.ADMINISTRATOR)
    board = Body.objects.get(union=union, kind=Body.Kind.BOARD)
    BodySeat.objects.create(body=board, person=people["ca"], title=ADMINISTRATOR)
    title_board(union)  # the "ca" login comes first: a co-president, not a third one
    confederation = Union.objects.confederation().first()
    if confederation:
        UnionRole.objects.create(
            union=confederation,
            person=people["confederation"],
            role=UnionRole.Role.STAFF,
            title="Direction nationale",
        )
    return logins
