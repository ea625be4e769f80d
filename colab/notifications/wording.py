"""The French sentence of a notification, built when it is read from its kind and its subject's current title.

The web pages, the API and the emails say the same thing, so the sentence lives here; the link is the
web's business (web/pages/notifications.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from colab.challenges.models import Challenge
from colab.events import load_handlers
from colab.ideas.models import Idea
from colab.notifications.models import Notification, NotificationKind
from colab.partnership.models import PartnershipRequest
from colab.projects.models import Project, ProjectUpdate

_SENTENCES = {
    NotificationKind.IDEA_ADMITTED: "Votre idée « {title} » est admise : elle devient un projet.",
    NotificationKind.IDEA_CHANGES_REQUESTED: "Modifications demandées pour « {title} ».",
    NotificationKind.IDEA_REJECTED: "Votre idée « {title} » n'a pas été admise.",
    NotificationKind.CHALLENGE_PUBLISHED: "Votre défi « {title} » est publié.",
    NotificationKind.CHALLENGE_CHANGES_REQUESTED: "Modifications demandées pour « {title} ».",
    NotificationKind.CHALLENGE_REJECTED: "Votre défi « {title} » n'a pas été publié.",
    NotificationKind.ANSWER_ADMITTED: "Nouvelle idée admise pour votre défi « {context} » : « {title} ».",
    NotificationKind.CONTENT_HIDDEN: "« {title} » est masqué le temps d'un examen par la modération.",
    NotificationKind.CONTENT_RESTORED: "« {title} » est de nouveau visible : la modération l'a rétabli.",
    NotificationKind.CONTENT_REMOVED: "« {title} » a été retiré par la modération.",
    NotificationKind.APPEAL_UPHELD: "Votre appel concernant « {title} » est accueilli.",
    NotificationKind.PARTNERSHIP_REQUEST: "Une institution veut rejoindre le Colab : {title}",
    NotificationKind.SIGNUP_ATTEMPT: "Quelqu'un a tenté de créer un compte avec votre adresse e-mail",
    NotificationKind.APPEAL_DISMISSED: "Votre appel concernant « {title} » est rejeté : la décision est maintenue.",
    NotificationKind.PROJECT_UPDATE: "Nouvelle du projet « {context} » : « {title} »",
    # crowdfunding
    NotificationKind.CAMPAIGN_SCHEDULED: (
        "La campagne de financement de « {title} » est acceptée : elle s'ouvrira à la date prévue."
    ),
    NotificationKind.CAMPAIGN_CHANGES_REQUESTED: "Modifications demandées pour la campagne de « {title} ».",
    NotificationKind.CAMPAIGN_REJECTED: "La campagne de financement de « {title} » n'a pas été acceptée.",
    NotificationKind.CAMPAIGN_FUNDED: "La campagne de « {title} » a atteint son plafond : elle est financée.",
    NotificationKind.CAMPAIGN_SUCCEEDED: "La campagne de « {title} » a réussi : les fonds vont au projet.",
    NotificationKind.CAMPAIGN_FAILED: (
        "La campagne de « {title} » n'a pas atteint son objectif : les soutiens payés sont remboursés."
    ),
    NotificationKind.CAMPAIGN_CANCELLED: "La campagne de « {title} » est annulée : les soutiens payés sont remboursés.",
    NotificationKind.PLEDGE_PAID: "Votre soutien à « {title} » est bien reçu. Merci !",
    NotificationKind.PLEDGE_EXPIRED: "Votre soutien à « {title} » a expiré faute de paiement.",
    NotificationKind.PLEDGE_REFUNDED: "Votre soutien à « {title} » vous a été remboursé.",
    NotificationKind.BACKER_UPDATE: "Nouvelle du projet « {context} », que vous soutenez : « {title} »",
    # payments
    NotificationKind.REFUND_ACCOUNT_NEEDED: (
        "Votre soutien à « {title} » vous sera remboursé par virement : indiquez le compte (IBAN) où le recevoir."
    ),
}
#: how each kind is named where a person chooses what comes by email
KIND_LABELS = {
    NotificationKind.IDEA_ADMITTED: "Une de mes idées est admise",
    NotificationKind.IDEA_CHANGES_REQUESTED: "Les modérateurs demandent des modifications à une de mes idées",
    NotificationKind.IDEA_REJECTED: "Une de mes idées n'est pas admise",
    NotificationKind.CHALLENGE_PUBLISHED: "Un de mes défis est publié après modération",
    NotificationKind.CHALLENGE_CHANGES_REQUESTED: "Les modérateurs demandent des modifications à un de mes défis",
    NotificationKind.CHALLENGE_REJECTED: "Un de mes défis n'est pas publié",
    NotificationKind.ANSWER_ADMITTED: "Une idée est admise en réponse à un défi de mon organisation",
    NotificationKind.CONTENT_HIDDEN: "Un de mes contenus est masqué le temps d'un examen",
    NotificationKind.CONTENT_RESTORED: "Un de mes contenus est rétabli",
    NotificationKind.CONTENT_REMOVED: "Un de mes contenus est retiré",
    NotificationKind.APPEAL_UPHELD: "Un de mes appels est accueilli",
    NotificationKind.APPEAL_DISMISSED: "Un de mes appels est rejeté",
    NotificationKind.PROJECT_UPDATE: "Un projet que je suis publie une nouvelle",
    # crowdfunding
    NotificationKind.CAMPAIGN_SCHEDULED: "La campagne d'un de mes projets est acceptée",
    NotificationKind.CAMPAIGN_CHANGES_REQUESTED: "Les modérateurs demandent des modifications à une de mes campagnes",
    NotificationKind.CAMPAIGN_REJECTED: "Une de mes campagnes n'est pas acceptée",
    NotificationKind.CAMPAIGN_FUNDED: "Une de mes campagnes atteint son plafond",
    NotificationKind.CAMPAIGN_SUCCEEDED: "Une campagne que je porte ou soutiens réussit",
    NotificationKind.CAMPAIGN_FAILED: "Une campagne que je porte ou soutiens échoue",
    NotificationKind.CAMPAIGN_CANCELLED: "Une campagne que je soutiens est annulée",
    NotificationKind.PLEDGE_PAID: "Mon soutien est payé",
    NotificationKind.PLEDGE_EXPIRED: "Mon soutien expire faute de paiement",
    NotificationKind.PLEDGE_REFUNDED: "Mon soutien est remboursé",
    NotificationKind.BACKER_UPDATE: "Un projet que je soutiens publie des nouvelles",
    # payments
    NotificationKind.REFUND_ACCOUNT_NEEDED: "On me demande mon IBAN pour rembourser un soutien payé par virement",
}
#: what a subject is called when it no longer exists
_GONE = "(supprimé)"


TitleLoader = Callable[[list[int]], Awaitable[dict[int, tuple[str, str]]]]
#: how other domains' subjects are named: (title, context title) by id, filled in by those domains
_LOADERS: dict[str, TitleLoader] = {}


def subject_titles(subject_type: str) -> Callable[[TitleLoader], TitleLoader]:
    """Declare how a domain's subjects of this type are named in notifications (that domain depends on this one,
    not the other way round)."""

    def register(loader: TitleLoader) -> TitleLoader:
        _LOADERS[subject_type] = loader
        return loader

    return register


async def _titles(subjects: set[tuple[str, int]]) -> dict[tuple[str, int], tuple[str, str]]:
    """(title, context title) of each subject: one query per subject type present."""
    found: dict[tuple[str, int], tuple[str, str]] = {}
    by_type: dict[str, list[int]] = {}
    for subject_type, subject_id in subjects:
        by_type.setdefault(subject_type, []).append(subject_id)
    if ids := by_type.get("idea"):
        for i, title in await Idea.filter(id__in=ids).values_list("id", "title"):
            found["idea", i] = (title, "")
    if ids := by_type.get("challenge"):
        for i, title in await Challenge.filter(id__in=ids).values_list("id", "title"):
            found["challenge", i] = (title, "")
    if ids := by_type.get("project"):
        for row in await Project.filter(id__in=ids).values("id", "title", "challenge__title"):
            found["project", row["id"]] = (row["title"], row["challenge__title"] or "")
    if ids := by_type.get("project_update"):
        for row in await ProjectUpdate.filter(id__in=ids).values("id", "title", "project__title"):
            found["project_update", row["id"]] = (row["title"], row["project__title"] or "")
    if ids := by_type.get("partnership_request"):
        for i, name in await PartnershipRequest.filter(id__in=ids).values_list("id", "organization_name"):
            found["partnership_request", i] = (name, "")
    for subject_type, ids in by_type.items():
        if subject_type in _LOADERS:
            found.update({(subject_type, i): t for i, t in (await _LOADERS[subject_type](ids)).items()})
    return found


async def describe(notifications: Sequence[Notification]) -> None:
    """Fill in each notification's `title`, the sentence shown to its owner."""
    load_handlers()  # the domains that name their own subjects
    titles = await _titles({(n.subject_type, n.subject_id) for n in notifications})
    for n in notifications:
        title, context = titles.get((n.subject_type, n.subject_id), (_GONE, _GONE))
        n.title = _SENTENCES[n.kind].format(title=title, context=context)
