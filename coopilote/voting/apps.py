from django.utils.translation import gettext_lazy as _

from coopilote.core.manifest import Manifest, ManifestAppConfig, MenuEntry


class VotingConfig(ManifestAppConfig):
    default = True
    name = "coopilote.voting"
    label = "voting"
    verbose_name = _("Votes")
    manifest = Manifest(
        menu=(MenuEntry(_("Votes"), "voting:list", order=30),),
        actions=(
            "view",
            "change",
            "open",
            "close",
            "vote",
            "results",
            "export",
            "view_participation",
            "view_electorate",
            "check_receipt",
        ),
        # The roadmap demo creates its poll through this app's services.
        demo_data=None,
        extra={
            "description": _(
                "Secret ballots by majority judgment, with receipts, a published count "
                "and a recount."
            )
        },
    )
