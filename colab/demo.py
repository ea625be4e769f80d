"""Demo content for `make run`: verified partners across Wallonia, open challenges, demo accounts.

Idempotent: what already exists (same email, same organization slug, same challenge title) is kept.
Everything goes through the services, so the demo obeys the same rules as real use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from colab.accounts.models import User
from colab.accounts.service import sign_up
from colab.actors import Actor, Role
from colab.challenges.models import Challenge, Need
from colab.challenges.service import ChallengeDraft, post_challenge
from colab.demo_ideas import seed_ideas
from colab.funding.demo import seed_funding
from colab.funding.fund_demo import seed_matching
from colab.ideas.models import Idea
from colab.organizations.models import Membership, MembershipRole, Organization, OrganizationKind
from colab.organizations.service import register_organization
from colab.payments.demo import seed_payments
from colab.territories.models import Territory, Theme
from colab.validation import slugify, utcnow

DEMO_PASSWORD = "demo-colab-2026"

ACCOUNTS = [
    ("admin@colab.example", "Admin du Colab", Role.ADMIN),
    ("moderateur@colab.example", "Mona Modératrice", Role.MODERATOR),
    ("citoyen@colab.example", "Camille Citoyenne", Role.CITIZEN),
]


@dataclass(frozen=True)
class DemoOrganization:
    name: str
    kind: OrganizationKind
    nis: str
    manager: str  # email of its demo manager
    description: str
    verified: bool = True


ORGANIZATIONS = [
    DemoOrganization(
        "Ville de Namur",
        OrganizationKind.COMMUNE,
        "92094",
        "namur@colab.example",
        "La capitale wallonne ouvre ses défis urbains aux citoyens.",
    ),
    DemoOrganization(
        "Province de Liège",
        OrganizationKind.PROVINCE,
        "60000",
        "liege@colab.example",
        "La Province soutient les projets qui rapprochent ses 84 communes.",
    ),
    DemoOrganization(
        "Province de Namur",
        OrganizationKind.PROVINCE,
        "90000",
        "province-namur@colab.example",
        "La Province soutient les initiatives citoyennes de ses 38 communes.",
    ),
    DemoOrganization(
        "Service public de Wallonie",
        OrganizationKind.REGION,
        "03000",
        "spw@colab.example",
        "L'administration régionale cherche des idées concrètes pour la transition.",
    ),
    DemoOrganization(
        "Incubateur Meuse Innovation",
        OrganizationKind.INCUBATOR,
        "62096",
        "incubateur@colab.example",
        "Nous accompagnons les jeunes pousses à impact social en bord de Meuse.",
    ),
    DemoOrganization(
        "Université de Louvain-la-Neuve (démo)",
        OrganizationKind.UNIVERSITY,
        "25121",
        "universite@colab.example",
        "Chercheurs et étudiants prêts à prêter main-forte.",
    ),
    DemoOrganization(
        "Ville de Charleroi",
        OrganizationKind.COMMUNE,
        "52011",
        "charleroi@colab.example",
        "Charleroi réinvente ses quartiers avec celles et ceux qui y vivent.",
    ),
    DemoOrganization(
        "Les Amis de la Semois",
        OrganizationKind.ASSOCIATION,
        "84010",
        "semois@colab.example",
        "Association de bénévoles pour une rivière propre et vivante.",
        verified=False,
    ),
]


@dataclass(frozen=True)
class DemoChallenge:
    organization: str
    title: str
    summary: str
    body: str
    nis: str
    themes: tuple[str, ...]
    needs: tuple[Need, ...]
    days_open: int


CHALLENGES = [
    DemoChallenge(
        "Ville de Namur",
        "Des vélos partagés entre villages et gares",
        "Relier les villages de Namur aux gares par un service de vélos partagés simple et abordable.",
        "Nos villages sont mal reliés aux gares.\n\nNous cherchons un modèle de vélos partagés "
        "(électriques ou non) que les habitants pourraient gérer avec nous.",
        "92094",
        ("mobilite",),
        (Need.TEAM, Need.ADVICE),
        45,
    ),
    DemoChallenge(
        "Ville de Namur",
        "Rendre les bords de Meuse aux piétons le dimanche",
        "Imaginer des dimanches sans voitures sur les quais, avec animations et commerces locaux.",
        "Chaque dimanche d'été, les quais pourraient devenir un espace de promenade.\n\n"
        "Il nous faut des idées d'animation et des bénévoles pour l'encadrement.",
        "92094",
        ("mobilite", "culture"),
        (Need.HANDS, Need.ADVICE),
        30,
    ),
    DemoChallenge(
        "Province de Liège",
        "Un réseau de frigos solidaires dans les communes",
        "Limiter le gaspillage alimentaire grâce à des frigos partagés tenus par des bénévoles.",
        "Des commerces jettent chaque jour des invendus.\n\nNous voulons installer des frigos "
        "solidaires dans dix communes et cherchons lieux, bras et financement.",
        "62063",
        ("alimentation-agriculture", "inclusion-sociale"),
        (Need.FUNDS, Need.HANDS),
        60,
    ),
    DemoChallenge(
        "Province de Liège",
        "Des tiers-lieux numériques pour les aînés",
        "Accompagner les personnes âgées dans leurs démarches en ligne, près de chez elles.",
        "La fracture numérique touche d'abord nos aînés.\n\nQui peut animer des permanences "
        "dans les maisons de village ?",
        "63023",
        ("numerique", "inclusion-sociale"),
        (Need.TEAM, Need.HANDS),
        50,
    ),
    DemoChallenge(
        "Service public de Wallonie",
        "Des toitures solaires partagées pour les écoles",
        "Équiper les écoles de panneaux solaires financés et gérés par une coopérative citoyenne.",
        "Les écoles ont de grands toits et de grosses factures.\n\nNous cherchons un montage "
        "coopératif reproductible dans toute la Wallonie.",
        "03000",
        ("energie", "education-jeunesse"),
        (Need.FUNDS, Need.ADVICE),
        90,
    ),
    DemoChallenge(
        "Service public de Wallonie",
        "Cartographier les zones de fraîcheur en été",
        "Identifier avec les habitants les lieux frais accessibles pendant les canicules.",
        "Les vagues de chaleur se multiplient.\n\nUne carte collaborative des lieux frais "
        "aiderait les personnes vulnérables.",
        "03000",
        ("climat-environnement", "sante-bien-etre"),
        (Need.HANDS, Need.TEAM),
        40,
    ),
    DemoChallenge(
        "Service public de Wallonie",
        "Du covoiturage pour les villages de l'Ardenne",
        "Relier les villages autour de Bastogne aux zonings et aux écoles sans une voiture par personne.",
        "En Ardenne, les bus passent rarement et les distances sont longues.\n\nNous cherchons "
        "une application simple, des conducteurs volontaires et l'avis de celles et ceux qui l'ont déjà tenté.",
        "82039",
        ("mobilite", "participation-citoyenne"),
        (Need.TEAM, Need.ADVICE, Need.HANDS),
        70,
    ),
    DemoChallenge(
        "Incubateur Meuse Innovation",
        "Réemployer les matériaux des chantiers",
        "Créer une filière locale de réemploi des matériaux de construction en bord de Meuse.",
        "Des tonnes de matériaux finissent en déchetterie.\n\nNous cherchons des artisans, "
        "des entrepreneurs et des conseils juridiques.",
        "62096",
        ("economie-locale", "climat-environnement"),
        (Need.TEAM, Need.ADVICE),
        75,
    ),
    DemoChallenge(
        "Université de Louvain-la-Neuve (démo)",
        "Mesurer la qualité de l'air avec des capteurs citoyens",
        "Déployer des capteurs low-cost chez les habitants et publier les données ouvertes.",
        "Nos chercheurs fournissent la méthode.\n\nIl faut des volontaires pour héberger les "
        "capteurs et des développeurs pour la carte.",
        "25121",
        ("climat-environnement", "numerique"),
        (Need.HANDS, Need.TEAM),
        35,
    ),
    DemoChallenge(
        "Ville de Charleroi",
        "Transformer une friche en potager de quartier",
        "Faire d'un terrain vague de Marchienne un potager partagé entre voisins et écoles.",
        "Le terrain est disponible.\n\nIl manque des jardiniers, des outils et un peu d'argent "
        "pour l'eau et les clôtures.",
        "52011",
        ("alimentation-agriculture", "logement-amenagement"),
        (Need.HANDS, Need.FUNDS),
        55,
    ),
    DemoChallenge(
        "Ville de Charleroi",
        "Un festival de rue porté par les jeunes",
        "Donner aux jeunes de Charleroi les moyens d'organiser leur propre festival de quartier.",
        "Les jeunes ont des idées, nous avons des places.\n\nAidez-nous à trouver l'équipe et le financement.",
        "52011",
        ("culture", "education-jeunesse"),
        (Need.FUNDS, Need.TEAM),
        25,
    ),
    DemoChallenge(
        "Les Amis de la Semois",
        "Nettoyer les berges de la Semois au printemps",
        "Organiser une grande journée de nettoyage des berges avec les communes riveraines.",
        "Chaque printemps, des déchets s'accumulent le long de la rivière.\n\nNous cherchons "
        "des bénévoles et du matériel.",
        "84010",
        ("climat-environnement", "tourisme"),
        (Need.HANDS,),
        40,
    ),
]


async def _account(email: str, name: str, role: Role) -> User:
    user = await User.get_or_none(email=email)
    return user or await sign_up(email, DEMO_PASSWORD, name, role=role)


async def _organization(spec: DemoOrganization) -> Organization:
    existing = await Organization.get_or_none(slug=slugify(spec.name))
    if existing is not None:
        return existing
    territory = await Territory.get(nis_code=spec.nis)
    return await register_organization(
        name=spec.name,
        kind=spec.kind,
        territory_id=territory.id,
        description=spec.description,
        verified=spec.verified,
    )


async def seed_demo() -> str:
    """Load the demo content; returns a French summary of what was added."""
    before = (await User.all().count(), await Organization.all().count(), await Challenge.all().count())
    for email, name, role in ACCOUNTS:
        await _account(email, name, role)
    managers: dict[str, User] = {}
    for spec in ORGANIZATIONS:
        org = await _organization(spec)
        manager = await _account(spec.manager, f"Gestion {spec.name}"[:80], Role.CITIZEN)
        await Membership.get_or_create(organization=org, user=manager, defaults={"role": MembershipRole.MANAGER})
        managers[spec.name] = manager
    themes = {t.slug: t.id for t in await Theme.all()}
    for c in CHALLENGES:
        if await Challenge.exists(title=c.title):
            continue
        org = await Organization.get(slug=slugify(c.organization))
        territory = await Territory.get(nis_code=c.nis)
        manager = managers[c.organization]
        await post_challenge(
            Actor(user_id=manager.id, role=manager.role),
            org.id,
            ChallengeDraft(
                title=c.title,
                summary=c.summary,
                body=c.body,
                territory_id=territory.id,
                theme_ids=[themes[s] for s in c.themes],
                needs=list(c.needs),
                ideas_open_until=utcnow() + timedelta(days=c.days_open),
            ),
        )
    moderator = await User.get(email="moderateur@colab.example")
    ideas = await seed_ideas(DEMO_PASSWORD, moderator)
    await seed_matching(DEMO_PASSWORD)  # before the campaigns: the province's fund matches their pledges in Namur
    await seed_funding(DEMO_PASSWORD, moderator)
    await seed_payments()  # after the pledges: the lab's bank statement of the day
    after = (await User.all().count(), await Organization.all().count(), await Challenge.all().count())
    added = [b - a for a, b in zip(before, after, strict=True)]
    return (
        f"Démo : {added[0]} comptes, {added[1]} organisations, {added[2]} défis et {ideas} idées ajoutés "
        f"({after[0]} comptes, {after[1]} organisations, {after[2]} défis, {await Idea.all().count()} idées au total)."
    )
