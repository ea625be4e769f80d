"""Expert credentials per theme: a person asks from their profile, moderators grant them (with an expiry) or
refuse them through the review queue; a granted, unexpired credential shows as a label beside the expert's
advice on projects of that theme. A label only: it never weighs on votes or order."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache

from tortoise.transactions import in_transaction

from colab.accounts.models import User
from colab.actors import Actor, require_moderator, require_write
from colab.advice.events import CredentialRequested
from colab.advice.models import CREDENTIAL_REVIEW_KIND, CredentialStatus, ExpertCredential
from colab.advice.service import checked_url
from colab.config import load_settings
from colab.errors import ColabError, ErrorCode, ErrorCollector
from colab.events import publish
from colab.ideas.service import themes_by_idea
from colab.projects.models import Project
from colab.territories.models import Theme
from colab.validation import as_utc, check_text, utcnow
from moderation.submission import send_to_review

EVIDENCE_MAX = 2_000
EVIDENCE_MIN = 20

STATUS_LABELS = {
    CredentialStatus.REQUESTED: "Demande en cours d'examen",
    CredentialStatus.GRANTED: "Reconnue",
    CredentialStatus.REFUSED: "Non retenue",
}


@cache
def credential_lifetime() -> timedelta:
    """How long a granted credential lasts (EXPERT_CREDENTIAL_DAYS), read once."""
    return timedelta(days=max(1, load_settings().expert_credential_days))


async def request_credential(actor: Actor, theme_id: int, evidence: str, evidence_url: str = "") -> ExpertCredential:
    """A person asks to be recognized as an expert of a theme, with evidence; the moderators decide."""
    user_id = require_write(actor)
    errors = ErrorCollector()
    theme = await Theme.get_or_none(id=theme_id)
    if theme is None:
        errors.add(ErrorCode.UNKNOWN_THEME, "Ce thème n'existe pas.", "themeId")
    text = (evidence or "").strip()
    check_text(errors, "evidence", text, max_length=EVIDENCE_MAX, min_length=EVIDENCE_MIN, label="La justification")
    url = checked_url(evidence_url, errors, "evidenceUrl")
    errors.raise_if_any()
    assert theme is not None
    name = await User.get(id=user_id).values_list("display_name", flat=True)
    async with in_transaction():
        # the person's row lock orders their racing requests (SQLite has one writer): one pending per theme
        await User.filter(id=user_id).select_for_update().first()
        mine = ExpertCredential.filter(user_id=user_id, theme_id=theme.id)
        if await mine.filter(status=CredentialStatus.REQUESTED).exists():
            raise ColabError(
                ErrorCode.CREDENTIAL_PENDING, "Votre demande pour ce thème est déjà à l'examen.", "themeId"
            )
        if await mine.filter(status=CredentialStatus.GRANTED, expires_at__gt=utcnow()).exists():
            raise ColabError(ErrorCode.ALREADY_EXPERT, "Votre expertise sur ce thème est déjà reconnue.", "themeId")
        credential = await ExpertCredential.create(user_id=user_id, theme_id=theme.id, evidence=text, evidence_url=url)
        await send_to_review(
            CREDENTIAL_REVIEW_KIND,
            credential.id,
            author_id=user_id,
            title=f"Expertise « {theme.name} » : {name}"[:120],
            summary=url,
            body=text,
            now=utcnow(),
        )
        await publish(
            CredentialRequested(subject_id=credential.id, actor_id=user_id, user_id=user_id, theme_id=theme.id)
        )
    return credential


async def apply_decision(credential_id: int, granted: bool, moderator_id: int) -> ExpertCredential:
    """Inside the deciding transaction: granted until the configured expiry, or refused."""
    now = utcnow()
    values: dict[str, object] = {"granted_by_id": moderator_id, "decided_at": now}
    if granted:
        values.update(status=CredentialStatus.GRANTED, expires_at=now + credential_lifetime())
    else:
        values.update(status=CredentialStatus.REFUSED)
    await ExpertCredential.filter(id=credential_id, status=CredentialStatus.REQUESTED).update(**values)
    return await ExpertCredential.get(id=credential_id)


async def set_credential_expiry(actor: Actor, credential_id: int, expires_at: datetime) -> ExpertCredential:
    """A moderator gives a granted credential another expiry (sooner, or later); a past date ends it now."""
    require_moderator(actor)
    credential = await ExpertCredential.get_or_none(id=credential_id, status=CredentialStatus.GRANTED)
    if credential is None:
        raise ColabError(ErrorCode.NOT_FOUND, "Cette expertise reconnue n'existe pas.", "credentialId")
    credential.expires_at = as_utc(expires_at)
    await credential.save(update_fields=["expires_at"])
    return credential


def is_active(status: CredentialStatus, expires_at: datetime | None) -> bool:
    """Granted and not expired: the label shows."""
    return status is CredentialStatus.GRANTED and expires_at is not None and expires_at > utcnow()


async def find_credential(actor: Actor, credential_id: int) -> ExpertCredential | None:
    """A credential or a request, for its holder and the moderators only."""
    found = await ExpertCredential.get_or_none(id=credential_id)
    if found is None or not (actor.is_moderator or actor.user_id == found.user_id):
        return None
    return found


async def credentials_of(user_id: int) -> list[ExpertCredential]:
    """A person's requests and credentials, newest first (their profile page)."""
    return await ExpertCredential.filter(user_id=user_id).order_by("-created_at", "-id").prefetch_related("theme")


async def expertise_labels(user_ids: Sequence[int], theme_ids: Sequence[int]) -> dict[int, list[str]]:
    """The themes (names) among `theme_ids` in which each person holds a granted, unexpired credential."""
    if not user_ids or not theme_ids:
        return {}
    rows = await ExpertCredential.filter(
        user_id__in=list(set(user_ids)),
        theme_id__in=list(set(theme_ids)),
        status=CredentialStatus.GRANTED,
        expires_at__gt=utcnow(),
    ).values_list("user_id", "theme__name")
    labels: dict[int, list[str]] = {}
    for user_id, theme_name in rows:
        if theme_name not in labels.setdefault(user_id, []):
            labels[user_id].append(theme_name)
    for names in labels.values():
        names.sort()
    return labels


async def expertise_on_projects(pairs: Sequence[tuple[int, int]]) -> dict[tuple[int, int], list[str]]:
    """For (person, project) pairs: the project's themes in which the person is a recognized expert (3 queries)."""
    found: dict[tuple[int, int], list[str]] = {pair: [] for pair in pairs}
    if not pairs:
        return found
    ideas = dict(await Project.filter(id__in={p for _, p in pairs}).values_list("id", "idea_id"))
    themes = await themes_by_idea(list(set(ideas.values())))
    names = {pid: {t.id: t.name for t in themes[idea]} for pid, idea in ideas.items()}
    all_themes = {tid for by_id in names.values() for tid in by_id}
    if not all_themes:
        return found
    rows = await ExpertCredential.filter(
        user_id__in=list({u for u, _ in pairs}),
        theme_id__in=list(all_themes),
        status=CredentialStatus.GRANTED,
        expires_at__gt=utcnow(),
    ).values_list("user_id", "theme_id")
    held: dict[int, set[int]] = {}
    for user_id, theme_id in rows:
        held.setdefault(user_id, set()).add(theme_id)
    for user_id, project_id in pairs:
        project_themes = names.get(project_id, {})
        mine = held.get(user_id, set())
        found[(user_id, project_id)] = sorted(name for t, name in project_themes.items() if t in mine)
    return found
