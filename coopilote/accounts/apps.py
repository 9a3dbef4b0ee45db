from django.utils.translation import gettext_lazy as _

from coopilote.core.manifest import Manifest, ManifestAppConfig, MenuEntry, authenticated


class AccountsConfig(ManifestAppConfig):
    default = True
    name = "coopilote.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    manifest = Manifest(
        menu=(MenuEntry(_("My account"), "accounts:account", order=90, visible=authenticated),),
        actions=("view", "export", "request_erasure", "anonymize"),
    )
