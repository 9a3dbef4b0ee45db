from django.utils.translation import gettext_lazy as _

from coopilote.core.manifest import Manifest, ManifestAppConfig, MenuEntry


class MembersConfig(ManifestAppConfig):
    default = True
    name = "coopilote.members"
    label = "members"
    verbose_name = _("Members")
    manifest = Manifest(
        menu=(MenuEntry(_("Cooperatives"), "members:list", order=10),),
        actions=("view", "view_private", "view_members", "change", "change_identity", "delete"),
        demo_data="coopilote.members.demo.load",
        extra={"description": _("The union's member cooperatives: Scop, Scic and CAE.")},
    )
