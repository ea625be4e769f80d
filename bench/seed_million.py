"""Seed a freshly migrated PostgreSQL database with N challenges, N ideas and N review items, in SQL.

    .venv/bin/python bench/seed_million.py --database-url postgres://postgres@127.0.0.1:5432/colab_million_1m
    .venv/bin/python bench/seed_million.py --database-url postgres://.../colab_million_10k --rows 10000

The database must exist; the script migrates it (colab.db.migrate: schema, provinces, communes, themes) and
refuses a database that already holds challenges. Everything else is INSERT ... SELECT over generate_series,
run through asyncpg: no ORM, no row crosses the wire.

The spread: N/20 users, N/200 organizations (at least 20 each), challenges over all communes, 1-3 themes each,
needs booleans, statuses mostly PUBLISHED (some CLOSED, PENDING_REVIEW, CHANGES_REQUESTED, REJECTED), created
over three years; ideas linked to a challenge (80%) and an author, 1-3 themes; one review item per idea
(PENDING for the SUBMITTED ideas, about half of them; DECIDED for the admitted, rejected and sent-back ones;
WITHDRAWN), with the flags moderation.checks raises (priority = the sum of their scores, queue_rank = minus it)
and the author's recusal, as moderation.queue.enqueue writes them.

Text: a vocabulary of a few hundred French words, each turned into its search term by colab.search.search_text
in Python; SQL draws 12 words per text (skewed: the first words of the list are the common ones) into a pool of
texts, and each row takes one. `search_text` is therefore exactly what colab.search.search_text(title, summary,
plain_text(body)) gives; "vélos partagés" matches about 0.4% of the rows.

Speed: the secondary indexes of the three big tables are dropped before the inserts and built again after (one
sort each instead of a million index insertions), foreign-key triggers are off during the inserts
(session_replication_role = replica: the generated ids are consistent by construction), then ANALYZE.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

import asyncpg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from colab.db import migrate  # noqa: E402
from colab.search import search_text  # noqa: E402
from moderation.checks import SCORES  # noqa: E402
from moderation.models import FlagCode  # noqa: E402
from moderation.sanitize import plain_text  # noqa: E402

#: the most common words first (drawn with a skew towards the start): "vélos" and "partagés" are common words
VOCABULARY = """
quartier commune projet habitants citoyens école jeunes aînés mobilité énergie solaire potager jardin forêt
rivière patrimoine culture sport santé emploi vélos partagés réemploi numérique marché local circuit court
tiers-lieu bibliothèque musée place parc sentier chemin route gare bus train voiture piétons trottoir
éclairage sécurité propreté déchets compost recyclage eau pluie inondation sécheresse arbres haies prairie
abeilles biodiversité oiseaux chauve-souris mare étang source fontaine lavoir moulin château église abbaye
ferme agriculteurs producteurs fromage pain légumes fruits vergers pommes poires cerises fraises miel lait
viande bière vin coopérative épicerie boulangerie boucherie restaurant café brasserie cantine repas cuisine
alimentation solidarité entraide voisins famille enfants parents crèche garderie plaine stage vacances
animation fête festival concert théâtre cinéma danse musique chorale fanfare exposition atelier formation
apprentissage langue lecture écriture informatique ordinateur internet réseau fibre antenne téléphone
application plateforme données carte inventaire diagnostic étude enquête consultation participation budget
subvention financement crowdfunding mécénat partenariat association fondation entreprise indépendants
commerçants artisans métiers bois pierre brique toiture isolation chauffage pompe chaleur photovoltaïque
éolienne hydrogène batterie borne recharge électrique covoiturage autopartage navette taxi vélo cargo
trottinette marche randonnée balade promenade tourisme gîte camping hôtel accueil réfugiés migrants
intégration handicap accessibilité rampe ascenseur logement habitat rénovation insonorisation quartiers
village hameau ville province région wallonie liège namur charleroi mons arlon tournai verviers dinant
ardenne condroz hesbaye famenne gaume borinage brabant hainaut luxembourg meuse sambre ourthe amblève semois
lesse vesdre senne dyle escaut canal écluse pont tunnel viaduc passerelle piste cyclable ravel voie verte
parking stationnement circulation vitesse radar carrefour rond-point signalisation panneau affichage
information communication journal bulletin radio télévision vidéo photo archives mémoire histoire
généalogie récit témoignage conte légende tradition folklore carnaval géants procession kermesse brocante
vide-grenier donnerie repair café outils prêt bricolage couture tricot menuiserie soudure mécanique
électricité plomberie peinture sculpture poterie céramique vitrail fresque graffiti mural jeux ludothèque
échecs cartes football basket tennis natation piscine patinoire salle omnisports terrain stade vestiaire
club équipe bénévoles volontaires animateurs éducateurs enseignants élèves étudiants université haute
recherche science laboratoire innovation climat transition sobriété économie circulaire zéro plastique
emballage vrac consigne bouteille verre papier carton textile vêtements chaussures meubles électroménager
""".split()
WORDS_PER_TEXT = 12
POOL = 50_000
STATUS_SPREAD = "PUBLISHED:0.85 CLOSED:0.07 PENDING_REVIEW:0.03 CHANGES_REQUESTED:0.02 REJECTED:0.03"


def vocabulary() -> tuple[list[str], list[str]]:
    """Words with exactly one search term each (so a text's terms are its words' terms, in order)."""
    words, stems = [], []
    for word in VOCABULARY:
        term = search_text(word)
        if term and " " not in term:
            words.append(word)
            stems.append(term)
    return words, stems


def _pick(spread: str, draw: str) -> str:
    """A CASE choosing a value from "VALUE:share ..." with the uniform `draw` in [0, 1)."""
    cases, edge = [], 0.0
    for part in spread.split():
        value, share = part.split(":")
        edge += float(share)
        cases.append(f"WHEN {draw} < {edge:.4f} THEN '{value}'")
    return f"CASE {' '.join(cases)} ELSE '{value}' END"


def statements(rows: int) -> list[tuple[str, str]]:
    users, orgs = max(100, rows // 20), max(20, rows // 200)
    # h(n, salt): a cheap deterministic pseudo-random draw in [0, 1) per row (random() would do, but this is
    # repeatable: the 10k and 1M databases share their spread)
    h = "((hashint8(({n})::bigint * 7919 + {s}) & 2147483647)::float8 / 2147483648.0)"

    def draw(n: str, salt: int) -> str:
        return h.format(n=n, s=salt)

    flag_cases = [
        (FlagCode.NEW_ACCOUNT, 0.08),
        (FlagCode.SHORT_BODY, 0.05),
        (FlagCode.MANY_LINKS, 0.02),
        (FlagCode.PROBABLE_DUPLICATE, 0.03),
        (FlagCode.BLOCKED_WORDS, 0.01),
    ]
    flag_union = " UNION ALL ".join(
        f"SELECT id, '{code.value}' AS code, {SCORES[code]} AS score FROM review_item "
        f"WHERE {draw('id', 100 + i)} < {share}"
        for i, (code, share) in enumerate(flag_cases)
    )
    span = "interval '3 years'"
    return [
        (
            "users",
            f"""INSERT INTO "user" (email, display_name, password_hash, role, is_active, created_at)
            SELECT 'habitant' || n || '@seed.example', 'Habitant ' || n, 'x', 'CITIZEN', true,
                   now() - {span} - interval '30 days' + {span} * n / {users}
            FROM generate_series(1, {users}) AS n""",
        ),
        (
            "organizations",
            f"""INSERT INTO organization (name, slug, kind, description, website, verified, verified_at, created_at,
                                      territory_id)
            SELECT 'Organisation ' || n, 'seed-org-' || n,
                   (ARRAY['COMMUNE','ASSOCIATION','INNOVATION_HUB','UNIVERSITY','PUBLIC_AGENCY'])[1 + n % 5], '', '',
                   n % 4 <> 0, CASE WHEN n % 4 <> 0 THEN now() END, now() - {span},
                   (SELECT ids[1 + n % cardinality(ids)] FROM communes)
            FROM generate_series(1, {orgs}) AS n""",
        ),
        (
            "text pool",
            f"""CREATE TEMP TABLE pool AS
            SELECT p, upper(left(t, 1)) || substr(t, 2) AS title, s AS summary, '<p>' || b || '.</p>' AS body,
                   terms AS search_text
            FROM (
              SELECT p, array_to_string(w[1:4], ' ') AS t, array_to_string(w[5:8], ' ') || '.' AS s,
                     array_to_string(w[9:12], ' ') AS b, array_to_string(st, ' ') AS terms
              FROM (
                SELECT p, array_agg(v.word ORDER BY k) AS w, array_agg(v.stem ORDER BY k) AS st
                FROM generate_series(0, {POOL - 1}) AS p
                CROSS JOIN generate_series(1, {WORDS_PER_TEXT}) AS k
                JOIN vocab AS v ON v.i = 1 + floor(
                  (SELECT count(*) FROM vocab) * power({draw("p * 16 + k", 7)}, 2))::int
                GROUP BY p
              ) AS drawn
            ) AS texts""",
        ),
        (
            "challenges",
            f"""INSERT INTO challenge (id, title, summary, body, needs_funds, needs_team, needs_advice, needs_hands,
                                   ideas_open_until, status, search_text, created_at, updated_at, published_at,
                                   closed_at, author_id, organization_id, territory_id)
            SELECT n, pool.title, pool.summary, pool.body, {draw("n", 1)} < 0.5, {draw("n", 2)} < 0.4,
                   {draw("n", 3)} < 0.6, {draw("n", 4)} < 0.3,
                   made + interval '1 day' * (30 + floor({draw("n", 5)} * 180)), status, pool.search_text,
                   made, made, CASE WHEN status IN ('PUBLISHED', 'CLOSED') THEN made + interval '1 day' END,
                   CASE WHEN status = 'CLOSED' THEN made + interval '20 days' END,
                   (SELECT min(id) FROM "user" WHERE email LIKE '%@seed.example') + floor({draw("n", 8)} * {users}),
                   (SELECT min(id) FROM organization WHERE slug LIKE 'seed-org-%') + floor({draw("n", 9)} * {orgs}),
                   (SELECT ids[1 + floor({draw("n", 10)} * cardinality(ids))::int] FROM communes)
            FROM (SELECT n, now() - {span} + {span} * n / {rows} AS made, {_pick(STATUS_SPREAD, draw("n", 6))} AS status
                  FROM generate_series(1, {rows}) AS n) AS c
            JOIN pool ON pool.p = (n::bigint * 7919) % {POOL}""",
        ),
        (
            "challenge themes",
            f"""INSERT INTO challenge_theme (challenge_id, theme_id)
            SELECT n, (SELECT ids[1 + (floor({draw("n", 11)} * 14)::int + k * 5) % cardinality(ids)]
                                FROM themes)
            FROM generate_series(1, {rows}) AS n
            CROSS JOIN generate_series(0, 2) AS k
            WHERE k < 1 + floor({draw("n", 12)} * 3)""",
        ),
        (
            "ideas",
            f"""INSERT INTO idea (id, title, summary, body, needs_funds, needs_team, needs_advice, needs_hands, status,
                              search_text, created_at, updated_at, submitted_at, decided_at, author_id, challenge_id,
                              territory_id)
            SELECT n, pool.title, pool.summary, pool.body, {draw("n", 21)} < 0.4, {draw("n", 22)} < 0.5,
                   {draw("n", 23)} < 0.5, {draw("n", 24)} < 0.4, status, pool.search_text,
                   made, made, made + interval '1 hour',
                   CASE WHEN status IN ('ADMITTED', 'REJECTED', 'CHANGES_REQUESTED')
                        THEN made + interval '1 hour' + interval '1 minute' * floor({draw("n", 25)} * 4320) END,
                   (SELECT min(id) FROM "user" WHERE email LIKE '%@seed.example') + floor({draw("n", 26)} * {users}),
                   CASE WHEN {draw("n", 27)} < 0.8 THEN 1 + floor({draw("n", 28)} * {rows}) END,
                   (SELECT ids[1 + floor({draw("n", 29)} * cardinality(ids))::int] FROM communes)
            FROM (SELECT n, now() - {span} + {span} * n / {rows} AS made,
                         {_pick("SUBMITTED:0.55 ADMITTED:0.30 CHANGES_REQUESTED:0.05 REJECTED:0.07 WITHDRAWN:0.03",
                                draw("n", 20))} AS status
                  FROM generate_series(1, {rows}) AS n) AS i
            JOIN pool ON pool.p = (n::bigint * 104729 + 17) % {POOL}""",
        ),
        (
            "idea themes",
            f"""INSERT INTO idea_theme (idea_id, theme_id)
            SELECT n, (SELECT ids[1 + (floor({draw("n", 31)} * 14)::int + k * 3) % cardinality(ids)]
                                FROM themes)
            FROM generate_series(1, {rows}) AS n
            CROSS JOIN generate_series(0, 2) AS k
            WHERE k < 1 + floor({draw("n", 32)} * 3)""",
        ),
        (
            "review items",
            """INSERT INTO review_item (id, kind, subject_id, author_id, title, status, priority, queue_rank,
                                     submitted_at, decision, message, decided_at, decided_by_id)
            SELECT id, 'IDEA', id, author_id, title,
                   CASE status WHEN 'SUBMITTED' THEN 'PENDING' WHEN 'WITHDRAWN' THEN 'WITHDRAWN' ELSE 'DECIDED' END,
                   0, 0, submitted_at,
                   CASE status WHEN 'ADMITTED' THEN 'ADMIT' WHEN 'REJECTED' THEN 'REJECT'
                               WHEN 'CHANGES_REQUESTED' THEN 'REQUEST_CHANGES' END,
                   CASE WHEN status IN ('ADMITTED', 'REJECTED', 'CHANGES_REQUESTED') THEN 'Merci.' ELSE '' END,
                   decided_at,
                   CASE WHEN decided_at IS NOT NULL THEN (SELECT min(id) FROM "user" WHERE role = 'MODERATOR') END
            FROM idea""",
        ),
        (
            "review flags",
            f"""INSERT INTO review_flag (item_id, code, score, detail)
            SELECT id, code, score, 'seed' FROM ({flag_union}) AS flags""",
        ),
        (
            "priorities",
            """UPDATE review_item SET priority = f.total, queue_rank = -f.total
            FROM (SELECT item_id, sum(score) AS total FROM review_flag GROUP BY item_id) AS f
            WHERE f.item_id = review_item.id""",
        ),
        (
            "recusals",
            "INSERT INTO review_recusal (item_id, user_id) SELECT id, author_id FROM review_item",
        ),
        (
            "sequences",
            """SELECT setval('challenge_id_seq', (SELECT max(id) FROM challenge));
            SELECT setval('idea_id_seq', (SELECT max(id) FROM idea));
            SELECT setval('review_item_id_seq', (SELECT max(id) FROM review_item))""",
        ),
    ]


BIG_TABLES = ("challenge", "challenge_theme", "idea", "idea_theme", "review_item", "review_flag", "review_recusal")


async def seed(database_url: str, rows: int) -> None:
    started = time.perf_counter()
    await migrate(database_url)
    print(f"migrated in {time.perf_counter() - started:.1f} s", flush=True)
    conn = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        if await conn.fetchval("SELECT count(*) FROM challenge"):
            sys.exit("this database already holds challenges: seed a freshly migrated one")
        await conn.execute("SET maintenance_work_mem = '512MB'; SET work_mem = '128MB'; SET synchronous_commit = off")
        # a moderator decided the decided items
        await conn.execute(
            """INSERT INTO "user" (email, display_name, password_hash, role, is_active, created_at)
            VALUES ('moderation@seed.example', 'Modération', 'x', 'MODERATOR', true, now() - interval '4 years')"""
        )
        words, stems = vocabulary()
        await conn.execute("CREATE TEMP TABLE vocab (i int PRIMARY KEY, word text, stem text)")
        await conn.executemany(
            "INSERT INTO vocab VALUES ($1, $2, $3)",
            [(i + 1, w, s) for i, (w, s) in enumerate(zip(words, stems, strict=True))],
        )
        await conn.execute(
            """CREATE TEMP TABLE communes AS SELECT array_agg(id ORDER BY id) AS ids FROM territory
                 WHERE level = 'COMMUNE';
               CREATE TEMP TABLE themes AS SELECT array_agg(id ORDER BY position, id) AS ids FROM theme"""
        )
        print(f"vocabulary: {len(words)} words, {len(set(stems))} distinct terms", flush=True)
        indexes = await conn.fetch(
            """SELECT i.indexname, i.indexdef FROM pg_indexes AS i
               WHERE i.schemaname = 'public' AND i.tablename = ANY($1::text[])
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conname = i.indexname)""",
            list(BIG_TABLES),
        )
        for index in indexes:
            await conn.execute(f'DROP INDEX "{index["indexname"]}"')
        await conn.execute("SET session_replication_role = replica")
        for name, sql in statements(rows):
            step = time.perf_counter()
            async with conn.transaction():
                status = await conn.execute(sql)
            print(f"{name}: {status} in {time.perf_counter() - step:.1f} s", flush=True)
        await conn.execute("SET session_replication_role = DEFAULT")
        step = time.perf_counter()
        for index in indexes:
            await conn.execute(index["indexdef"])
        print(f"{len(indexes)} secondary indexes built in {time.perf_counter() - step:.1f} s", flush=True)
        step = time.perf_counter()
        await conn.execute("VACUUM ANALYZE")
        print(f"VACUUM ANALYZE in {time.perf_counter() - step:.1f} s", flush=True)
        sample = await conn.fetchrow("SELECT title, summary, body, search_text FROM challenge ORDER BY id DESC LIMIT 1")
        expected = search_text(sample["title"], sample["summary"], plain_text(sample["body"]))
        assert sample["search_text"] == expected, (sample, expected)
    finally:
        await conn.close()
    print(f"seeded {rows} challenges, ideas and review items in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="a freshly created PostgreSQL database")
    parser.add_argument("--rows", type=int, default=1_000_000, help="challenges, ideas and review items, each")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("PostgreSQL only")
    asyncio.run(seed(args.database_url, args.rows))


if __name__ == "__main__":
    main()
