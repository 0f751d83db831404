-- plan-fact of METRICS.md as SQL, the additive facts per user of org 1 over
-- [$from, $to), where the caller passes $to = min(period end, as_of) (UTC
-- seconds of the org's local period bounds; as_of exclusive). One row per
-- user: leads, calls, call_seconds, meetings, deals_won, revenue, payments.
-- Runs unchanged in SQLite and DuckDB (bench/run.sh checks it against
-- vo_pf_compute).
WITH
dl AS (SELECT owner_id AS u, count(*) AS leads FROM deals
       WHERE org_id = 1 AND created_at >= $from AND created_at < $to GROUP BY owner_id),
dw AS (SELECT owner_id AS u, count(*) AS won, sum(coalesce(amount, 0)) AS revenue FROM deals
       WHERE org_id = 1 AND status = 'won' AND closed_at >= $from AND closed_at < $to
       GROUP BY owner_id),
ac AS (SELECT user_id AS u,
              sum(CASE WHEN type = 'call' THEN 1 ELSE 0 END) AS calls,
              sum(CASE WHEN type = 'call' AND duration_s > 0 THEN duration_s ELSE 0 END)
                AS call_seconds,
              sum(CASE WHEN type = 'meeting' THEN 1 ELSE 0 END) AS meetings
       FROM activities WHERE org_id = 1 AND "at" >= $from AND "at" < $to GROUP BY user_id),
py AS (SELECT coalesce(d.owner_id, c.owner_id) AS u, sum(p.amount) AS payments
       FROM payments p LEFT JOIN deals d ON d.id = p.deal_id
            LEFT JOIN clients c ON c.id = p.client_id
       WHERE p.org_id = 1 AND p.paid_at >= $from AND p.paid_at < $to
       GROUP BY coalesce(d.owner_id, c.owner_id))
SELECT us.id AS u, coalesce(dl.leads, 0) AS leads, coalesce(ac.calls, 0) AS calls,
       coalesce(ac.call_seconds, 0) AS call_seconds, coalesce(ac.meetings, 0) AS meetings,
       coalesce(dw.won, 0) AS deals_won, coalesce(dw.revenue, 0) AS revenue,
       coalesce(py.payments, 0) AS payments
FROM users us
LEFT JOIN dl ON dl.u = us.id LEFT JOIN dw ON dw.u = us.id
LEFT JOIN ac ON ac.u = us.id LEFT JOIN py ON py.u = us.id
WHERE us.org_id = 1
ORDER BY us.id
