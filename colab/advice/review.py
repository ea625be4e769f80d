"""Advice as reportable content, and requests for expert credentials as review subjects: how moderators read
them, what a decision on a request does, and who may not decide it."""

from __future__ import annotations

import html
from collections.abc import Sequence

from colab.accounts.models import User
from colab.advice.events import CredentialGranted, CredentialRefused
from colab.advice.models import CREDENTIAL_REVIEW_KIND, REVIEW_KIND, Advice, ExpertCredential
from colab.advice.service import KIND_LABELS
from colab.events import publish
from colab.projects.models import Project
from moderation import registry
from moderation.models import Decision
from moderation.registry import Link, ReviewSubject, SubjectView, Verdict
from moderation.sanitize import plain_text
from moderation.visibility import hidden_among


def snippet(body: str, length: int = 60) -> str:
    """The start of a piece of advice's text, to name it (it has no title)."""
    text = " ".join(plain_text(body).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


async def _load_advice(ids: Sequence[int]) -> dict[int, SubjectView]:
    found = await Advice.filter(id__in=list(ids))
    projects = dict(await Project.filter(id__in={a.project_id for a in found}).values_list("id", "title"))
    hidden_projects = await hidden_among("PROJECT", list(projects))
    return {
        a.id: SubjectView(
            title=snippet(a.body, 100) or KIND_LABELS[a.kind],
            summary=a.url,
            body=a.body,
            author_id=a.author_id,
            links=(
                Link("Conseils du projet", f"/projets/{a.project_id}/conseils#conseil-{a.id}"),
                Link(f"Projet : {projects.get(a.project_id, '')}", f"/projets/{a.project_id}"),
            ),
            facts=(("Type", KIND_LABELS[a.kind]), ("Réponse à un conseil", "oui" if a.parent_id else "non")),
            public=a.project_id not in hidden_projects,
        )
        for a in found
    }


async def _advice_author(advice_id: int) -> set[int]:
    author = await Advice.filter(id=advice_id).first().values_list("author_id", flat=True)
    return {author} if author is not None else set()  # type: ignore[arg-type]


ADVICE = registry.register(
    ReviewSubject(
        kind=REVIEW_KIND,
        label="Conseil",
        plural="Conseils",
        load=_load_advice,
        excluded_reviewers=_advice_author,
        reportable=True,
    )
)


async def _load_credentials(ids: Sequence[int]) -> dict[int, SubjectView]:
    found = await ExpertCredential.filter(id__in=list(ids)).prefetch_related("theme")
    names = dict(await User.filter(id__in={c.user_id for c in found}).values_list("id", "display_name"))
    views: dict[int, SubjectView] = {}
    for c in found:
        facts = [("Thème", c.theme.name), ("Personne", names.get(c.user_id, ""))]
        if c.evidence_url:
            facts.append(("Lien fourni", c.evidence_url))
        views[c.id] = SubjectView(
            title=f"Expertise « {c.theme.name} » : {names.get(c.user_id, '')}"[:120],
            summary=c.evidence_url,
            body="<p>" + html.escape(c.evidence).replace("\n", "<br>") + "</p>",
            author_id=c.user_id,
            facts=tuple(facts),
            public=False,
        )
    return views


async def _decide(verdict: Verdict) -> None:
    """Admitted: granted until the configured expiry. Otherwise refused (the person may ask again)."""
    from colab.advice.credentials import apply_decision

    granted = verdict.decision is Decision.ADMIT
    credential = await apply_decision(verdict.subject_id, granted, verdict.moderator_id)
    if granted:
        assert credential.expires_at is not None
        await publish(
            CredentialGranted(
                subject_id=credential.id,
                actor_id=verdict.moderator_id,
                user_id=credential.user_id,
                theme_id=credential.theme_id,
                expires_at=credential.expires_at.isoformat(),
            )
        )
    else:
        await publish(
            CredentialRefused(
                subject_id=credential.id,
                actor_id=verdict.moderator_id,
                user_id=credential.user_id,
                theme_id=credential.theme_id,
                reason=verdict.reason.value if verdict.reason else None,
                message=verdict.message,
            )
        )


async def _requester(credential_id: int) -> set[int]:
    """Nobody decides their own credential."""
    user = await ExpertCredential.filter(id=credential_id).first().values_list("user_id", flat=True)
    return {user} if user is not None else set()  # type: ignore[arg-type]


CREDENTIAL = registry.register(
    ReviewSubject(
        kind=CREDENTIAL_REVIEW_KIND,
        label="Expertise",
        plural="Expertises",
        load=_load_credentials,
        decide=_decide,
        excluded_reviewers=_requester,
        decision_labels={
            Decision.ADMIT: "Reconnaître l'expertise",
            Decision.REQUEST_CHANGES: "Demander plus de preuves (refus, nouvelle demande possible)",
            Decision.REJECT: "Refuser",
        },
    )
)
