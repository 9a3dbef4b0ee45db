from typing import Any

from django.utils.translation import gettext_lazy as _

from coopilote.core.manifest import Manifest, ManifestAppConfig, MenuEntry


def imports_staff(user: Any) -> bool:
    """Imports feed a regional union's cooperatives: its staff (and administrators) run them."""
    from coopilote.members.models import Union
    from coopilote.members.roles import roles_of

    roles = roles_of(user)
    if roles.is_admin:
        return True
    managed = roles.managed_union_ids()
    return bool(managed) and Union.objects.regional().filter(pk__in=managed).exists()


class DirectoryConfig(ManifestAppConfig):
    default = True
    name = "coopilote.directory"
    label = "directory"
    verbose_name = _("Directory")
    manifest = Manifest(
        menu=(
            MenuEntry(_("Directory"), "directory:search", order=15),
            MenuEntry(_("Offers and needs"), "directory:board", order=16),
            MenuEntry(_("Imports"), "directory:import_list", order=80, visible=imports_staff),
        ),
        # Runs after the members hook (app order): it indexes the demo cooperatives.
        demo_data="coopilote.directory.demo.load",
        extra={"description": _("The national directory of active cooperatives, every union.")},
    )

    def ready(self) -> None:
        super().ready()
        from coopilote.directory import signals

        signals.connect()
