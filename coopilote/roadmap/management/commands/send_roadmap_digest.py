from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from coopilote.roadmap.services import send_digests


class Command(BaseCommand):
    help = "Envoie à chaque abonné·e le résumé des mises à jour de la feuille de route."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", default="", help="Adresse du site, pour les liens.")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_digests(base_url=options["base_url"])
        self.stdout.write(f"{sent} résumé(s) envoyé(s).")
