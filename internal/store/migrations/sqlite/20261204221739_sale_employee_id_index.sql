-- Create index "sale_employee_id" to table: "pos_sales"
CREATE INDEX `sale_employee_id` ON `pos_sales` (`employee_id`);
