"""`node(id:)`: any object by its global id, as visible to the viewer."""

from __future__ import annotations

import strawberry
from strawberry import relay

from colab.actors import require_moderator
from colab.api.accounts import ViewerNode
from colab.api.challenges import ChallengeNode
from colab.api.context import Info
from colab.api.errors import top_level
from colab.api.ideas import IdeaNode
from colab.api.ids import parse
from colab.api.moderation_cases import appeal_node
from colab.api.notifications import NotificationNode
from colab.api.organizations import OrganizationNode
from colab.api.projects import ProjectNode
from colab.api.reviews import ModerationLogEntryNode, ReviewItemNode
from colab.api.territories import TerritoryNode, ThemeNode
from colab.challenges.service import find_challenge
from colab.errors import ColabError, ErrorCode
from colab.ideas.service import find_idea
from colab.notifications.service import find_notification
from colab.projects.service import find_project
from colab.territories.models import Theme
from moderation.models import ModerationLogEntry
from moderation.records import get_item


async def _fetch(info: Info, type_name: str, pk: int) -> relay.Node | None:
    if type_name == "Challenge":
        challenge = await find_challenge(info.context.actor, pk)
        return ChallengeNode.from_model(challenge) if challenge else None
    if type_name == "Organization":
        org = await info.context.loaders.organization.load(pk)
        return OrganizationNode.from_model(org) if org else None
    if type_name == "Territory":
        territory = await info.context.loaders.territory.load(pk)
        return TerritoryNode.from_model(territory) if territory else None
    if type_name == "Theme":
        theme = await Theme.get_or_none(id=pk)
        return ThemeNode.from_model(theme) if theme else None
    if type_name == "Viewer" and info.context.actor.user_id == pk:
        user = await info.context.loaders.user.load(pk)
        return ViewerNode.from_model(user) if user else None
    if type_name == "Idea":
        idea = await find_idea(info.context.actor, pk)
        return IdeaNode.from_model(idea) if idea else None
    if type_name == "Project":
        project = await find_project(pk)
        return ProjectNode.from_model(project) if project else None
    if type_name == "Appeal":
        return await appeal_node(info, pk)
    if type_name == "Notification" and info.context.actor.user_id is not None:
        notice = await find_notification(info.context.actor, pk)
        return NotificationNode.from_model(notice) if notice else None
    return await _fetch_moderation(info, type_name, pk)


async def _fetch_moderation(info: Info, type_name: str, pk: int) -> relay.Node | None:
    """Queue items and log entries: moderators only; to anyone else they do not exist."""
    try:
        if type_name == "ReviewItem":
            return ReviewItemNode.from_model(await get_item(info.context.actor, pk))
        if type_name == "ModerationLogEntry":
            require_moderator(info.context.actor)
            entry = await ModerationLogEntry.get_or_none(id=pk)
            return ModerationLogEntryNode.from_model(entry) if entry else None
    except ColabError:
        return None
    return None


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object by its global id; null if unknown or not visible to you.")
    async def node(self, info: Info, id: strawberry.ID) -> relay.Node | None:
        parsed = parse(id)
        if parsed is None:
            raise top_level(ColabError(ErrorCode.INVALID_ID, "Cet identifiant n'est pas valide.", "id"))
        return await _fetch(info, *parsed)
