"""The fixed list of practice tags."""

from django.db import migrations

# The fixed list of practice tags (French: they are the movement's words, shown as such).
TAGS = [
    ("sociocratie", "Sociocratie"),
    ("cogestion", "Cogestion"),
    ("participation-ag", "Participation en AG"),
    ("conflit", "Conflit"),
    ("transmission", "Transmission"),
    ("co-presidence", "Co-présidence"),
    ("convention-citoyenne", "Convention citoyenne"),
    ("ecologie", "Écologie"),
    ("election-sans-candidat", "Élection sans candidat"),
    ("formation", "Formation"),
    ("jeunesse", "Jeunesse"),
    ("transparence", "Transparence"),
]


def seed_tags(apps, schema_editor):
    PracticeTag = apps.get_model("governance", "PracticeTag")
    for slug, name in TAGS:
        PracticeTag.objects.update_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [migrations.RunPython(seed_tags, migrations.RunPython.noop)]
