"""The demo-data runner: one context handed to each app's manifest hook, in app order."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils.module_loading import import_string

from coopilote.core.manifest import manifests

SCALES = ("region", "national")


class Writer(Protocol):
    def write(self, msg: str) -> Any: ...


@dataclass
class DemoContext:
    scale: str
    seed: int
    password: str
    stdout: Writer
    rng: random.Random = field(init=False)
    # Set by the members hook: the regional union the demo speaks for.
    union: Any = None
    # (role label, e-mail) of every demo login, printed at the end.
    logins: list[tuple[str, str]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def say(self, message: str) -> None:
        self.stdout.write(message + "\n")


def run_demo_hooks(context: DemoContext) -> None:
    for config, manifest in manifests():
        if not manifest.demo_data:
            continue
        started = time.perf_counter()
        # Each hook gets its own generator, so adding a module never changes another's data.
        context.rng = random.Random(f"{context.seed}:{config.label}")
        import_string(manifest.demo_data)(context)
        context.timings[config.label] = time.perf_counter() - started
