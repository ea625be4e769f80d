"""Who is acting (roles, memberships, token scopes) and every permission rule, written once.

Web pages, GraphQL resolvers and services all ask the predicates below; none of them spells a
rule out again. A bearer token narrows its owner's rights to its scopes: effective rights are the
owner's rights ∩ the token's scopes, so a token can never do more than the person behind it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum

from colab.errors import ColabError, forbidden, unauthenticated


class Role(str, Enum):
    CITIZEN = "CITIZEN"
    MODERATOR = "MODERATOR"
    ADMIN = "ADMIN"


class MembershipRole(str, Enum):
    """A person's role in an organization they act for."""

    MEMBER = "MEMBER"
    MANAGER = "MANAGER"


class ProjectRole(str, Enum):
    """A person's role in a project's team (the holder has HOLDER; others join through colab.teams)."""

    HOLDER = "HOLDER"
    CO_LEAD = "CO_LEAD"
    MEMBER = "MEMBER"
    FINANCE = "FINANCE"  #: a read-only view of the project's money


PROJECT_ROLE_LABELS: Mapping[ProjectRole, str] = {
    ProjectRole.HOLDER: "Porteur",
    ProjectRole.CO_LEAD: "Co-porteur",
    ProjectRole.MEMBER: "Membre de l'équipe",
    ProjectRole.FINANCE: "Finances",
}


class ProjectAction(str, Enum):
    """What a project's team does; who may do it is PROJECT_PERMISSIONS, the one table of team rights."""

    EDIT_PAGE = "EDIT_PAGE"  #: the story, the cover image, the needs asked for
    MANAGE_TEAM = "MANAGE_TEAM"  #: open roles, shortlist, accept, invite, give project roles
    POST_UPDATE = "POST_UPDATE"  #: news to followers and backers
    POST_CALL = "POST_CALL"  #: volunteer calls: post, move, call off
    MARK_ATTENDANCE = "MARK_ATTENDANCE"
    ANSWER_ADVICE = "ANSWER_ADVICE"
    MANAGE_CAMPAIGN = "MANAGE_CAMPAIGN"  #: open, edit, submit, cancel the crowdfunding campaign
    SEE_MONEY = "SEE_MONEY"  #: the campaign's pledges, backers and ledger (read-only)


_LEADS = frozenset({ProjectRole.HOLDER, ProjectRole.CO_LEAD})
_TEAM = _LEADS | {ProjectRole.MEMBER}
PROJECT_PERMISSIONS: Mapping[ProjectAction, frozenset[ProjectRole]] = {
    ProjectAction.EDIT_PAGE: _LEADS,
    ProjectAction.MANAGE_TEAM: _LEADS,
    ProjectAction.POST_UPDATE: _LEADS,
    ProjectAction.POST_CALL: _TEAM,
    ProjectAction.MARK_ATTENDANCE: _TEAM,
    ProjectAction.ANSWER_ADVICE: _TEAM,
    ProjectAction.MANAGE_CAMPAIGN: _LEADS,
    ProjectAction.SEE_MONEY: _LEADS | {ProjectRole.FINANCE},
}
#: actions that only read: a read-only token may do them, and the lab's admins may too (audit)
READ_ONLY_ACTIONS = frozenset({ProjectAction.SEE_MONEY})


class Scope(str, Enum):
    """What an API token may be used for (on top of what its owner may do)."""

    READ = "read"  #: read what the owner may read (every token has it)
    CONTRIBUTE = "contribute"  #: write as the owner: propose, edit, post, manage their organizations, notifications
    MODERATE = "moderate"  #: work the review queue (moderators and admins only)
    ADMIN = "admin"  #: verify organizations, grant roles (admins only)


ALL_SCOPES = frozenset(Scope)
#: the scopes a role can use; a token asks for a subset
ROLE_SCOPES: Mapping[Role, frozenset[Scope]] = {
    Role.CITIZEN: frozenset({Scope.READ, Scope.CONTRIBUTE}),
    Role.MODERATOR: frozenset({Scope.READ, Scope.CONTRIBUTE, Scope.MODERATE}),
    Role.ADMIN: ALL_SCOPES,
}


@dataclass(frozen=True)
class Actor:
    """Built once per request (web session or bearer token) by colab.identity; services take it as it is.

    Project team roles come the same way: `project_roles` (project id → role), loaded with the actor,
    read by `may_act_on_project`, with a database fallback (colab.projects.roles) for hand-made actors.
    """

    user_id: int | None = None
    role: Role = Role.CITIZEN
    token_id: int | None = None
    #: what the credential allows; a web session (or the operator's command line) has every scope
    scopes: frozenset[Scope] = ALL_SCOPES
    #: organization id → role there; None when not loaded (an Actor made by hand: ask the database)
    memberships: Mapping[int, MembershipRole] | None = field(default=None, compare=False, hash=False)
    #: the server-side web session this request uses, if any
    session_id: int | None = None
    #: project id → the actor's role in its team; None when not loaded (ask colab.projects.roles)
    project_roles: Mapping[int, ProjectRole] | None = field(default=None, compare=False, hash=False)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_admin(self) -> bool:
        return self.is_authenticated and self.role is Role.ADMIN and Scope.ADMIN in self.scopes

    @property
    def is_moderator(self) -> bool:
        return self.is_authenticated and self.role in (Role.MODERATOR, Role.ADMIN) and Scope.MODERATE in self.scopes

    @property
    def may_write(self) -> bool:
        """Writing as the owner needs the `contribute` scope (sessions have it)."""
        return self.is_authenticated and Scope.CONTRIBUTE in self.scopes


ANONYMOUS = Actor()


def require_login(actor: Actor) -> int:
    """Return the acting user's id; anonymous actors are refused."""
    if actor.user_id is None:
        raise unauthenticated()
    return actor.user_id


def require_admin(actor: Actor) -> int:
    """Only an admin may go on."""
    user_id = require_login(actor)
    if not actor.is_admin:
        raise forbidden("Réservé aux administrateurs du Colab.")
    return user_id


def require_moderator(actor: Actor) -> int:
    """Only a moderator (or an admin) may go on."""
    user_id = require_login(actor)
    if not actor.is_moderator:
        raise forbidden("Réservé aux modérateurs du Colab.")
    return user_id


def require_write(actor: Actor) -> int:
    """Writing needs a login, and a token needs the `contribute` scope."""
    user_id = require_login(actor)
    if not actor.may_write:
        raise forbidden("Ce jeton ne permet que la lecture (portée « contribute » absente).")
    return user_id


def may_manage_organization(actor: Actor, role_there: MembershipRole | None) -> bool:
    """Admins and an organization's managers manage it: its members and its challenges."""
    return actor.is_admin or role_there is MembershipRole.MANAGER


def may_act_on_project(actor: Actor, role_there: ProjectRole | None, action: ProjectAction) -> bool:
    """The team's rights, in one place: what the actor's role in a project's team lets them do there.

    Services call colab.projects.roles.require_project_action, which loads the role and asks this."""
    if not actor.is_authenticated:
        return False
    if action in READ_ONLY_ACTIONS:
        return actor.is_admin or (role_there is not None and role_there in PROJECT_PERMISSIONS[action])
    return actor.may_write and role_there is not None and role_there in PROJECT_PERMISSIONS[action]


def may_read_review_rounds(actor: Actor, author_id: int) -> bool:
    """The moderators' decisions and messages on a submission: for its author and the moderators."""
    return actor.is_moderator or (actor.user_id is not None and actor.user_id == author_id)


def may_see_under_review(actor: Actor) -> bool:
    """Content submitted but not yet public (ideas, challenges of unverified organizations): moderators."""
    return actor.is_moderator


def grantable_scopes(actor: Actor) -> frozenset[Scope]:
    """The scopes a new token of the actor may carry: what their role can use, within the credential in use."""
    return ROLE_SCOPES[actor.role] & actor.scopes if actor.is_authenticated else frozenset()


def parse_scopes(values: Iterable[str]) -> frozenset[Scope]:
    """Scopes by name (unknown names are ignored by the caller's check); `read` is always included."""
    known = {s.value: s for s in Scope}
    return frozenset({Scope.READ, *(known[v] for v in values if v in known)})


__all__ = [
    "ALL_SCOPES",
    "ANONYMOUS",
    "Actor",
    "ColabError",
    "MembershipRole",
    "PROJECT_PERMISSIONS",
    "ProjectAction",
    "ProjectRole",
    "Role",
    "Scope",
    "grantable_scopes",
    "may_act_on_project",
    "may_manage_organization",
    "may_read_review_rounds",
    "may_see_under_review",
    "require_admin",
    "require_login",
    "require_moderator",
    "require_write",
]
