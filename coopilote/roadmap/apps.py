from django.utils.translation import gettext_lazy as _

from coopilote.core.manifest import Manifest, ManifestAppConfig, MenuEntry


class RoadmapConfig(ManifestAppConfig):
    default = True
    name = "coopilote.roadmap"
    label = "roadmap"
    verbose_name = _("Congress and roadmap")
    manifest = Manifest(
        menu=(
            MenuEntry(_("Congress"), "roadmap:congress_list", order=20),
            MenuEntry(_("Roadmap"), "roadmap:roadmap_list", order=21),
        ),
        actions=(
            "view",
            "comment",
            "import",
            "change",
            "merge",
            "split",
            "confirm_scope",
            "export",
            "subscribe",
            "delete",
        ),
        demo_data="coopilote.roadmap.demo.load",
        extra={
            "description": _(
                "The congress proposals, sorted into regional and national scope, discussed "
                "and prioritised by members; the roadmap built from them and the letter to "
                "the national direction."
            )
        },
    )
