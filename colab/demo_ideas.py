"""Demo ideas for `make run`: one per state, an admitted idea with its project, a queue with flags.

Idempotent (an idea with the same title is kept) and written through the services, so the demo obeys
the same rules as real use: submissions are checked and queued, decisions go through a lease.
"""

from __future__ import annotations

from dataclasses import dataclass

from colab.accounts.models import User
from colab.accounts.service import sign_up
from colab.actors import Actor, Role
from colab.challenges.models import Challenge, Need
from colab.ideas.models import Idea
from colab.ideas.service import IdeaDraft, propose_idea, submit_idea
from colab.territories.models import Territory, Theme
from moderation.decisions import decide_review
from moderation.models import Decision, ReasonCode, ReviewItem
from moderation.queue import claim

CITIZENS = [
    ("citoyen@colab.example", "Camille Citoyenne"),
    ("lea@colab.example", "Léa Lambert"),
    ("hugo@colab.example", "Hugo Henrard"),
]


@dataclass(frozen=True)
class DemoIdea:
    author: str
    challenge: str | None  # the title of the challenge it answers
    title: str
    summary: str
    body: str
    nis: str
    themes: tuple[str, ...]
    needs: tuple[Need, ...]
    #: None: a draft; "SUBMIT": waiting in the queue; else the moderators' decision
    outcome: Decision | str | None
    message: str = ""
    reason: ReasonCode | None = None


IDEAS = [
    DemoIdea(
        "citoyen@colab.example",
        "Des vélos partagés entre villages et gares",
        "Un atelier vélo itinérant dans les villages",
        "Une camionnette-atelier passe chaque semaine dans un village pour réparer et prêter des vélos.",
        "<p>Beaucoup de vélos dorment dans les garages faute d'un petit réglage. Une camionnette-atelier, "
        "animée par deux mécaniciens et des bénévoles, passerait chaque semaine dans un village.</p>"
        "<p>Elle réparerait les vélos, en prêterait pour essayer le trajet jusqu'à la gare et "
        "formerait les habitants à l'entretien de base.</p>",
        "92094",
        ("mobilite",),
        (Need.FUNDS, Need.HANDS, Need.TEAM),
        Decision.ADMIT,
        "Belle idée, concrète et à l'échelle des villages. Bienvenue dans le Colab !",
    ),
    DemoIdea(
        "lea@colab.example",
        "Un réseau de frigos solidaires dans les communes",
        "Des frigos solidaires dans les maisons de village",
        "Installer un frigo partagé dans chaque maison de village, approvisionné par les commerçants.",
        "<p>Les commerçants jettent chaque soir des produits encore bons. Un frigo solidaire dans les "
        "maisons de village permettrait de les partager avec les habitants.</p><p>Un groupe de "
        "bénévoles vérifierait chaque jour les dates et la propreté.</p>",
        "62063",
        ("alimentation-agriculture", "inclusion-sociale"),
        (Need.HANDS, Need.FUNDS),
        "SUBMIT",
    ),
    DemoIdea(
        "hugo@colab.example",
        "Des toitures solaires partagées pour les écoles",
        "Des panneaux solaires financés par les parents",
        "Les parents investissent ensemble dans les panneaux de l'école et partagent les économies.",
        "<p>Une coopérative de parents. Plus d'infos sur https://exemple.be/coop, https://exemple.be/faq "
        "et https://exemple.be/contact.</p>",
        "52011",
        ("energie",),
        (Need.FUNDS,),
        "SUBMIT",
    ),
    DemoIdea(
        "citoyen@colab.example",
        None,
        "Une grainothèque dans chaque bibliothèque",
        "Échanger gratuitement des graines locales dans les bibliothèques communales.",
        "<p>Les bibliothèques prêtent des livres ; elles pourraient aussi prêter des graines. Chaque "
        "jardinier rapporte à l'automne une partie des graines de ses récoltes.</p>",
        "92094",
        ("alimentation-agriculture", "culture"),
        (Need.HANDS, Need.ADVICE),
        Decision.REQUEST_CHANGES,
        "L'idée est bonne : précisez quelles bibliothèques sont partantes et qui gérera les échanges.",
        ReasonCode.INCOMPLETE,
    ),
    DemoIdea(
        "citoyen@colab.example",
        "Un festival de rue porté par les jeunes",
        "Une scène ouverte pour les groupes de jeunes",
        "Une scène mobile où les groupes de jeunes de Charleroi jouent pendant le festival.",
        "<p>Brouillon : trouver une scène mobile, un technicien son et un calendrier de passages.</p>",
        "52011",
        ("culture", "education-jeunesse"),
        (Need.TEAM, Need.FUNDS),
        None,
    ),
]


async def _citizen(email: str, name: str, password: str) -> User:
    return await User.get_or_none(email=email) or await sign_up(email, password, name, role=Role.CITIZEN)


async def seed_ideas(password: str, moderator: User) -> int:
    """Add the demo ideas that are missing; returns how many were added."""
    authors = {email: await _citizen(email, name, password) for email, name in CITIZENS}
    themes = {t.slug: t.id for t in await Theme.all()}
    deciding = Actor(user_id=moderator.id, role=moderator.role)
    added = 0
    for spec in IDEAS:
        if await Idea.exists(title=spec.title):
            continue
        author = authors[spec.author]
        actor = Actor(user_id=author.id, role=author.role)
        challenge = await Challenge.get(title=spec.challenge) if spec.challenge else None
        idea = await propose_idea(
            actor,
            IdeaDraft(
                title=spec.title,
                summary=spec.summary,
                body=spec.body,
                territory_id=(await Territory.get(nis_code=spec.nis)).id,
                theme_ids=[themes[s] for s in spec.themes],
                needs=list(spec.needs),
                challenge_id=challenge.id if challenge else None,
            ),
        )
        added += 1
        if spec.outcome is None:
            continue
        await submit_idea(actor, idea.id)
        if isinstance(spec.outcome, Decision):
            item = await ReviewItem.filter(kind="IDEA", subject_id=idea.id).order_by("-id").first()
            assert item is not None
            await claim(deciding, item.id)
            await decide_review(deciding, item.id, spec.outcome, spec.reason, spec.message)
    return added
