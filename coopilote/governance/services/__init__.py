"""Writes of the governance tools, one module per area; each function is atomic and audited."""
