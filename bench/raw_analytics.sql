-- A as raw SQL: the last 90 days by store day (America/New_York) and
-- category, with sale count, units kept and net sales (line subtotal less
-- line discounts less the line's share of refunds, rounded half to even as
-- salesAnalytics rounds it): the GROUP BY salesAnalytics sends, without the
-- server around it.
SELECT to_char(s.completed_at AT TIME ZONE 'America/New_York', 'YYYY-MM-DD') AS day,
       NULLIF(p.category, '') AS category,
       COUNT(DISTINCT s.id) AS sales,
       SUM(i.quantity - i.refunded_quantity) AS units,
       SUM(i.quantity * i.unit_price) - SUM(i.discount_total) - SUM(
         CASE WHEN i.refunded_quantity = 0 THEN 0
              WHEN i.refunded_quantity >= i.quantity THEN i.subtotal + i.tax_total
              ELSE ((i.subtotal + i.tax_total) * i.refunded_quantity) / i.quantity
                 + CASE WHEN 2 * (((i.subtotal + i.tax_total) * i.refunded_quantity) % i.quantity) > i.quantity
                          OR (2 * (((i.subtotal + i.tax_total) * i.refunded_quantity) % i.quantity) = i.quantity
                              AND (((i.subtotal + i.tax_total) * i.refunded_quantity) / i.quantity) % 2 = 1)
                        THEN 1 ELSE 0 END
         END) AS net
FROM pos_sale_items i
JOIN pos_sales s ON s.id = i.sale_id
LEFT JOIN products p ON p.id = i.product_id
WHERE s.status IN ('COMPLETED', 'PARTIALLY_REFUNDED', 'REFUNDED')
  AND s.completed_at >= now() - interval '90 days' AND s.completed_at < now()
GROUP BY 1, 2
ORDER BY 1, 2;
