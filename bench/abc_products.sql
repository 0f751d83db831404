-- abc_products.sql - the DuckDB twin of `voronka report abc-xyz --of
-- products` (issue 12, item 1; docs/reports.md "ABC of products"): the
-- deals won in the window [$from, $to) with an amount > 0; a deal with
-- product lines splits its amount over them in proportion to quantity x
-- price by the largest remainder (the floors, then one unit each to the
-- largest remainders, ties by position; lines of weight 0 split equally),
-- a deal without lines gives its amount to its product, a deal with neither
-- is left out (unassigned). Products with revenue > 0 by revenue desc then
-- id: A while the cumulative revenue before it is below 80% of the total,
-- B while below 95%, else C. Rows: product id, class, revenue.
WITH won AS (
  SELECT d.id, CAST(d.amount AS HUGEINT) AS amount, p.product_id
  FROM deals d JOIN deal_product_ids p ON p.id = d.id
  WHERE d.org_id = 1 AND d.status = 'won' AND d.closed_at >= $from AND d.closed_at < $to
    AND d.amount > 0
), lines AS (
  SELECT l.deal_id, l.product_id, w.amount,
         CAST(l.quantity AS HUGEINT) * l.price AS wgt,
         COUNT(*) OVER (PARTITION BY l.deal_id) AS m,
         SUM(CAST(l.quantity AS HUGEINT) * l.price) OVER (PARTITION BY l.deal_id) AS total_w,
         ROW_NUMBER() OVER (PARTITION BY l.deal_id ORDER BY l.position, l.id) AS pos
  FROM deal_products l JOIN won w ON w.id = l.deal_id
), floors AS (
  SELECT *,
         CASE WHEN total_w = 0 THEN amount // m ELSE (amount * wgt) // total_w END AS fl,
         CASE WHEN total_w = 0 THEN 0 ELSE (amount * wgt) % total_w END AS rem
  FROM lines
), ranked AS (
  SELECT *, amount - SUM(fl) OVER (PARTITION BY deal_id) AS units_left,
         ROW_NUMBER() OVER (PARTITION BY deal_id ORDER BY rem DESC, pos) AS rk
  FROM floors
), parts AS (
  SELECT product_id, fl + CASE WHEN rk <= units_left THEN 1 ELSE 0 END AS part FROM ranked
  UNION ALL
  SELECT w.product_id, w.amount FROM won w
  WHERE w.product_id IS NOT NULL AND w.id NOT IN (SELECT deal_id FROM deal_products)
), rev AS (
  SELECT product_id, SUM(part) AS revenue
  FROM parts GROUP BY product_id HAVING SUM(part) > 0
), ranked_p AS (
  SELECT product_id, revenue,
         COALESCE(SUM(revenue) OVER (ORDER BY revenue DESC, product_id
                                     ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before,
         SUM(revenue) OVER () AS total
  FROM rev
)
SELECT product_id,
       CASE WHEN before * 100 < total * 80 THEN 'A'
            WHEN before * 100 < total * 95 THEN 'B'
            ELSE 'C' END AS abc,
       CAST(revenue AS BIGINT) AS revenue
FROM ranked_p
ORDER BY product_id;
