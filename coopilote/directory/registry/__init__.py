"""Import from the public company register (API Recherche d'entreprises)."""
