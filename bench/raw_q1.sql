-- Q1 as raw SQL: the first 50 products by name with their on-hand quantity.
SELECT p.id, p.name, p.sku, p.price, i.quantity
FROM products p LEFT JOIN inventories i ON i.product_id = p.id
ORDER BY p.name, p.id
LIMIT 50;
