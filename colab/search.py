"""French full-text search, the same on PostgreSQL and SQLite: stems computed once in Python, matched by each
database's own index.

Every searchable row keeps `search_text`: its words lower-cased, stemmed with the Snowball French stemmer
*before* accents are folded ("partagées", "partagés", "partagé" → "partag"), then accent-free, with the plural
"s" Snowball keeps after a vowel dropped ("vélos" → "velo"). A query goes through the same steps, so
"vélos partagés" finds "vélo partagé" and "velos".

- PostgreSQL: a stored generated column `search_vector` (`to_tsvector('simple', search_text)`) with a GIN index,
  matched with `@@`, ranked by `ts_rank` over the stored vector (ranking re-parsed every match's text before:
  three times the CPU at 5,000 matches, measured in bench/RESULTS.md, "A million rows").
  PostgreSQL's `french` configuration with `unaccent` folds accents *before* stemming (its mapping runs
  unaccent first), which splits "partagées" from "partagé": measured, see graphql/README.md (search).
- SQLite: an FTS5 table over the same column (`unicode61 remove_diacritics 2`), kept in step by triggers,
  matched with MATCH, ranked by bm25.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, TypeVar

import snowballstemmer
from tortoise import connections
from tortoise.expressions import RawSQL
from tortoise.models import Model
from tortoise.queryset import QuerySet

from colab.validation import fold

#: tables with a `search_text` column and a full-text index over it, with the status of their public rows
SEARCHABLE = {"challenge": "PUBLISHED", "idea": "ADMITTED"}
#: words of a query taken into account
MAX_QUERY_TERMS = 8
_WORD = re.compile(r"\w+", re.UNICODE)
#: words that say nothing of a subject (Snowball's French stop list, its most common part), accent-free
_STOP = frozenset(
    """au aux avec ce ces cet cette dans de des du elle elles en est et eux il ils je la le les leur leurs lui ma
    mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sont sur ta te tes toi
    ton tu un une vos votre vous etre avoir sans plus tres tout tous toute toutes comme aussi dont y""".split()
)
_TERM = re.compile(r"^[a-z0-9]+$")
M = TypeVar("M", bound=Model)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    return snowballstemmer.stemmer("french")


@lru_cache(maxsize=65536)
def _term(word: str) -> str:
    stem = fold(_stemmer().stemWord(word))
    if len(stem) > 3 and stem.endswith("s"):  # Snowball keeps the plural after a vowel: vélos, autos
        stem = stem[:-1]
    return stem


def terms(text: str) -> list[str]:
    """The search terms of a text, in order (duplicates kept: they weigh in the ranking)."""
    words = _WORD.findall(text.casefold().replace("_", " "))
    found = (_term(w) for w in words if len(w) > 1 and fold(w) not in _STOP)
    return [t for t in found if _TERM.match(t)]


def search_text(*parts: str) -> str:
    """What a searchable row stores: its terms, space-separated."""
    return " ".join(terms(" ".join(parts)))


def query_terms(query: str) -> list[str]:
    """The distinct terms of a search query (at most MAX_QUERY_TERMS): only [a-z0-9], safe in a query literal."""
    unique = list(dict.fromkeys(terms(query)))
    return unique[:MAX_QUERY_TERMS]


def matching(query: QuerySet[M], table: str, text: str) -> tuple[QuerySet[M], bool]:
    """Narrow `query` (over `table`) to the rows matching every term of `text`, with a `search_rank` annotation
    (higher is better). Returns the query and whether its rows carry `search_rank` (an empty text: unchanged)."""
    if table not in SEARCHABLE:
        raise ValueError(table)
    words = query_terms(text)
    if not words:
        # nothing to look for: no filter; only punctuation or stop words: nothing matches
        return (query.filter(id__in=[]) if text.strip() else query), False
    # the terms are [a-z0-9]+ (checked by query_terms), so they cannot break out of the literal
    if connections.get("default").capabilities.dialect == "postgres":
        tsquery = f"to_tsquery('simple', '{' & '.join(words)}')"
        vector = f'"{table}"."search_vector"'
        query = query.annotate(
            search_hit=RawSQL(f"{vector} @@ {tsquery}"), search_rank=RawSQL(f"ts_rank({vector}, {tsquery})")
        )
    else:
        match = " ".join(f'"{w}"' for w in words)
        hits = f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH '{match}'"
        row = f'"{table}"."id"'
        rank = f"SELECT -bm25({table}_fts) FROM {table}_fts WHERE {table}_fts MATCH '{match}' AND rowid = {row}"
        query = query.annotate(search_hit=RawSQL(f"{row} IN ({hits})"), search_rank=RawSQL(f"({rank})"))
    # `= true` written in the SQL, not sent as a parameter: PostgreSQL folds `hit = true` into `hit` and so
    # matches the GIN index; with `= $n` a generic plan (asyncpg prepares, PostgreSQL reuses a generic plan
    # after five runs) cannot, and computed to_tsvector on every row: 5 s at 1,000,000 challenges
    return query.filter(search_hit=RawSQL("true")), True


async def install_indexes(client: Any) -> None:
    """The full-text indexes over `search_text` (run by migrations; idempotent)."""
    if client.capabilities.dialect == "postgres":
        for table, public in SEARCHABLE.items():
            # PostgreSQL keeps the column in step with search_text; the models never read or write it. The
            # public rows have their own index: the planner otherwise ANDs the whole-table one with a bitmap of
            # every public row (300,000 entries, 30 ms, at 1,000,000 ideas)
            await client.execute_script(
                f"""ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS search_vector tsvector
                      GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
                    CREATE INDEX IF NOT EXISTS {table}_search_vector ON "{table}" USING GIN (search_vector);
                    CREATE INDEX IF NOT EXISTS {table}_search_public ON "{table}" USING GIN (search_vector)
                      WHERE status = '{public}';
                    DROP INDEX IF EXISTS {table}_search_fts;"""
            )
        return
    for table in SEARCHABLE:
        await client.execute_script(
            f"""CREATE VIRTUAL TABLE IF NOT EXISTS {table}_fts USING fts5(
                  search_text, content='{table}', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
                CREATE TRIGGER IF NOT EXISTS {table}_fts_insert AFTER INSERT ON "{table}" BEGIN
                  INSERT INTO {table}_fts(rowid, search_text) VALUES (new.id, new.search_text);
                END;
                CREATE TRIGGER IF NOT EXISTS {table}_fts_delete AFTER DELETE ON "{table}" BEGIN
                  INSERT INTO {table}_fts({table}_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
                END;
                CREATE TRIGGER IF NOT EXISTS {table}_fts_update AFTER UPDATE OF search_text ON "{table}" BEGIN
                  INSERT INTO {table}_fts({table}_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
                  INSERT INTO {table}_fts(rowid, search_text) VALUES (new.id, new.search_text);
                END;
                INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild');"""
        )


async def drop_indexes(client: Any) -> None:
    for table in SEARCHABLE:
        if client.capabilities.dialect == "postgres":
            await client.execute_script(
                f"""DROP INDEX IF EXISTS {table}_search_fts; DROP INDEX IF EXISTS {table}_search_vector;
                    DROP INDEX IF EXISTS {table}_search_public;
                    ALTER TABLE "{table}" DROP COLUMN IF EXISTS search_vector;"""
            )
        else:
            await client.execute_script(
                f"""DROP TRIGGER IF EXISTS {table}_fts_insert; DROP TRIGGER IF EXISTS {table}_fts_delete;
                    DROP TRIGGER IF EXISTS {table}_fts_update; DROP TABLE IF EXISTS {table}_fts;"""
            )
