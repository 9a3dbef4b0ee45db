from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from faker import Faker

from coopilote.core.models import Commune, NafCode, Sector, SectorMapping
from coopilote.members import roles as r
from coopilote.members.demo import vocabulary as v
from coopilote.members.models import Cooperative, Federation, Membership, Person
from coopilote.members.models.cooperative import LegalStatus, Origin
from coopilote.members.validators import luhn_ok

if TYPE_CHECKING:
    import random

    from coopilote.core.seeding import DemoContext
    from coopilote.members.demo.unions import Unions

BATCH = 2000
CAE_SECTOR = "services-entreprises"
SCOP = [LegalStatus.SCOP_SARL] * 6 + [LegalStatus.SCOP_SA] * 3 + [LegalStatus.SCOP_SAS]
SCIC = [LegalStatus.SCIC_SAS] * 5 + [LegalStatus.SCIC_SARL] * 3 + [LegalStatus.SCIC_SA] * 2
ORIGINS = (
    [Origin.CREATION] * 13
    + [Origin.TRANSMISSION] * 4
    + [Origin.TRANSFORMATION] * 2
    + [Origin.TAKEOVER]
)
MEDIAN_SIZE = 5
# Spread of the lognormal head-count: with median 5 it gives the movement's mean of ~18 jobs.
SIGMA = 1.45


@dataclass(frozen=True)
class Plan:
    scop: int
    scic: int
    subsidiaries: int
    cae: int
    entrepreneurs: int
    jobs: int

    @property
    def total(self) -> int:
        return self.scop + self.scic + self.subsidiaries + self.cae

    def scaled(self, ratio: float) -> Plan:
        return Plan(
            *(
                max(1, round(value * ratio))
                for value in (
                    self.scop,
                    self.scic,
                    self.subsidiaries,
                    self.cae,
                    self.entrepreneurs,
                    self.jobs,
                )
            )
        )


@dataclass
class Created:
    cooperatives: int = 0
    cae: int = 0
    entrepreneurs: int = 0
    jobs: int = 0


class SiretSource:
    """Unique, valid (Luhn) SIREN/SIRET pairs drawn from the demo's generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def next(self) -> str:
        while True:
            stem = f"{self.rng.randrange(10**7, 10**8):08d}"
            siren = next(stem + str(d) for d in range(10) if luhn_ok(stem + str(d)))
            if siren in self.seen:
                continue
            self.seen.add(siren)
            nic = f"{self.rng.randrange(1, 10**4):04d}"
            return next(siren + nic + str(d) for d in range(10) if luhn_ok(siren + nic + str(d)))


def naf_codes_by_sector() -> dict[str, list[str]]:
    rules = dict(SectorMapping.objects.values_list("naf_prefix", "sector_id"))
    by_sector: dict[str, list[str]] = {}
    for code, section in NafCode.objects.filter(level=NafCode.Level.SUBCLASS).values_list(
        "code", "section"
    ):
        sector = rules.get(code[:2]) or rules.get(section)
        if sector:
            by_sector.setdefault(sector, []).append(code)
    return by_sector


def head_counts(rng: random.Random, count: int, target: int) -> list[int]:
    """Lognormal sizes with the movement's median, then nudged so they sum to ``target``.

    Only the largest tenth is rescaled, so the median (and the many small cooperatives) stay.
    """
    sizes = [
        max(1, min(1500, round(rng.lognormvariate(math.log(MEDIAN_SIZE), SIGMA))))
        for _ in range(count)
    ]
    largest = sorted(range(count), key=lambda i: sizes[i], reverse=True)[: max(1, count // 10)]
    top_total = sum(sizes[i] for i in largest)
    factor = max(0.1, (top_total + target - sum(sizes)) / top_total)
    for i in largest:
        sizes[i] = max(sizes[i] and 20, round(sizes[i] * factor))
    remainder = target - sum(sizes)
    for step in range(abs(remainder)):
        sizes[largest[step % len(largest)]] += 1 if remainder > 0 else -1
    return sizes


def assign_sectors(rng: random.Random, sizes: list[int], targets: dict[str, float]) -> list[str]:
    """Sectors for cooperatives of the given sizes, so that *jobs* per sector meet the targets.

    Drawing sectors independently of size lets one big cooperative skew a sector by points;
    drawing largest first, weighted by what each sector still lacks, keeps the shares close.
    """
    remaining = dict(targets)
    chosen = [""] * len(sizes)
    slugs = list(targets)
    for i in sorted(range(len(sizes)), key=lambda i: sizes[i], reverse=True):
        weights = [max(remaining[slug], 0.0) + 1e-9 for slug in slugs]
        slug = rng.choices(slugs, weights=weights)[0]
        chosen[i] = slug
        remaining[slug] -= sizes[i]
    return chosen


def create_cooperatives(context: DemoContext, plan: Plan, unions: Unions) -> Created:
    rng = context.rng
    fake = Faker("fr_FR")
    fake.seed_instance(rng.random())
    region_codes = list(unions.by_region)
    communes = list(
        Commune.objects.filter(department__region_id__in=region_codes)
        .exclude(population=None)
        .order_by("code")  # names repeat (Saint-Sulpice…): only the code gives a stable order
        .values_list("code", "name", "department__region_id", "population", "postcodes")
    )
    # Cooperatives sit where people live, but not only in big cities: damp the weights.
    weights = [max(1, population or 0) ** 0.75 for _, _, _, population, _ in communes]
    sectors = {s.slug: s for s in Sector.objects.all()}
    naf_by_sector = naf_codes_by_sector()
    sector_slugs = [slug for slug in v.SECTORS if slug in sectors and slug in naf_by_sector]
    federations = {
        short: Federation.objects.create(name=name, short_name=short)
        for name, short, _ in v.FEDERATIONS
    }
    federation_of = {
        slug: federations[short] for _, short, slugs in v.FEDERATIONS for slug in slugs
    }

    kinds = (
        ["scop"] * plan.scop
        + ["scic"] * plan.scic
        + ["subsidiary"] * plan.subsidiaries
        + ["cae"] * plan.cae
    )
    entrepreneurs_per_cae = _split(rng, plan.entrepreneurs, plan.cae)
    cae_staff = [rng.randint(3, 15) for _ in range(plan.cae)]
    ordinary = len(kinds) - plan.cae
    sizes = head_counts(rng, ordinary, plan.jobs - plan.entrepreneurs - sum(cae_staff))
    # CAE count as business services; the other sectors' job targets fall on the rest.
    cae_jobs = plan.entrepreneurs + sum(cae_staff)
    targets = {
        slug: v.SECTORS[slug][0] * plan.jobs - (cae_jobs if slug == CAE_SECTOR else 0)
        for slug in sector_slugs
    }
    ordinary_sectors = iter(assign_sectors(rng, sizes, targets))
    sirets = SiretSource(rng)
    chosen_communes = rng.choices(communes, weights=weights, k=len(kinds))
    cooperatives: list[Cooperative] = []
    memberships: list[tuple[int, str, str]] = []  # (cooperative index, role, activity)
    cae_index = 0
    for index, kind in enumerate(kinds):
        code, commune_name, region, _, postcodes = chosen_communes[index]
        if kind == "cae":
            entrepreneurs = entrepreneurs_per_cae[cae_index]
            headcount = cae_staff[cae_index] + entrepreneurs
            cae_index += 1
            sector = CAE_SECTOR
        else:
            headcount = sizes[index - cae_index]
            sector = next(ordinary_sectors)
        _, stems, activities = v.SECTORS[sector]
        siret = sirets.next()
        status = (
            rng.choice(SCIC if kind == "scic" or (kind == "cae" and rng.random() < 0.25) else SCOP)
            if kind != "subsidiary"
            else LegalStatus.SUBSIDIARY
        )
        if kind == "cae":
            name = f"{rng.choice(v.CAE_NAMES)} {commune_name}"
        else:
            name = rng.choice(v.NAME_PATTERNS).format(
                stem=rng.choice(stems),
                place=commune_name,
                adjective=rng.choice(v.ADJECTIVES),
                plural=rng.choice(v.PLURALS),
                founder=fake.last_name(),
            )
        employee_associates, associates = _associates(rng, status, headcount)
        activity = rng.choice(activities)
        family = {
            "scop": "Scop",
            "scic": "Scic",
            "subsidiary": "filiale coopérative",
            "cae": "coopérative d’activité et d’emploi",
        }[kind]
        cooperatives.append(
            Cooperative(
                union=unions.by_region[region],
                name=name,
                legal_status=status,
                is_cae=kind == "cae",
                siren=siret[:9],
                siret=siret,
                naf_id=rng.choice(naf_by_sector[sector]),
                sector=sectors[sector],
                address=f"{rng.randint(1, 120)} {fake.street_name()}",
                postcode=(postcodes.split() or [""])[0],
                commune_id=code,
                creation_date=date(
                    rng.choice(range(1975, 2026)), rng.randint(1, 12), rng.randint(1, 28)
                ),
                origin=rng.choice(ORIGINS),
                headcount=headcount,
                associates_count=associates,
                employee_associates_count=employee_associates,
                federation=federation_of.get(sector) if rng.random() < 0.6 else None,
                website=f"https://{_domain(name)}.coop" if rng.random() < 0.7 else "",
                contact_email=f"contact@{_domain(name)}.coop",
                description=f"{name} est une {family} de {headcount} personnes à {commune_name}, "
                f"spécialisée en {activity}.",
                public_fields=["website", "contact_email", "headcount"]
                if rng.random() < 0.8
                else ["website"],
            )
        )
        memberships.append((index, r.MANAGER, ""))
        if kind == "cae":
            memberships.extend(
                (index, r.ENTREPRENEUR, _cae_activity(rng)) for _ in range(entrepreneurs)
            )
    Cooperative.objects.bulk_create(cooperatives, batch_size=BATCH)
    _create_people(fake, cooperatives, memberships)
    return Created(
        cooperatives=len(cooperatives),
        cae=plan.cae,
        entrepreneurs=sum(entrepreneurs_per_cae),
        jobs=sum(c.headcount for c in cooperatives),
    )


def _create_people(
    fake: Faker, cooperatives: list[Cooperative], memberships: list[tuple[int, str, str]]
) -> None:
    people = Person.objects.bulk_create(
        (Person(first_name=fake.first_name(), last_name=fake.last_name()) for _ in memberships),
        batch_size=BATCH,
    )
    rows: list[Membership] = []
    for person, (index, role, activity) in zip(people, memberships, strict=True):
        cooperative = cooperatives[index]
        rows.append(
            Membership(person=person, cooperative=cooperative, role=role, activity=activity)
        )
        if role == r.MANAGER:
            # The manager is an employee-associate and the union's contact for the cooperative.
            rows.extend(
                Membership(person=person, cooperative=cooperative, role=extra)
                for extra in (r.ASSOCIATE, r.EMPLOYEE, r.REFERENT)
            )
        elif role == r.ENTREPRENEUR:
            rows.append(Membership(person=person, cooperative=cooperative, role=r.EMPLOYEE))
    Membership.objects.bulk_create(rows, batch_size=BATCH)


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` uneven positive shares (a few large CAE, many small)."""
    raw = [rng.lognormvariate(0, 0.9) for _ in range(parts)]
    scale = total / sum(raw)
    shares = [max(1, int(x * scale)) for x in raw]
    for i in range(total - sum(shares)):
        shares[i % parts] += 1
    return shares


def _associates(rng: random.Random, status: str, headcount: int) -> tuple[int, int]:
    if status == LegalStatus.SUBSIDIARY:
        return 0, rng.randint(1, 3)
    if status.startswith("scic"):
        employees = round(headcount * rng.uniform(0.2, 0.6))
        return employees, employees + rng.randint(5, 80)
    # ~68 % of Scop staff are associates; small Scop have all their staff associates.
    share = 1.0 if headcount <= 3 else min(1.0, max(0.2, rng.gauss(0.66, 0.18)))
    employees = max(1, round(headcount * share))
    return employees, employees + rng.randint(0, 3)


def _cae_activity(rng: random.Random) -> str:
    craft = rng.choice(v.CAE_CRAFTS)
    if rng.random() < 0.6:
        return f"{craft} — {rng.choice(v.CAE_SPECIALITIES)}"
    return craft


def _domain(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name)[:40] or "coop"
