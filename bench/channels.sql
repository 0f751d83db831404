-- channels.sql - the DuckDB twin of the channels report's counts and money
-- (docs/reports.md "Channels"; bench/run.sh): per channel (a deal's own,
-- else its client's; '' is none), over the month [$from, $to) with $to =
-- min(month end, as_of): leads (deals created), deals won and their
-- revenue (closed won), and new clients (the client's channel; its first
-- won deal before $as_of closed in the month). Rows: channel, metric,
-- value, nonzero only. Spend and the ratios come from these and the spend
-- table, so the figures compared are these four.
WITH d AS (
  SELECT d.id, d.status, d.amount, d.created_at, d.closed_at,
         coalesce(nullif(d.channel, ''), nullif(c.channel, ''), '-') AS ch
  FROM deals d LEFT JOIN clients c ON c.id = d.client_id
),
leads AS (
  SELECT ch, 'leads' AS metric, count(*) AS value FROM d
  WHERE created_at >= $from AND created_at < $to GROUP BY ch
),
won AS (
  SELECT ch, count(*) AS n, sum(coalesce(amount, 0)) AS rev FROM d
  WHERE status = 'won' AND closed_at >= $from AND closed_at < $to GROUP BY ch
),
firsts AS (
  SELECT client_id, min(closed_at) AS t FROM deals
  WHERE status = 'won' AND closed_at < $as_of AND client_id IS NOT NULL GROUP BY client_id
),
newc AS (
  SELECT coalesce(nullif(c.channel, ''), '-') AS ch, 'new_clients' AS metric, count(*) AS value
  FROM firsts f JOIN clients c ON c.id = f.client_id
  WHERE f.t >= $from AND f.t < $to GROUP BY 1
)
SELECT ch, metric, value FROM leads
UNION ALL SELECT ch, 'deals_won', n FROM won
UNION ALL SELECT ch, 'revenue', rev FROM won
UNION ALL SELECT ch, metric, value FROM newc
