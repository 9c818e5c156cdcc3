-- Q3 as raw SQL: one product and its stock by id. bench_ids maps 1..nids to
-- product ids (pgbench cannot pick from a list), one primary-key probe extra.
\set k random(1, :nids)
SELECT p.id, p.name, p.sku, p.price, i.quantity
FROM bench_ids b
JOIN products p ON p.id = b.id
LEFT JOIN inventories i ON i.product_id = p.id
WHERE b.k = :k;
