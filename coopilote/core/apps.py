from django.utils.translation import gettext_lazy as _

from coopilote.core.manifest import Manifest, ManifestAppConfig, MenuEntry


class CoreConfig(ManifestAppConfig):
    default = True
    name = "coopilote.core"
    label = "core"
    verbose_name = _("Core")
    manifest = Manifest(
        menu=(MenuEntry(_("Home"), "core:home", order=0),),
        demo_data="coopilote.core.demo.load",
    )
