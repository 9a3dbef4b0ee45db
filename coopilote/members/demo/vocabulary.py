"""Words for plausible French cooperative names and CAE activities (demo only)."""

# Per union sector slug: (weight of jobs in the movement, name stems, activity phrases).
# Job shares end of 2024: services 36 %, construction 17 %, education/health/social 15 %,
# industry 12 %; the rest shared by the other sectors.
SECTORS: dict[str, tuple[float, list[str], list[str]]] = {
    "services-entreprises": (0.36, [
        "Conseil", "Études", "Ingénierie", "Expertise comptable", "Nettoyage", "Traduction",
        "Architecture", "Paysage", "Sécurité", "Courtage", "Bureau d’études",
    ], ["conseil en gestion", "expertise comptable", "nettoyage de locaux", "traduction technique",
        "études d’urbanisme", "architecture bioclimatique"]),
    "btp": (0.17, [
        "Menuiserie", "Charpente", "Maçonnerie", "Électricité", "Plomberie", "Couverture",
        "Peinture", "Bâtisseurs", "Rénovation", "Isolation", "Travaux publics",
    ], ["menuiserie bois et aluminium", "charpente traditionnelle", "rénovation énergétique",
        "électricité générale", "plâtrerie et isolation"]),
    "sante-action-sociale": (0.09, [
        "Aide à domicile", "Maison de santé", "Services à la personne", "Petite enfance",
        "Ambulances", "Accompagnement",
    ], ["aide à domicile", "accueil de jeunes enfants", "soins infirmiers",
        "accompagnement social"]),
    "education-formation": (0.06, [
        "Formation", "École", "Organisme de formation", "Centre de formation",
    ], ["formation professionnelle", "soutien scolaire", "formation au numérique"]),
    "industrie": (0.12, [
        "Métallerie", "Mécanique", "Fonderie", "Imprimerie", "Textile", "Plasturgie",
        "Chaudronnerie", "Papeterie", "Verrerie", "Biscuiterie", "Brasserie",
    ], ["chaudronnerie fine", "impression offset", "fabrication de vêtements",
        "usinage de précision"]),
    "commerce-transport-hotellerie": (0.08, [
        "Transports", "Restaurant", "Épicerie", "Librairie", "Hôtel", "Taxis", "Coursiers",
        "Boulangerie", "Café",
    ], ["livraison à vélo", "restauration collective", "librairie indépendante",
        "épicerie vrac"]),
    "numerique": (0.05, [
        "Informatique", "Logiciels libres", "Développement web", "Hébergement", "Data",
    ], ["développement web", "administration de systèmes", "conception d’applications",
        "accessibilité numérique"]),
    "culture": (0.04, [
        "Production", "Compagnie", "Studio", "Éditions", "Théâtre", "Graphisme",
    ], ["graphisme et illustration", "photographie", "production audiovisuelle",
        "édition de livres"]),
    "agriculture": (0.02, [
        "Maraîchage", "Ferme", "Vignerons", "Paysans", "Pépinière",
    ], ["maraîchage biologique", "apiculture", "élevage de brebis"]),
    "autres": (0.01, ["Services", "Association", "Sport", "Loisirs"],
               ["animation sportive", "réparation de vélos"]),
}

NAME_PATTERNS = [
    "{stem} {place}",
    "{stem} des {adjective}",
    "{stem} coopérative {place}",
    "Les {plural} de {place}",
    "{stem} {founder}",
    "Scop {stem} {place}",
]
ADJECTIVES = ["Monts", "Volcans", "Rives", "Deux Vallées", "Plateaux", "Collines", "Cimes",
              "Faubourgs", "Quatre Vents", "Sources", "Bords de Loire", "Terres Rouges"]
PLURALS = ["Ateliers", "Artisans", "Bâtisseurs", "Compagnons", "Coopérateurs", "Jardins"]

# CAE entrepreneurs: an activity reads "{craft}" or "{craft} — {speciality}".
CAE_CRAFTS = [
    "graphiste", "photographe", "traductrice", "traducteur", "formatrice", "formateur",
    "développeuse web", "développeur web", "menuisier ébéniste", "couturière", "céramiste",
    "consultante RSE", "consultant en gestion", "illustratrice", "rédactrice web",
    "coach professionnel", "paysagiste", "diététicienne", "sophrologue", "électricien",
    "plombier chauffagiste", "architecte d’intérieur", "webdesigner", "community manager",
    "vidéaste", "relieuse", "tapissier d’ameublement", "pâtissière", "fleuriste",
    "naturopathe", "professeur de yoga", "accompagnatrice en montagne", "guide conférencière",
    "correctrice", "secrétaire indépendante", "cordonnier", "luthier", "potière", "maraîcher",
]
CAE_SPECIALITIES = [
    "identité visuelle", "reportages d’entreprise", "anglais et espagnol", "éco-conception",
    "meubles sur mesure", "mobilier en bois local", "vêtements de seconde main",
    "bilans carbone", "sites accessibles", "ateliers pour enfants", "cuisine végétale",
    "rénovation de meubles anciens", "randonnées", "petites entreprises", "bien-être au travail",
]
CAE_NAMES = ["Coopaname", "Oxalis", "Grands Ensemble", "Cabestan", "Elan Créateur", "Talents",
             "Coop’Activ", "Alter Ego", "Synercoop", "Calliopée", "Initiative", "Solstice"]

FEDERATIONS = [
    ("Fédération des Scop du BTP", "Scop BTP", {"btp"}),
    ("Fédération des Scop de l’Industrie", "Scop Industrie", {"industrie"}),
    ("Fédération de la Communication (CG Scop Communication)", "CG Scop Communication",
     {"culture", "numerique"}),
]
