from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import F
from django.utils.text import slugify
from faker import Faker

from coopilote.core.models import Commune, Department, Region
from coopilote.members.models import Body, BodySeat, Person, Union

if TYPE_CHECKING:
    from coopilote.core.seeding import DemoContext

DEMO_REGION = "84"  # Auvergne-Rhône-Alpes: the region scale's union


@dataclass
class Unions:
    main: Union
    confederation: Union
    by_region: dict[str, Union]


def create_unions(context: DemoContext) -> Unions:
    if context.scale == "national":
        regions = list(Region.objects.order_by("code"))
    else:
        regions = list(Region.objects.filter(code=DEMO_REGION))
    if not regions:
        raise RuntimeError(
            "Référentiel des territoires absent : lancez « manage.py load_reference »."
        )
    confederation = Union.objects.create(
        name="Confédération générale des Scop et des Scic",
        short_name="CG Scop",
        slug="cg-scop",
        kind=Union.Kind.CONFEDERATION,
        description="La confédération nationale du mouvement des Scop et des Scic.",
        contact_email="contact@confederation.scop.example",
        postal_address="30 rue des Épinettes\n75017 Paris",
    )
    by_region: dict[str, Union] = {}
    departments = Department.objects.all()
    for region in regions:
        union = Union.objects.create(
            name=f"Union régionale des Scop et des Scic {region.name}",
            short_name=f"URSCOP {region.name}",
            slug=f"ur-{region.code}"
            if region.code == DEMO_REGION
            else f"ur-{slugify(region.name)}",
            description=(
                "L’Union régionale accompagne les Scop et les Scic de la région : création, "
                "transmission, financement, formation et vie coopérative."
            ),
            contact_email=f"contact@ur{region.code}.scop.example",
            postal_address=_demo_address(region),
        )
        union.regions.add(region)
        union.departments.add(*[d for d in departments if d.region_id == region.code])
        by_region[region.code] = union
        _create_bodies(context, union, seats=12 if region.code == DEMO_REGION else 6)
    _create_bodies(context, confederation, seats=6)
    return Unions(
        main=by_region.get(DEMO_REGION, next(iter(by_region.values()))),
        confederation=confederation,
        by_region=by_region,
    )


def _demo_address(region: Region) -> str:
    """A made-up street in the region's largest commune, so that letters look like letters.
    Derived from the region's code, not drawn: the demo's random stream stays as it was."""
    commune = (
        Commune.objects.filter(department__region=region)
        .order_by(F("population").desc(nulls_last=True), "code")
        .first()
    )
    streets = ("rue de la Coopération", "avenue Jean Jaurès", "place de la République")
    street = f"{int(region.code) % 47 + 1} {streets[int(region.code) % len(streets)]}"
    if commune is None or not commune.postcode_list:
        return street
    return f"{street}\n{commune.postcode_list[0]} {commune.name}"


def _create_bodies(context: DemoContext, union: Union, seats: int) -> None:
    fake = Faker("fr_FR")
    fake.seed_instance(context.rng.random())
    board = Body.objects.create(union=union, kind=Body.Kind.BOARD, name="Conseil d’administration")
    Body.objects.create(union=union, kind=Body.Kind.BUREAU, name="Bureau")
    people = Person.objects.bulk_create(
        Person(first_name=fake.first_name(), last_name=fake.last_name()) for _ in range(seats)
    )
    BodySeat.objects.bulk_create(
        BodySeat(body=board, person=person, title=ADMINISTRATOR) for person in people
    )
    title_board(union)


# The officers' seat titles, in the order of ``board_people``: governance's demo gives the
# co-presidency, treasury and secretary mandates to the same people in the same order.
OFFICERS = ("Coprésident·e", "Coprésident·e", "Trésorier·e", "Secrétaire")
ADMINISTRATOR = "Administrateur·rice"


def board_people(union: Union) -> list[Person]:
    """The CA's seated people, demo logins first (the "ca" login, Jean Moreau), then by seat
    order: the order in which the demo hands out offices, seats and mandates alike."""
    seats = (
        BodySeat.objects.filter(body__union=union, body__cooperative=None, body__kind="board")
        .select_related("person")
        .order_by("created_at", "id")
    )
    people = [seat.person for seat in seats]
    people.sort(key=lambda person: person.user_id is None)  # stable: logins first
    return people


def title_board(union: Union) -> None:
    """Title the CA's seats by ``board_people`` order and seat the officers in the bureau. Run
    again when a login takes a seat, so that the union never shows three co-presidents."""
    board = Body.objects.get(union=union, cooperative=None, kind=Body.Kind.BOARD)
    bureau = Body.objects.filter(union=union, cooperative=None, kind=Body.Kind.BUREAU).first()
    officers = dict(zip(board_people(union), OFFICERS, strict=False))
    BodySeat.objects.filter(body=board).exclude(person__in=list(officers)).update(
        title=ADMINISTRATOR
    )
    for person, title in officers.items():
        BodySeat.objects.filter(body=board, person=person).update(title=title)
    if bureau is None:
        return
    BodySeat.objects.filter(body=bureau).exclude(person__in=list(officers)).delete()
    for person, title in officers.items():
        BodySeat.objects.update_or_create(body=bureau, person=person, defaults={"title": title})
