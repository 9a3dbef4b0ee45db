"""Run the benchmarks: ``python -m bench`` runs them all, ``python -m bench NAME ...`` some.

Every ``bench/bench_NAME.py`` module is a benchmark; its ``main()`` prints its figures and returns
them as a dict.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

PREFIX = "bench_"


def available() -> list[str]:
    """Names of the benchmarks, without the ``bench_`` prefix."""
    return sorted(
        module.name.removeprefix(PREFIX)
        for module in pkgutil.iter_modules([str(Path(__file__).parent)])
        if module.name.startswith(PREFIX)
    )


def run(names: list[str]) -> int:
    known = available()
    unknown = [name for name in names if name.removeprefix(PREFIX) not in known]
    if unknown:
        print(f"Unknown benchmark(s): {', '.join(unknown)}. Available: {', '.join(known)}.")
        return 2
    for name in names or known:
        name = name.removeprefix(PREFIX)
        print(f"== {name}")
        importlib.import_module(f"{__package__ or 'bench'}.{PREFIX}{name}").main()
    return 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
