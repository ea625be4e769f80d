"""The permission predicates, written once: roles, organization roles and token scopes (owner ∩ scopes)."""

from colab.actors import (
    ALL_SCOPES,
    Actor,
    MembershipRole,
    Role,
    Scope,
    grantable_scopes,
    may_manage_organization,
    may_read_review_rounds,
)

READ_ONLY = frozenset({Scope.READ})


def test_a_token_without_the_moderate_scope_is_no_moderator() -> None:
    assert Actor(user_id=1, role=Role.MODERATOR).is_moderator
    assert not Actor(user_id=1, role=Role.MODERATOR, token_id=3, scopes=READ_ONLY).is_moderator


def test_a_scope_gives_nothing_the_owner_lacks() -> None:
    citizen = Actor(user_id=1, role=Role.CITIZEN, token_id=3, scopes=ALL_SCOPES)
    assert not citizen.is_moderator and not citizen.is_admin


def test_admin_rights_need_the_admin_scope() -> None:
    assert Actor(user_id=1, role=Role.ADMIN).is_admin
    assert not Actor(user_id=1, role=Role.ADMIN, token_id=2, scopes=frozenset({Scope.READ, Scope.MODERATE})).is_admin


def test_writing_needs_the_contribute_scope() -> None:
    assert Actor(user_id=1).may_write
    assert not Actor(user_id=1, token_id=2, scopes=READ_ONLY).may_write
    assert not Actor().may_write


def test_admins_and_managers_manage_an_organization() -> None:
    assert may_manage_organization(Actor(user_id=1, role=Role.ADMIN), None)
    assert may_manage_organization(Actor(user_id=1), MembershipRole.MANAGER)
    assert not may_manage_organization(Actor(user_id=1), MembershipRole.MEMBER)


def test_review_rounds_are_for_the_author_and_moderators() -> None:
    assert may_read_review_rounds(Actor(user_id=7), author_id=7)
    assert may_read_review_rounds(Actor(user_id=1, role=Role.MODERATOR), author_id=7)
    assert not may_read_review_rounds(Actor(user_id=1), author_id=7)
    assert not may_read_review_rounds(Actor(), author_id=7)


def test_a_token_grants_only_what_its_role_can_use_within_the_credential() -> None:
    assert grantable_scopes(Actor(user_id=1)) == {Scope.READ, Scope.CONTRIBUTE}
    assert grantable_scopes(Actor(user_id=1, role=Role.ADMIN)) == ALL_SCOPES
    narrowed = Actor(user_id=1, role=Role.ADMIN, token_id=2, scopes=frozenset({Scope.READ, Scope.CONTRIBUTE}))
    assert grantable_scopes(narrowed) == {Scope.READ, Scope.CONTRIBUTE}
    assert grantable_scopes(Actor()) == frozenset()
