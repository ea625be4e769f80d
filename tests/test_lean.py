"""Lean reads (colab/lean.py): the records of a hot list are the models' rows, in the same order, and the
page and its capped count come back in one statement."""

from __future__ import annotations

from datetime import timedelta

import pytest

from colab import counting, lean
from colab.actors import ANONYMOUS
from colab.challenges import service
from colab.challenges.service import ChallengeFilter, ChallengeOrder
from colab.needs import Need
from colab.organizations.models import MembershipRole
from moderation.models import ReportReason
from moderation.reports import ReportRule, report_content
from tests.conftest import SQLCounter, actor_of, make_challenge, make_org, make_user, territory, theme
from tests.ideas.factories import make_moderator
from tests.moderation.factories import established


async def _seed() -> None:
    places = [(await territory(nis)).id for nis in ("92094", "62063")]
    themes = [(await theme(slug)).id for slug in ("mobilite", "energie")]
    for n in range(7):
        await make_challenge(
            title=f"Vélos partagés numéro {n}" if n % 2 else f"Potager collectif numéro {n}",
            territory_id=places[n % 2],
            theme_ids=themes[: 1 + n % 2],
            needs=[Need.FUNDS] if n % 3 else [Need.HANDS],
        )


FILTERS = [
    ChallengeFilter(),
    ChallengeFilter(search="vélo partagé"),
    ChallengeFilter(need=Need.HANDS),
    ChallengeFilter(order=ChallengeOrder.CLOSING_SOON),
]


@pytest.mark.parametrize("filters", FILTERS, ids=["all", "search", "need", "closing"])
async def test_records_are_the_models_rows_in_the_same_order(db: None, filters: ChallengeFilter) -> None:
    await _seed()
    for offset, limit in ((0, 3), (3, 3), (6, 3), (9, 3)):
        models, total = await service.list_challenges(ANONYMOUS, filters, offset=offset, limit=limit)
        records, lean_total = await service.challenge_records(
            ANONYMOUS, filters, offset=offset, limit=limit, with_body=True, with_themes=True
        )
        linked = await service.theme_ids_by_challenge([m.id for m in models])
        assert [sorted(r.theme_ids or ()) for r in records] == [sorted(linked[m.id]) for m in models]
        assert [(r.id, r.title, r.body, r.needs, r.status, r.ideas_open_until) for r in records] == [
            (m.id, m.title, m.body, m.needs, m.status, m.ideas_open_until) for m in models
        ]
        assert lean_total == total  # past the last page too (an empty page counts on its own)
        assert [r.accepting_ideas for r in records] == [m.accepting_ideas for m in models]


async def test_the_page_and_its_capped_count_are_one_statement(
    db: None, sql: SQLCounter, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _seed()
    sql.reset()
    records, total = await service.challenge_records(ANONYMOUS, ChallengeFilter(), offset=0, limit=2)
    assert (len(records), total) == (2, 7)
    # the page with its count, the hidden subjects left out inside the same statement
    assert len(sql.statements) == 1 and "COUNT(*)" in sql.statements[0] and "reported_content" in sql.statements[0]
    monkeypatch.setattr(counting, "COUNT_CAP", 4)
    _, capped = await service.challenge_records(ANONYMOUS, ChallengeFilter(), offset=0, limit=2)
    assert capped == 5 and not counting.is_exact(capped)
    # a ranked search counts its matches in the same pass (a window), capped the same way
    sql.reset()
    found, searched = await service.challenge_records(ANONYMOUS, ChallengeFilter(search="numéro"), offset=0, limit=2)
    assert (len(found), searched) == (2, 5) and "OVER ()" in sql.statements[-1]


async def test_a_kept_statement_never_shows_a_challenge_hidden_since(db: None) -> None:
    """colab.lean.page keeps the compiled statement of a public list by its filters: the hidden subjects are a
    subquery of that statement, so a challenge hidden by reports since is left out at once."""
    await _seed()
    first, total = await service.challenge_records(ANONYMOUS, ChallengeFilter(), offset=0, limit=20)
    kept = len(lean._statements)
    again, _ = await service.challenge_records(ANONYMOUS, ChallengeFilter(), offset=0, limit=20)
    assert again == first and len(lean._statements) == kept  # the same statement, not compiled again
    rule = ReportRule(threshold=1, min_account_age=timedelta(days=7))
    reporter = actor_of(await established("Signaleuse Noël", days=30))
    await report_content(reporter, "CHALLENGE", first[0].id, ReportReason.SPAM, "Publicité.", rule=rule)
    after, after_total = await service.challenge_records(ANONYMOUS, ChallengeFilter(), offset=0, limit=20)
    assert [r.id for r in after] == [r.id for r in first[1:]] and after_total == total - 1


async def test_a_detail_read_sees_what_find_challenge_sees(db: None, sql: SQLCounter) -> None:
    """colab.challenges.service.challenge_record: the same visibility as find_challenge, in one statement."""
    member = await make_user(name="Membre Collard")
    org = await make_org(verified=False, members={member: MembershipRole.MEMBER})
    pending = await make_challenge(org=org, author=member, title="Un défi en attente")
    public = await make_challenge(title="Un défi public")
    hidden = await make_challenge(title="Un défi signalé")
    reporter = actor_of(await established("Signaleur Piette", days=30))
    rule = ReportRule(threshold=1, min_account_age=timedelta(days=7))
    await report_content(reporter, "CHALLENGE", hidden.id, ReportReason.SPAM, "Publicité.", rule=rule)
    moderator = actor_of(await make_moderator())
    for actor in (ANONYMOUS, actor_of(member), moderator):
        for challenge in (pending, public, hidden):
            found = await service.find_challenge(actor, challenge.id)
            sql.reset()
            record = await service.challenge_record(actor, challenge.id)
            if found is None:
                assert record is None
            else:
                assert record is not None and (record.id, record.body) == (found.id, found.body)
            if record is not None and actor is ANONYMOUS:
                assert len(sql.statements) == 1
    assert await service.challenge_record(ANONYMOUS, hidden.id) is None
    assert await service.challenge_record(moderator, hidden.id) is not None
    assert await service.challenge_record(ANONYMOUS, 2**31 - 1) is None
