"""Pure algorithms: dataclasses in, dataclasses out; never Django, never an app (import-linter)."""
