-- Checkout as raw SQL, the lean equivalent of checkout(): in one transaction,
-- read three products' prices, take one unit of each with a conditional update
-- (never below zero) and record the ledger movements, then write the sale,
-- its lines and its cash payment. The IN list locks rows in index order, so
-- concurrent checkouts cannot deadlock.
\set k1 random(1, :nids)
\set k2 random(1, :nids)
\set k3 random(1, :nids)
BEGIN;
WITH u AS (
  UPDATE inventories SET quantity = quantity - 1, updated_at = now()
  WHERE product_id IN (SELECT id FROM bench_ids WHERE k IN (:k1, :k2, :k3)) AND quantity >= 1
  RETURNING product_id, quantity
)
INSERT INTO stock_movements (id, created_at, updated_at, product_id, delta, quantity_after, kind, reason)
SELECT gen_random_uuid(), now(), now(), product_id, -1, quantity, 'SALE', 'raw checkout' FROM u;
WITH lines AS (
  SELECT p.id, p.name, p.price, p.cost FROM bench_ids b JOIN products p ON p.id = b.id
  WHERE b.k IN (:k1, :k2, :k3)
), s AS (
  INSERT INTO pos_sales (id, created_at, updated_at, status, subtotal, total, paid_total, completed_at)
  SELECT gen_random_uuid(), now(), now(), 'COMPLETED', sum(price), sum(price), sum(price), now() FROM lines
  RETURNING id, total
), items AS (
  INSERT INTO pos_sale_items (id, created_at, updated_at, sale_id, product_id, product_name, quantity, unit_price, unit_cost, subtotal)
  SELECT gen_random_uuid(), now(), now(), s.id, l.id, l.name, 1, l.price, l.cost, l.price FROM s, lines l
)
INSERT INTO payments (id, created_at, updated_at, sale_id, method, amount, tendered, paid_at)
SELECT gen_random_uuid(), now(), now(), id, 'CASH', total, total, now() FROM s;
END;
