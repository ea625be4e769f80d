"""Advice for tests: given through the real service."""

from __future__ import annotations

from colab.accounts.models import User
from colab.advice.models import Advice, AdviceKind
from colab.advice.service import AdviceDraft, give_advice
from colab.projects.models import Project
from tests.conftest import actor_of, make_user


async def make_advice(
    project: Project,
    author: User | None = None,
    kind: AdviceKind = AdviceKind.ADVICE,
    body: str = "<p>Contactez la maison de quartier, elle prête une salle.</p>",
    url: str = "",
) -> Advice:
    author = author or await make_user(name="Conseillère Dubois")
    return await give_advice(actor_of(author), project.id, AdviceDraft(kind, body, url))
