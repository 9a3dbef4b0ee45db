"""Citizens' panels drawn by a fair, verifiable sortition (stratified, with quotas).

Pure Python (highspy for the linear and integer programs), no Django: dataclasses in and out.

- :mod:`.model`: the instance (pool of people described by feature values, quotas, panel size);
- :mod:`.io`: reading the two CSV formats (replication data, ``sortition-algorithms`` fixture);
- :mod:`.leximin`: exact LEXIMIN (Flanigan, Gölz, Gupta, Hennig, Procaccia, Nature 2021), with
  :mod:`.types` (people grouped by feature values), :mod:`.pricing` (its integer program) and
  :mod:`.expansion` (type panels to panels of people);
- :mod:`.legacy`: the greedy LEGACY baseline (Sortition Foundation), estimated by repeated draws;
- :mod:`.lottery`: rounding a distribution to a uniform lottery over ``m`` numbered panels.
"""

from coopilote.algorithms.sortition.model import (
    Distribution,
    FeatureQuota,
    InfeasibleQuotasError,
    Instance,
    Pool,
    SortitionInputError,
)

__all__ = [
    "Distribution",
    "FeatureQuota",
    "InfeasibleQuotasError",
    "Instance",
    "Pool",
    "SortitionInputError",
]
