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

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started
        from django.db.backends.signals import connection_created
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from coopilote.core import collation, pagecache
        from coopilote.core.pagecache import bump_on_commit

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(bump_on_commit, dispatch_uid=f"public-pages-{id(signal)}")
        request_started.connect(pagecache.request_started, dispatch_uid="public-pages-start")
        request_finished.connect(pagecache.request_finished, dispatch_uid="public-pages-end")
        connection_created.connect(collation.install_on_sqlite, dispatch_uid="french-collation")
