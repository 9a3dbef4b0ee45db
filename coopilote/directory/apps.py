from django.utils.translation import gettext_lazy as _

from coopilote.core.manifest import Manifest, ManifestAppConfig, MenuEntry


class DirectoryConfig(ManifestAppConfig):
    default = True
    name = "coopilote.directory"
    label = "directory"
    verbose_name = _("Directory")
    manifest = Manifest(
        menu=(MenuEntry(_("Directory"), "directory:search", order=15),),
        # Runs after the members hook (app order): it indexes the demo cooperatives.
        demo_data="coopilote.directory.demo.load",
        extra={"description": _("The national directory of active cooperatives, every union.")},
    )
