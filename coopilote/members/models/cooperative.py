from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopilote.core import links
from coopilote.core.models import BaseModel, Commune, NafCode, Sector
from coopilote.members import roles as r
from coopilote.members.roles import roles_of
from coopilote.members.validators import validate_siren, validate_siret


class LegalStatus(models.TextChoices):
    SCOP_SA = "scop_sa", _("Scop SA")
    SCOP_SARL = "scop_sarl", _("Scop SARL")
    SCOP_SAS = "scop_sas", _("Scop SAS")
    SCIC_SA = "scic_sa", _("Scic SA")
    SCIC_SARL = "scic_sarl", _("Scic SARL")
    SCIC_SAS = "scic_sas", _("Scic SAS")
    SUBSIDIARY = "subsidiary", _("subsidiary of a Scop group")


SCOP_STATUSES = (LegalStatus.SCOP_SA, LegalStatus.SCOP_SARL, LegalStatus.SCOP_SAS)
SCIC_STATUSES = (LegalStatus.SCIC_SA, LegalStatus.SCIC_SARL, LegalStatus.SCIC_SAS)


class Origin(models.TextChoices):
    CREATION = "creation", _("creation")
    TRANSMISSION = "transmission", _("transmission of a healthy company")
    TRANSFORMATION = "transformation", _("transformation of an association")
    TAKEOVER = "takeover", _("takeover of a company in difficulty")


# Fields a cooperative may choose to publish in the public directory; the rest is members-only.
PUBLISHABLE_FIELDS = (
    "address",
    "contact_email",
    "phone",
    "website",
    "headcount",
    "associates_count",
)
# Never in the public directory, whatever the cooperative chooses.
PRIVATE_FIELDS = ("postcode", "employee_associates_count")


class Family(models.TextChoices):
    """How people name a cooperative; CAE cuts across Scop and Scic."""

    SCOP = "scop", "Scop"
    SCIC = "scic", "Scic"
    CAE = "cae", _("CAE")
    SUBSIDIARY = "subsidiary", _("subsidiary")


class CooperativeQuerySet(models.QuerySet["Cooperative"]):
    def active(self) -> CooperativeQuerySet:
        return self.filter(is_active=True)

    def in_union(self, union: Any) -> CooperativeQuerySet:
        return self.filter(union=union)

    def scop(self) -> CooperativeQuerySet:
        return self.filter(legal_status__in=SCOP_STATUSES)

    def scic(self) -> CooperativeQuerySet:
        return self.filter(legal_status__in=SCIC_STATUSES)

    def cae(self) -> CooperativeQuerySet:
        return self.filter(is_cae=True)

    def of_person(self, person_id: Any) -> CooperativeQuerySet:
        return self.filter(memberships__person_id=person_id).distinct()

    def of_family(self, family: str) -> CooperativeQuerySet:
        if family == Family.SCOP:
            return self.scop()
        if family == Family.SCIC:
            return self.scic()
        if family == Family.CAE:
            return self.cae()
        if family == Family.SUBSIDIARY:
            return self.filter(legal_status=LegalStatus.SUBSIDIARY)
        return self

    def for_listing(self) -> CooperativeQuerySet:
        return self.select_related("commune__department", "sector", "union")

    def for_directory(self) -> CooperativeQuerySet:
        """What the directory's lists, exports and API show, and nothing more (hot path)."""
        return self.select_related("commune__department", "sector").only(
            "id",
            "name",
            "legal_status",
            "is_cae",
            "siret",
            "naf_id",
            "headcount",
            "public_fields",
            "commune__code",
            "commune__name",
            "commune__latitude",
            "commune__longitude",
            "commune__department__code",
            "commune__department__name",
            "sector__slug",
            "sector__name",
        )

    def for_detail(self) -> CooperativeQuerySet:
        return self.for_listing().select_related("naf", "federation")

    def with_entrepreneur_count(self) -> CooperativeQuerySet:
        return self.annotate(
            entrepreneur_count=Count("memberships", filter=Q(memberships__role=r.ENTREPRENEUR))
        )


class Cooperative(BaseModel):
    union = models.ForeignKey(
        "members.Union",
        on_delete=models.PROTECT,
        related_name="cooperatives",
        verbose_name=_("union"),
    )
    name = models.CharField(_("name"), max_length=200, db_index=True)
    legal_status = models.CharField(_("legal status"), max_length=20, choices=LegalStatus.choices)
    is_cae = models.BooleanField(
        _("business and employment cooperative (CAE)"),
        default=False,
        help_text=_("A Scop or Scic hosting entrepreneur-employees."),
    )
    siren = models.CharField(_("SIREN"), max_length=9, validators=[validate_siren], db_index=True)
    siret = models.CharField(
        _("head-office SIRET"),
        max_length=14,
        validators=[validate_siret],
        unique=True,
    )
    naf = models.ForeignKey(
        NafCode,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("NAF code"),
        limit_choices_to={"level": NafCode.Level.SUBCLASS},
    )
    # Derived from the NAF code by the union's sector mapping; stored to filter on it.
    sector = models.ForeignKey(
        Sector,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("sector"),
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    commune = models.ForeignKey(
        Commune,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("commune"),
    )
    creation_date = models.DateField(_("creation date"), null=True, blank=True)
    origin = models.CharField(
        _("origin"), max_length=20, choices=Origin.choices, default=Origin.CREATION
    )
    headcount = models.PositiveIntegerField(_("headcount"), default=0)
    associates_count = models.PositiveIntegerField(_("associates"), default=0)
    employee_associates_count = models.PositiveIntegerField(_("employee-associates"), default=0)
    federation = models.ForeignKey(
        "members.Federation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("federation"),
    )
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)
    public_fields = models.JSONField(
        _("published fields"),
        default=list,
        blank=True,
        help_text=_("Which contact and size fields the public directory shows."),
    )
    is_active = models.BooleanField(_("member of the union"), default=True)

    objects = CooperativeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["union", "name"]), models.Index(fields=["legal_status"])]
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # Reversed once: lists, the API and exports ask it for every row.
        return links.url_for_pk("members:cooperative", self.pk)

    @property
    def family(self) -> str:
        """Scop, Scic or subsidiary: what people call it."""
        if self.legal_status in SCOP_STATUSES:
            return "Scop"
        if self.legal_status in SCIC_STATUSES:
            return "Scic"
        return str(_("subsidiary"))

    @property
    def associate_rate(self) -> float | None:
        """Employee-associates ÷ employees (taux de sociétariat)."""
        if not self.headcount:
            return None
        return self.employee_associates_count / self.headcount

    def is_public(self, field_name: str) -> bool:
        return field_name in self.public_fields

    def shown_fields(self, view_private: bool) -> frozenset[str]:
        """The contact and size fields a viewer sees: the published ones, or all for insiders."""
        if view_private:
            return frozenset(PUBLISHABLE_FIELDS + PRIVATE_FIELDS)
        return frozenset(name for name in PUBLISHABLE_FIELDS if self.is_public(name))

    def abilities(self, user: Any) -> dict[str, bool]:
        roles = roles_of(user)
        mine = roles.in_cooperative(self.pk)
        manages = roles.manages_union(self.union_id)
        insider = bool(mine) or roles.oversees_union(self.union_id) or roles.is_admin
        return {
            "view": self.is_active or insider,
            "view_private": insider,
            "view_members": insider,
            "change": manages or bool(mine & r.EDITOR_ROLES),
            # Identity (status, SIREN/SIRET, union, membership) is the union's to set.
            "change_identity": manages,
            "delete": roles.is_admin,
        }


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> MembershipQuerySet:
        today = timezone.localdate()
        return self.filter(Q(end=None) | Q(end__gte=today))

    def entrepreneurs(self) -> MembershipQuerySet:
        return self.filter(role=r.ENTREPRENEUR)


class Membership(BaseModel):
    """One role of one person in one cooperative (an employee-associate has two rows)."""

    person = models.ForeignKey(
        "members.Person",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("cooperative"),
    )
    role = models.CharField(_("role"), max_length=20, choices=r.COOPERATIVE_ROLES)
    activity = models.CharField(
        _("activity"),
        max_length=250,
        blank=True,
        help_text=_("For a CAE entrepreneur-employee: their own activity."),
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "cooperative", "role"], name="one_membership_per_role"
            )
        ]
        indexes = [models.Index(fields=["cooperative", "role"])]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} — {self.cooperative}"

    def clean(self) -> None:
        if self.activity and self.role != r.ENTREPRENEUR:
            raise ValidationError(
                {"activity": _("Only a CAE entrepreneur-employee has an activity of their own.")},
                code="activity_not_entrepreneur",
            )
        if self.start and self.end and self.end < self.start:
            raise ValidationError(
                {"end": _("The end cannot come before the start.")}, code="end_before_start"
            )
