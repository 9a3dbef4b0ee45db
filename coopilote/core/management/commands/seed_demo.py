from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.test.utils import override_settings

from coopilote.core.seeding import SCALES, DemoContext, run_demo_hooks

QUIET_EMAIL = "django.core.mail.backends.dummy.EmailBackend"


class Command(BaseCommand):
    help = "Charge les données de démonstration (déterministes pour une graine donnée)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=SCALES, default="region")
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument(
            "--password",
            default="coopilote-demo",
            help="Mot de passe commun des comptes de démonstration.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if len(options["password"]) < 10:
            raise CommandError(
                "Le mot de passe de démonstration doit compter au moins 10 caractères."
            )
        context = DemoContext(
            scale=options["scale"],
            seed=options["seed"],
            password=options["password"],
            stdout=self.stdout,
        )
        # All or nothing: an interrupted seed leaves the database as it was. The demo's
        # invented people get no e-mail (poll and round openings would otherwise notify them):
        # the quiet back end is left last, as the e-mails go once the seed is committed.
        with override_settings(EMAIL_BACKEND=QUIET_EMAIL), transaction.atomic():
            run_demo_hooks(context)
        # Fresh planner statistics, as autovacuum would gather later: without them PostgreSQL
        # plans the directory's searches for empty tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        for label, seconds in context.timings.items():
            self.stdout.write(f"  {label} : {seconds:.1f} s")
        if context.logins:
            self.stdout.write("")
            self.stdout.write(f"Comptes de démonstration (mot de passe : {context.password}) :")
            width = max(len(role) for role, _ in context.logins)
            for role, email in context.logins:
                self.stdout.write(f"  {role.ljust(width)}  {email}")
