-- Q2 as raw SQL: the latest 20 sales, their customer's name, and their lines
-- with the product name, in one round trip.
WITH s AS (
  SELECT id, total, created_at, customer_id FROM pos_sales
  ORDER BY created_at DESC, id DESC
  LIMIT 20
)
SELECT s.id, s.total, s.created_at, c.name, si.quantity, si.unit_price, p.name
FROM s
LEFT JOIN customers c ON c.id = s.customer_id
LEFT JOIN pos_sale_items si ON si.sale_id = s.id
LEFT JOIN products p ON p.id = si.product_id
ORDER BY s.created_at DESC, s.id DESC;
