-- abc.sql - the DuckDB twin of the ABC classes of `voronka report abc-xyz`
-- (issue 12; METRICS.md "Clients"; basis payments): the clients' payments
-- in the window [$from, $to) (a payment's client is its own, else its
-- deal's), clients with revenue > 0 by revenue desc then id, A while the
-- cumulative revenue before the client is below 80% of the total, B while
-- below 95%, else C. Rows: client id, class, revenue.
WITH pay AS (
  SELECT COALESCE(p.client_id, d.client_id) AS client, p.amount
  FROM payments p LEFT JOIN deal_clients d ON d.id = p.deal_id
  WHERE p.org_id = 1 AND p.paid_at >= $from AND p.paid_at < $to
), rev AS (
  SELECT client, SUM(amount) AS revenue
  FROM pay WHERE client IS NOT NULL GROUP BY client HAVING SUM(amount) > 0
), ranked AS (
  SELECT client, revenue,
         COALESCE(SUM(revenue) OVER (ORDER BY revenue DESC, client
                                     ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before,
         SUM(revenue) OVER () AS total
  FROM rev
)
SELECT client,
       CASE WHEN before * 100 < total * 80 THEN 'A'
            WHEN before * 100 < total * 95 THEN 'B'
            ELSE 'C' END AS abc,
       revenue
FROM ranked
ORDER BY client;
