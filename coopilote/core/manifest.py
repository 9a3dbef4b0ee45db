"""Each app describes itself in a small manifest carried by its AppConfig.

Core reads the manifests to build the navigation, to list the permission actions the
apps' ``abilities(user)`` answer, and to run the demo-data hooks in app order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig, apps

if TYPE_CHECKING:
    from django.utils.functional import Promise


def everyone(user: Any) -> bool:
    return True


def authenticated(user: Any) -> bool:
    return bool(user.is_authenticated)


@dataclass(frozen=True)
class MenuEntry:
    label: str | Promise
    url_name: str
    order: int = 100
    visible: Callable[[Any], bool] = everyone


@dataclass(frozen=True)
class Manifest:
    menu: tuple[MenuEntry, ...] = ()
    # The actions this app's models answer in abilities(user): documentation and test input.
    actions: tuple[str, ...] = ()
    # Dotted path of a callable(context: DemoContext) that loads this app's demo data.
    demo_data: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class ManifestAppConfig(AppConfig):
    manifest: Manifest = Manifest()


def manifests() -> Iterator[tuple[AppConfig, Manifest]]:
    for config in apps.get_app_configs():
        manifest = getattr(config, "manifest", None)
        if isinstance(manifest, Manifest):
            yield config, manifest
