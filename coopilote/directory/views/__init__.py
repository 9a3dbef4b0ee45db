"""The directory's views, one module per page family (search, map, board, profile, imports)."""
