"""Importing a union's cooperatives from a spreadsheet (CSV from French Excel, or XLSX).

``reading`` (bytes → rows), ``columns`` (headers → fields), ``values`` (cells → values),
``validation`` (the dry run, batched lookups), ``apply`` (all or nothing), ``text`` (the French
report), ``forms``, ``jobs`` and ``tasks`` (the web page's background checking and applying).
"""
