from django.utils.translation import gettext_lazy as _

from coopilote.core.manifest import Manifest, ManifestAppConfig, MenuEntry


class GovernanceConfig(ManifestAppConfig):
    default = True
    name = "coopilote.governance"
    label = "governance"
    verbose_name = _("Governance")
    manifest = Manifest(
        menu=(MenuEntry(_("Governance"), "governance:home", order=30),),
        actions=(
            "view",
            "change",
            "take_part",
            "facilitate",
            "propose",
            "vote",
            "manage",
            "amend",
            "comment",
            "tried",
            "sign_up",
            "view_pool",
        ),
        demo_data="coopilote.governance.demo.load",
        extra={
            "description": _(
                "Bodies and mandates, consent decisions, elections without candidates, general "
                "assemblies, internal rules, practices and citizen conventions drawn by lot."
            )
        },
    )
