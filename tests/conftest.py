# The cross-app tests use the same people-per-role world as the apps' own tests.
from coopilote.conftest import world  # noqa: F401
