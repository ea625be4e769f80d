-- pgbench script: each session is one moderator (one item at a time, as the database enforces) and claims the next pending item exactly as moderation.queue does on
-- PostgreSQL (pick with SKIP LOCKED, lease, log in one statement), then decides it (so the next claim
-- takes a fresh item from the head of the queue). Run by bench/review_queue.py.
\set m :client_id
WITH me AS (SELECT id FROM "user" WHERE email = 'moderateur' || :m || '@bench.example'),
next AS (
  SELECT id FROM review_item
  WHERE status = 'PENDING' AND author_id <> (SELECT id FROM me)
    AND (lease_expires_at IS NULL OR lease_expires_at < now())
  ORDER BY queue_rank, submitted_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
), claimed AS (
  UPDATE review_item SET claimed_by_id = (SELECT id FROM me), lease_expires_at = now() + interval '15 minutes'
  FROM next WHERE review_item.id = next.id RETURNING review_item.id
), logged AS (
  INSERT INTO moderation_log (at, action, message, actor_id, item_id)
  SELECT now(), 'CLAIMED', '', (SELECT id FROM me), id FROM claimed
)
SELECT id AS item FROM claimed \gset
UPDATE review_item SET status = 'DECIDED', decision = 'ADMIT', decided_at = now(), lease_expires_at = NULL
WHERE id = :item AND claimed_by_id = (SELECT id FROM "user" WHERE email = 'moderateur' || :m || '@bench.example');
