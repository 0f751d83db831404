-- The cohort funnel of METRICS.md as SQL: deals of pipeline $pipeline created
-- in [$from, $to) ($to = min(period end, as_of)), followed to $as_of
-- (exclusive), by owner. Rows (u, k, v): k = -3 cohort size, -2 won, -1 lost
-- (status at as_of), k = p >= 0 the deals that reached stage position p.
-- A deal reached p when p <= its furthest stage: the furthest stage of its
-- history before as_of and of its stage at as_of (its current stage when no
-- change is at or after as_of, else the last change before as_of, else its
-- first change); a deal without stored history entered its stage (or the
-- first stage) at creation; a deal won by as_of reached every stage.
-- Runs unchanged in SQLite and DuckDB (checked against vo_funnel_compute).
WITH
st AS (SELECT id, pipeline_id,
              ROW_NUMBER() OVER (PARTITION BY pipeline_id ORDER BY position, id) - 1 AS pos
       FROM stages WHERE org_id = 1),
nst AS (SELECT count(*) AS n FROM st WHERE pipeline_id = $pipeline),
cohort AS (
  SELECT d.id, d.owner_id AS u, cs.pos AS cur,
         CASE WHEN d.status <> 'open' AND d.closed_at IS NOT NULL AND d.closed_at < $as_of
              THEN d.status ELSE 'open' END AS status
  FROM deals d LEFT JOIN st cs ON cs.id = d.stage_id AND cs.pipeline_id = $pipeline
  WHERE d.org_id = 1 AND d.pipeline_id = $pipeline
    AND d.created_at >= $from AND d.created_at < $to),
ch AS (
  SELECT x.deal_id, s.pos, x."at" AS "at",
         ROW_NUMBER() OVER (PARTITION BY x.deal_id ORDER BY x."at", x.id) AS rn
  FROM cohort c JOIN stage_changes x ON x.deal_id = c.id
       JOIN st s ON s.id = x.stage_id AND s.pipeline_id = $pipeline),
hist AS (
  SELECT deal_id,
         max(CASE WHEN "at" < $as_of THEN pos END) AS far_before,
         max(CASE WHEN "at" >= $as_of THEN 1 ELSE 0 END) AS any_after,
         max(CASE WHEN rn = 1 THEN pos END) AS first_pos
  FROM ch GROUP BY deal_id),
-- each cohort deal with its history: a GROUP BY of the two, not a LEFT
-- JOIN, whose plan SQLite 3.40 made a scan of hist for every deal (the
-- 1M-deal company's quarter: 7 minutes a run instead of seconds)
merged AS (
  SELECT id, u, cur, status, 0 AS has_h, CAST(NULL AS BIGINT) AS far_before,
         CAST(NULL AS BIGINT) AS any_after, CAST(NULL AS BIGINT) AS first_pos FROM cohort
  UNION ALL
  SELECT deal_id, NULL, NULL, NULL, 1, far_before, any_after, first_pos FROM hist),
j AS (
  SELECT id, max(u) AS u, max(cur) AS cur, max(status) AS status, max(has_h) AS has_h,
         max(far_before) AS far_before, max(any_after) AS any_after, max(first_pos) AS first_pos
  FROM merged GROUP BY id),
d0 AS (
  SELECT u, status, coalesce(far_before, -1) AS fb,
         CASE WHEN has_h = 0 THEN coalesce(cur, 0)
              WHEN any_after = 0 AND cur IS NOT NULL THEN cur
              WHEN far_before IS NULL THEN first_pos
              ELSE -1 END AS s
  FROM j),
deal AS (
  SELECT u, status,
         CASE WHEN status = 'won' THEN (SELECT n FROM nst) - 1
              WHEN fb > s THEN fb ELSE s END AS far
  FROM d0)
SELECT u, -3 AS k, count(*) AS v FROM deal GROUP BY u
UNION ALL SELECT u, -2, count(*) FROM deal WHERE status = 'won' GROUP BY u
UNION ALL SELECT u, -1, count(*) FROM deal WHERE status = 'lost' GROUP BY u
UNION ALL SELECT d.u, s.pos, count(*) FROM deal d
          JOIN st s ON s.pipeline_id = $pipeline AND s.pos <= d.far GROUP BY d.u, s.pos
ORDER BY 1, 2
