from django.urls import path

from coopilote.governance.views import home

app_name = "governance"

urlpatterns = [
    path("", home.home, name="home"),
]
# Each area appends its routes below (one block per area).

# --- bodies and mandates (§1) ---
from coopilote.governance.views import mandates as mandate_views  # noqa: E402

urlpatterns += [
    path("organes/", mandate_views.register, name="register"),
    path("organes/<uuid:pk>/", mandate_views.body_detail, name="body"),
    path("organes/<uuid:pk>/roles/nouveau/", mandate_views.role_create, name="role_create"),
    path("organes/roles/<uuid:pk>/modifier/", mandate_views.role_edit, name="role_edit"),
    path(
        "organes/roles/<uuid:pk>/mandats/nouveau/",
        mandate_views.mandate_create,
        name="mandate_create",
    ),
    path("organes/mandats/<uuid:pk>/fin/", mandate_views.mandate_end, name="mandate_end"),
    path(
        "organes/mandats/<uuid:pk>/declaration/",
        mandate_views.declaration,
        name="declaration",
    ),
]

# --- elections without candidates (§3) ---
from coopilote.governance.views import elections as election_views  # noqa: E402

urlpatterns += [
    path("elections/", election_views.election_list, name="election_list"),
    path(
        "organes/<uuid:pk>/elections/nouvelle/",
        election_views.election_create,
        name="election_create",
    ),
    path("elections/<uuid:pk>/", election_views.election_detail, name="election"),
    path("elections/<uuid:pk>/nomination/", election_views.nominate, name="election_nominate"),
    path(
        "elections/<uuid:pk>/nomination/seance/",
        election_views.nominate_for,
        name="election_nominate_for",
    ),
    path("elections/<uuid:pk>/reveler/", election_views.reveal, name="election_reveal"),
    path(
        "elections/<uuid:pk>/fin-des-changements/",
        election_views.close_changes,
        name="election_close_changes",
    ),
    path("elections/<uuid:pk>/proposition/", election_views.propose, name="election_propose"),
    path("elections/<uuid:pk>/consentement/", election_views.answer, name="election_answer"),
    path(
        "elections/<uuid:pk>/consentement/seance/",
        election_views.answer_for,
        name="election_answer_for",
    ),
    path("elections/<uuid:pk>/clore/", election_views.close_round, name="election_close_round"),
    path(
        "elections/<uuid:pk>/nouveau-tour/",
        election_views.reopen_round,
        name="election_reopen_round",
    ),
    path("elections/<uuid:pk>/annuler/", election_views.cancel, name="election_cancel"),
]

# Consent decisions (§2).
from coopilote.governance.views import consent as consent_views  # noqa: E402

urlpatterns += [
    path("decisions/", consent_views.proposal_list, name="proposal_list"),
    path("decisions/registre/", consent_views.proposal_register, name="proposal_register"),
    path(
        "decisions/organes/<uuid:body>/nouvelle/",
        consent_views.proposal_create,
        name="proposal_create",
    ),
    path("decisions/<uuid:pk>/", consent_views.proposal_detail, name="proposal_detail"),
    path("decisions/<uuid:pk>/modifier/", consent_views.proposal_edit, name="proposal_edit"),
    path(
        "decisions/<uuid:pk>/animation/",
        consent_views.proposal_facilitator,
        name="proposal_facilitator",
    ),
    path("decisions/<uuid:pk>/tours/ouvrir/", consent_views.round_open, name="proposal_round_open"),
    path(
        "decisions/<uuid:pk>/tours/clore/", consent_views.round_close, name="proposal_round_close"
    ),
    path(
        "decisions/<uuid:pk>/tours/<uuid:round_pk>/repondre/",
        consent_views.round_answer,
        name="proposal_answer",
    ),
    path(
        "decisions/<uuid:pk>/tours/<uuid:round_pk>/noter/",
        consent_views.round_record,
        name="proposal_record",
    ),
    path("decisions/<uuid:pk>/amender/", consent_views.proposal_amend, name="proposal_amend"),
    path("decisions/<uuid:pk>/decider/", consent_views.proposal_decide, name="proposal_decide"),
    path("decisions/<uuid:pk>/retirer/", consent_views.proposal_withdraw, name="proposal_withdraw"),
]

# Rules (§5): versioned documents, amendments, the accountability register.
from coopilote.governance.views import rules as rule_views  # noqa: E402

urlpatterns += [
    path("reglements/", rule_views.rule_list, name="rule_list"),
    path("reglements/nouveau/", rule_views.rule_create, name="rule_create"),
    path("reglements/<uuid:pk>/", rule_views.rule_detail, name="rule_detail"),
    path(
        "reglements/<uuid:pk>/versions/<int:number>/",
        rule_views.rule_version,
        name="rule_version",
    ),
    path("reglements/<uuid:pk>/comparer/", rule_views.rule_compare, name="rule_compare"),
    path("reglements/<uuid:pk>/amender/", rule_views.amendment_create, name="amendment_create"),
    path("amendements/<uuid:pk>/", rule_views.amendment_detail, name="amendment_detail"),
    path(
        "amendements/<uuid:pk>/commenter/",
        rule_views.amendment_comment,
        name="amendment_comment",
    ),
    path("amendements/<uuid:pk>/decision/", rule_views.amendment_decide, name="amendment_decide"),
    path("amendements/<uuid:pk>/conclure/", rule_views.amendment_settle, name="amendment_settle"),
    path("amendements/<uuid:pk>/rebaser/", rule_views.amendment_rebase, name="amendment_rebase"),
    path(
        "amendements/<uuid:pk>/retirer/", rule_views.amendment_withdraw, name="amendment_withdraw"
    ),
    path("responsabilites/", rule_views.accountability, name="accountability"),
    path("responsabilites/export.csv", rule_views.accountability_csv, name="accountability_csv"),
    path(
        "responsabilites/nouvelle/",
        rule_views.accountability_create,
        name="accountability_create",
    ),
    path(
        "responsabilites/<uuid:pk>/modifier/",
        rule_views.accountability_edit,
        name="accountability_edit",
    ),
    path(
        "responsabilites/<uuid:pk>/supprimer/",
        rule_views.accountability_delete,
        name="accountability_delete",
    ),
]

# Practices (§6): practice sheets shared between cooperatives.
from coopilote.governance.views import practices as practice_views  # noqa: E402

urlpatterns += [
    path("pratiques/", practice_views.practice_list, name="practice_list"),
    path("pratiques/nouvelle/", practice_views.practice_create, name="practice_create"),
    path("pratiques/<uuid:pk>/", practice_views.practice_detail, name="practice_detail"),
    path("pratiques/<uuid:pk>/modifier/", practice_views.practice_edit, name="practice_edit"),
    path(
        "pratiques/<uuid:pk>/commenter/",
        practice_views.practice_comment,
        name="practice_comment",
    ),
    path("pratiques/<uuid:pk>/essaye/", practice_views.practice_tried, name="practice_tried"),
]

# Citizen conventions (§7)
from coopilote.governance.views import conventions  # noqa: E402

urlpatterns += [
    path("conventions/", conventions.convention_list, name="convention_list"),
    path("conventions/nouvelle/", conventions.convention_create, name="convention_create"),
    path("conventions/<uuid:pk>/", conventions.convention_detail, name="convention"),
    path("conventions/<uuid:pk>/modifier/", conventions.convention_edit, name="convention_edit"),
    path(
        "conventions/<uuid:pk>/categories/nouvelle/",
        conventions.category_add,
        name="convention_category_add",
    ),
    path(
        "conventions/<uuid:pk>/categories/<uuid:category>/",
        conventions.category_edit,
        name="convention_category_edit",
    ),
    path("conventions/<uuid:pk>/ouvrir/", conventions.convention_open, name="convention_open"),
    path("conventions/<uuid:pk>/inscription/", conventions.signup, name="convention_signup"),
    path(
        "conventions/<uuid:pk>/volontaires/",
        conventions.volunteers,
        name="convention_volunteers",
    ),
    path(
        "conventions/<uuid:pk>/volontaires/import/",
        conventions.volunteer_import,
        name="convention_import",
    ),
    path(
        "conventions/<uuid:pk>/volontaires/<uuid:volunteer>/desistement/",
        conventions.decline,
        name="convention_decline",
    ),
    path(
        "conventions/<uuid:pk>/volontaires/<uuid:volunteer>/retrait/",
        conventions.withdraw,
        name="convention_withdraw",
    ),
    path(
        "conventions/<uuid:pk>/publier/", conventions.convention_publish, name="convention_publish"
    ),
    path("conventions/<uuid:pk>/graine/", conventions.seed, name="convention_seed"),
    path(
        "conventions/<uuid:pk>/graine/<uuid:contribution>/reveler/",
        conventions.reveal,
        name="convention_reveal",
    ),
    path(
        "conventions/<uuid:pk>/graine/<uuid:contribution>/ecarter/",
        conventions.set_aside,
        name="convention_set_aside",
    ),
    path("conventions/<uuid:pk>/tirer/", conventions.convention_draw, name="convention_draw"),
    path("conventions/<uuid:pk>/audit/", conventions.audit, name="convention_audit"),
    path(
        "conventions/<uuid:pk>/audit/vivier.csv",
        conventions.pool_csv,
        name="convention_pool_csv",
    ),
    path(
        "conventions/<uuid:pk>/audit/categories.csv",
        conventions.categories_csv,
        name="convention_categories_csv",
    ),
    path(
        "conventions/<uuid:pk>/audit/probabilites.csv",
        conventions.probabilities_csv,
        name="convention_probabilities_csv",
    ),
    path(
        "conventions/<uuid:pk>/audit/tirage.json",
        conventions.draw_json,
        name="convention_draw_json",
    ),
    path(
        "conventions/<uuid:pk>/audit/rapport.pdf",
        conventions.audit_pdf,
        name="convention_audit_pdf",
    ),
]

# General assemblies (§4): colleges, roll, proxies, resolutions, votes, minutes.
from coopilote.governance.views import assemblies as assembly_views  # noqa: E402

urlpatterns += [
    path("assemblees/", assembly_views.assembly_list, name="assembly_list"),
    path("assemblees/nouvelle/", assembly_views.assembly_create, name="assembly_create"),
    path(
        "assemblees/organes/<uuid:pk>/colleges/",
        assembly_views.body_colleges,
        name="assembly_colleges",
    ),
    path("assemblees/<uuid:pk>/", assembly_views.assembly_detail, name="assembly"),
    path("assemblees/<uuid:pk>/modifier/", assembly_views.assembly_edit, name="assembly_edit"),
    path("assemblees/<uuid:pk>/liste/", assembly_views.assembly_roll, name="assembly_roll"),
    path(
        "assemblees/<uuid:pk>/liste/<uuid:voter>/presence/",
        assembly_views.voter_presence,
        name="assembly_presence",
    ),
    path(
        "assemblees/<uuid:pk>/resolutions/nouvelle/",
        assembly_views.resolution_create,
        name="resolution_create",
    ),
    path(
        "assemblees/<uuid:pk>/convoquer/",
        assembly_views.assembly_convene,
        name="assembly_convene",
    ),
    path("assemblees/<uuid:pk>/ouvrir/", assembly_views.assembly_open, name="assembly_open"),
    path("assemblees/<uuid:pk>/clore/", assembly_views.assembly_close, name="assembly_close"),
    path("assemblees/<uuid:pk>/pouvoirs/", assembly_views.assembly_proxy, name="assembly_proxy"),
    path(
        "assemblees/resolutions/<uuid:pk>/voter/<uuid:voter>/",
        assembly_views.resolution_vote,
        name="resolution_vote",
    ),
    path(
        "assemblees/<uuid:pk>/recepisses/verifier/",
        assembly_views.receipt_check,
        name="assembly_receipt_check",
    ),
    path(
        "assemblees/<uuid:pk>/proces-verbal.pdf",
        assembly_views.assembly_minutes,
        name="assembly_minutes",
    ),
]

# Citizen conventions (§7): the end of a convention (its volunteers' identities are erased six
# months later by the `purge_conventions` cron command).
urlpatterns += [
    path("conventions/<uuid:pk>/clore/", conventions.convention_close, name="convention_close"),
]
