"""The directory's entries, and the full-text machinery of each database (vendor-guarded SQL)."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


class VendorSQL(migrations.RunSQL):
    """RunSQL on one database vendor only; a no-op on the others."""

    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


FRENCH_UNACCENT = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""

GIN_INDEX = migrations.AddIndex(
    model_name="directoryentry",
    index=django.contrib.postgres.indexes.GinIndex(
        fields=["search_vector"], name="directory_entry_vector_gin"
    ),
)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("members", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="DirectoryEntry",
            fields=[
                (
                    "cooperative",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="directory_entry",
                        serialize=False,
                        to="members.cooperative",
                        verbose_name="cooperative",
                    ),
                ),
                ("document", models.TextField(blank=True, verbose_name="searched text")),
                (
                    "search_vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
                ("refreshed_at", models.DateTimeField(auto_now=True, verbose_name="refreshed at")),
            ],
            options={
                "verbose_name": "directory entry",
                "verbose_name_plural": "directory entries",
            },
        ),
        # PostgreSQL: unaccent + French stemming, and the GIN index of the stored vector.
        VendorSQL(
            "postgresql", FRENCH_UNACCENT, "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;"
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[GIN_INDEX],
            database_operations=[
                VendorSQL(
                    "postgresql",
                    "CREATE INDEX directory_entry_vector_gin ON directory_directoryentry "
                    "USING gin (search_vector);",
                    "DROP INDEX IF EXISTS directory_entry_vector_gin;",
                )
            ],
        ),
        # SQLite: an FTS5 table, accents and case folded by its tokenizer.
        VendorSQL(
            "sqlite",
            "CREATE VIRTUAL TABLE directory_fts USING fts5("
            'entry_id UNINDEXED, document, tokenize = "unicode61 remove_diacritics 2");',
            "DROP TABLE IF EXISTS directory_fts;",
        ),
    ]
