-- nps.sql - the NPS report's DuckDB twin (bench/duck_nps.mjs; issue 12,
-- item 2): org 1's answers with $from <= at < $to (the period's UTC bounds,
-- as_of applied, from voronka_bench_nps's nps.json) counted by the
-- client's channel, as `voronka report nps --by channel` counts them
-- (promoters 9-10, passives 7-8, detractors 0-6; no channel: "-").
SELECT coalesce(nullif(c.channel, ''), '-') AS key,
       count(*) AS responses,
       count(*) FILTER (WHERE n.score >= 9) AS promoters,
       count(*) FILTER (WHERE n.score BETWEEN 7 AND 8) AS passives,
       count(*) FILTER (WHERE n.score <= 6) AS detractors
FROM nps_responses n
JOIN clients c ON c.id = n.client_id AND c.org_id = n.org_id
WHERE n.org_id = 1 AND n."at" >= $from AND n."at" < $to
GROUP BY 1
ORDER BY (key = '-'), key
