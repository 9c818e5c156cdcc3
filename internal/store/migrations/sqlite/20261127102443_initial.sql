-- Create "audit_entries" table
CREATE TABLE `audit_entries` (`id` uuid NOT NULL, `action` text NOT NULL, `entity_type` text NOT NULL, `entity_id` uuid NULL, `actor_id` uuid NULL, `changes` json NULL, `created_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Create index "auditentry_entity_type_entity_id" to table: "audit_entries"
CREATE INDEX `auditentry_entity_type_entity_id` ON `audit_entries` (`entity_type`, `entity_id`);
-- Create index "auditentry_created_at" to table: "audit_entries"
CREATE INDEX `auditentry_created_at` ON `audit_entries` (`created_at`);
-- Create index "auditentry_actor_id" to table: "audit_entries"
CREATE INDEX `auditentry_actor_id` ON `audit_entries` (`actor_id`);
-- Create "cash_movements" table
CREATE TABLE `cash_movements` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `kind` text NOT NULL, `amount` integer NOT NULL DEFAULT (0), `reason` text NOT NULL, `cash_session_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `cash_movements_cash_sessions_movements` FOREIGN KEY (`cash_session_id`) REFERENCES `cash_sessions` (`id`) ON DELETE NO ACTION);
-- Create "cash_sessions" table
CREATE TABLE `cash_sessions` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `status` text NOT NULL DEFAULT ('OPEN'), `opening_float` integer NOT NULL DEFAULT (0), `expected_cash` integer NOT NULL DEFAULT (0), `counted_cash` integer NOT NULL DEFAULT (0), `difference` integer NOT NULL DEFAULT (0), `opened_at` datetime NOT NULL, `closed_at` datetime NULL, `z_report` json NULL, `open_marker` uuid NULL, `cashier_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `cash_sessions_users_cash_sessions` FOREIGN KEY (`cashier_id`) REFERENCES `users` (`id`) ON DELETE NO ACTION);
-- Create index "cashsession_open_marker" to table: "cash_sessions"
CREATE UNIQUE INDEX `cashsession_open_marker` ON `cash_sessions` (`open_marker`);
-- Create index "cashsession_cashier_id_opened_at" to table: "cash_sessions"
CREATE INDEX `cashsession_cashier_id_opened_at` ON `cash_sessions` (`cashier_id`, `opened_at`);
-- Create "customers" table
CREATE TABLE `customers` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `version` integer NOT NULL DEFAULT (1), `name` text NOT NULL, `contact_info` text NOT NULL DEFAULT (''), `email` text NULL, `phone` text NULL, `address` text NULL, `loyalty_points` integer NOT NULL DEFAULT (0), `tier` text NOT NULL DEFAULT ('BRONZE'), PRIMARY KEY (`id`));
-- Create index "customer_name" to table: "customers"
CREATE INDEX `customer_name` ON `customers` (`name`);
-- Create index "customer_email" to table: "customers"
CREATE INDEX `customer_email` ON `customers` (`email`);
-- Create index "customer_phone" to table: "customers"
CREATE INDEX `customer_phone` ON `customers` (`phone`);
-- Create "discounts" table
CREATE TABLE `discounts` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `name` text NOT NULL, `code` text NULL, `type` text NOT NULL, `value` integer NOT NULL DEFAULT (0), `min_subtotal` integer NOT NULL DEFAULT (0), `starts_at` datetime NULL, `ends_at` datetime NULL, `is_active` bool NOT NULL DEFAULT (true), PRIMARY KEY (`id`), CONSTRAINT `discount_value_nonnegative` CHECK (value >= 0));
-- Create index "discounts_code_key" to table: "discounts"
CREATE UNIQUE INDEX `discounts_code_key` ON `discounts` (`code`);
-- Create "employees" table
CREATE TABLE `employees` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `name` text NOT NULL, `position` text NOT NULL, `email` text NULL, `phone` text NULL, `is_active` bool NOT NULL DEFAULT (true), `hired_at` datetime NULL, `user_id` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `employees_users_employee` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- Create index "employees_user_id_key" to table: "employees"
CREATE UNIQUE INDEX `employees_user_id_key` ON `employees` (`user_id`);
-- Create index "employee_name" to table: "employees"
CREATE INDEX `employee_name` ON `employees` (`name`);
-- Create "idempotency_records" table
CREATE TABLE `idempotency_records` (`id` uuid NOT NULL, `scope` text NOT NULL, `key` text NOT NULL, `request_hash` text NOT NULL, `result_id` uuid NOT NULL, `user_id` uuid NULL, `created_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Create index "idempotencyrecord_scope_key" to table: "idempotency_records"
CREATE UNIQUE INDEX `idempotencyrecord_scope_key` ON `idempotency_records` (`scope`, `key`);
-- Create index "idempotencyrecord_created_at" to table: "idempotency_records"
CREATE INDEX `idempotencyrecord_created_at` ON `idempotency_records` (`created_at`);
-- Create "inventories" table
CREATE TABLE `inventories` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `quantity` integer NOT NULL DEFAULT (0), `reorder_level` integer NOT NULL DEFAULT (0), `low_stock_notified` bool NOT NULL DEFAULT (false), `product_id` uuid NOT NULL, `supplier_id` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `inventories_products_inventory` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE NO ACTION, CONSTRAINT `inventories_suppliers_inventories` FOREIGN KEY (`supplier_id`) REFERENCES `suppliers` (`id`) ON DELETE SET NULL, CONSTRAINT `inventory_quantity_nonnegative` CHECK (quantity >= 0), CONSTRAINT `inventory_reorder_nonnegative` CHECK (reorder_level >= 0));
-- Create index "inventories_product_id_key" to table: "inventories"
CREATE UNIQUE INDEX `inventories_product_id_key` ON `inventories` (`product_id`);
-- Create "login_throttles" table
CREATE TABLE `login_throttles` (`id` uuid NOT NULL, `key` text NOT NULL, `failures` integer NOT NULL DEFAULT (0), `window_start` datetime NOT NULL, `locked_until` datetime NULL, PRIMARY KEY (`id`));
-- Create index "login_throttles_key_key" to table: "login_throttles"
CREATE UNIQUE INDEX `login_throttles_key_key` ON `login_throttles` (`key`);
-- Create "loyalty_programs" table
CREATE TABLE `loyalty_programs` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `name` text NOT NULL DEFAULT ('Rewards'), `points` integer NOT NULL DEFAULT (0), `tier` text NOT NULL DEFAULT ('BRONZE'), `customer_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `loyalty_programs_customers_loyalty_programs` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE NO ACTION);
-- Create "notifications" table
CREATE TABLE `notifications` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `type` text NOT NULL, `message` text NOT NULL, `timestamp` datetime NOT NULL, `is_read` bool NOT NULL DEFAULT (false), `product_id` uuid NULL, PRIMARY KEY (`id`));
-- Create index "notification_type_timestamp" to table: "notifications"
CREATE INDEX `notification_type_timestamp` ON `notifications` (`type`, `timestamp`);
-- Create "payments" table
CREATE TABLE `payments` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `method` text NOT NULL, `kind` text NOT NULL DEFAULT ('SALE'), `status` text NOT NULL DEFAULT ('COMPLETED'), `amount` integer NOT NULL DEFAULT (0), `tendered` integer NOT NULL DEFAULT (0), `reference` text NULL, `notes` text NULL, `idempotency_key` text NULL, `paid_at` datetime NULL, `cash_session_id` uuid NULL, `sale_id` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `payments_cash_sessions_payments` FOREIGN KEY (`cash_session_id`) REFERENCES `cash_sessions` (`id`) ON DELETE SET NULL, CONSTRAINT `payments_pos_sales_payments` FOREIGN KEY (`sale_id`) REFERENCES `pos_sales` (`id`) ON DELETE SET NULL, CONSTRAINT `payment_amount_nonnegative` CHECK (amount >= 0));
-- Create index "payment_sale_id" to table: "payments"
CREATE INDEX `payment_sale_id` ON `payments` (`sale_id`);
-- Create index "payment_method_paid_at" to table: "payments"
CREATE INDEX `payment_method_paid_at` ON `payments` (`method`, `paid_at`);
-- Create index "payment_cash_session_id" to table: "payments"
CREATE INDEX `payment_cash_session_id` ON `payments` (`cash_session_id`);
-- Create index "payment_idempotency_key" to table: "payments"
CREATE UNIQUE INDEX `payment_idempotency_key` ON `payments` (`idempotency_key`);
-- Create "products" table
CREATE TABLE `products` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `version` integer NOT NULL DEFAULT (1), `name` text NOT NULL, `description` text NULL, `sku` text NOT NULL, `barcode` text NULL, `category` text NULL, `price` integer NOT NULL DEFAULT (0), `cost` integer NOT NULL DEFAULT (0), `is_active` bool NOT NULL DEFAULT (true), `discount_id` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `products_discounts_legacy_products` FOREIGN KEY (`discount_id`) REFERENCES `discounts` (`id`) ON DELETE SET NULL, CONSTRAINT `product_cost_nonnegative` CHECK (cost >= 0), CONSTRAINT `product_price_nonnegative` CHECK (price >= 0));
-- Create index "products_sku_key" to table: "products"
CREATE UNIQUE INDEX `products_sku_key` ON `products` (`sku`);
-- Create index "products_barcode_key" to table: "products"
CREATE UNIQUE INDEX `products_barcode_key` ON `products` (`barcode`);
-- Create index "product_name" to table: "products"
CREATE INDEX `product_name` ON `products` (`name`);
-- Create index "product_category" to table: "products"
CREATE INDEX `product_category` ON `products` (`category`);
-- Create index "product_price" to table: "products"
CREATE INDEX `product_price` ON `products` (`price`);
-- Create "purchase_orders" table
CREATE TABLE `purchase_orders` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `status` text NOT NULL DEFAULT ('PENDING'), `notes` text NULL, `expected_at` datetime NULL, `shipped_at` datetime NULL, `delivered_at` datetime NULL, `cancelled_at` datetime NULL, `total_cost` integer NOT NULL DEFAULT (0), `supplier_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `purchase_orders_suppliers_purchase_orders` FOREIGN KEY (`supplier_id`) REFERENCES `suppliers` (`id`) ON DELETE NO ACTION);
-- Create index "purchaseorder_status_created_at" to table: "purchase_orders"
CREATE INDEX `purchaseorder_status_created_at` ON `purchase_orders` (`status`, `created_at`);
-- Create index "purchaseorder_supplier_id" to table: "purchase_orders"
CREATE INDEX `purchaseorder_supplier_id` ON `purchase_orders` (`supplier_id`);
-- Create "purchase_order_lines" table
CREATE TABLE `purchase_order_lines` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `quantity` integer NOT NULL, `unit_cost` integer NOT NULL DEFAULT (0), `product_id` uuid NOT NULL, `purchase_order_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `purchase_order_lines_products_purchase_order_lines` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE NO ACTION, CONSTRAINT `purchase_order_lines_purchase_orders_lines` FOREIGN KEY (`purchase_order_id`) REFERENCES `purchase_orders` (`id`) ON DELETE NO ACTION, CONSTRAINT `po_line_quantity_positive` CHECK (quantity > 0));
-- Create index "purchaseorderline_purchase_order_id_product_id" to table: "purchase_order_lines"
CREATE INDEX `purchaseorderline_purchase_order_id_product_id` ON `purchase_order_lines` (`purchase_order_id`, `product_id`);
-- Create "refresh_tokens" table
CREATE TABLE `refresh_tokens` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `token_hash` text NOT NULL, `family_id` uuid NOT NULL, `expires_at` datetime NOT NULL, `used_at` datetime NULL, `revoked_at` datetime NULL, `user_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `refresh_tokens_users_refresh_tokens` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE NO ACTION);
-- Create index "refresh_tokens_token_hash_key" to table: "refresh_tokens"
CREATE UNIQUE INDEX `refresh_tokens_token_hash_key` ON `refresh_tokens` (`token_hash`);
-- Create index "refreshtoken_family_id" to table: "refresh_tokens"
CREATE INDEX `refreshtoken_family_id` ON `refresh_tokens` (`family_id`);
-- Create index "refreshtoken_user_id" to table: "refresh_tokens"
CREATE INDEX `refreshtoken_user_id` ON `refresh_tokens` (`user_id`);
-- Create "revoked_tokens" table
CREATE TABLE `revoked_tokens` (`id` uuid NOT NULL, `jti` text NOT NULL, `expires_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Create index "revoked_tokens_jti_key" to table: "revoked_tokens"
CREATE UNIQUE INDEX `revoked_tokens_jti_key` ON `revoked_tokens` (`jti`);
-- Create "roles" table
CREATE TABLE `roles` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `name` text NOT NULL, `description` text NULL, `permissions` json NULL, PRIMARY KEY (`id`));
-- Create index "roles_name_key" to table: "roles"
CREATE UNIQUE INDEX `roles_name_key` ON `roles` (`name`);
-- Create "pos_sales" table
CREATE TABLE `pos_sales` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `status` text NOT NULL DEFAULT ('OPEN'), `subtotal` integer NOT NULL DEFAULT (0), `discount_total` integer NOT NULL DEFAULT (0), `tax_total` integer NOT NULL DEFAULT (0), `total` integer NOT NULL DEFAULT (0), `paid_total` integer NOT NULL DEFAULT (0), `change_due` integer NOT NULL DEFAULT (0), `refunded_total` integer NOT NULL DEFAULT (0), `loyalty_points_earned` integer NOT NULL DEFAULT (0), `loyalty_points_redeemed` integer NOT NULL DEFAULT (0), `notes` text NULL, `void_reason` text NULL, `discount_code` text NULL, `idempotency_key` text NULL, `completed_at` datetime NULL, `voided_at` datetime NULL, `cash_session_id` uuid NULL, `customer_id` uuid NULL, `discount_id` uuid NULL, `employee_id` uuid NULL, `cashier_id` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `pos_sales_cash_sessions_sales` FOREIGN KEY (`cash_session_id`) REFERENCES `cash_sessions` (`id`) ON DELETE SET NULL, CONSTRAINT `pos_sales_customers_sales` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE SET NULL, CONSTRAINT `pos_sales_discounts_sales` FOREIGN KEY (`discount_id`) REFERENCES `discounts` (`id`) ON DELETE SET NULL, CONSTRAINT `pos_sales_employees_sales` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`) ON DELETE SET NULL, CONSTRAINT `pos_sales_users_sales` FOREIGN KEY (`cashier_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `sale_total_nonnegative` CHECK (total >= 0));
-- Create index "sale_customer_id_created_at" to table: "pos_sales"
CREATE INDEX `sale_customer_id_created_at` ON `pos_sales` (`customer_id`, `created_at`);
-- Create index "sale_status_completed_at" to table: "pos_sales"
CREATE INDEX `sale_status_completed_at` ON `pos_sales` (`status`, `completed_at`);
-- Create index "sale_cashier_id_completed_at" to table: "pos_sales"
CREATE INDEX `sale_cashier_id_completed_at` ON `pos_sales` (`cashier_id`, `completed_at`);
-- Create index "sale_completed_at" to table: "pos_sales"
CREATE INDEX `sale_completed_at` ON `pos_sales` (`completed_at`);
-- Create index "sale_created_at" to table: "pos_sales"
CREATE INDEX `sale_created_at` ON `pos_sales` (`created_at`);
-- Create index "sale_idempotency_key" to table: "pos_sales"
CREATE UNIQUE INDEX `sale_idempotency_key` ON `pos_sales` (`idempotency_key`);
-- Create "pos_sale_items" table
CREATE TABLE `pos_sale_items` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `quantity` integer NOT NULL, `refunded_quantity` integer NOT NULL DEFAULT (0), `unit_price` integer NOT NULL DEFAULT (0), `unit_cost` integer NOT NULL DEFAULT (0), `discount_total` integer NOT NULL DEFAULT (0), `tax_total` integer NOT NULL DEFAULT (0), `subtotal` integer NOT NULL DEFAULT (0), `product_name` text NOT NULL DEFAULT (''), `product_id` uuid NOT NULL, `sale_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `pos_sale_items_products_sale_items` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE NO ACTION, CONSTRAINT `pos_sale_items_pos_sales_items` FOREIGN KEY (`sale_id`) REFERENCES `pos_sales` (`id`) ON DELETE NO ACTION, CONSTRAINT `sale_item_quantity_positive` CHECK (quantity > 0), CONSTRAINT `sale_item_refund_bounded` CHECK (refunded_quantity <= quantity));
-- Create index "saleitem_sale_id_product_id" to table: "pos_sale_items"
CREATE INDEX `saleitem_sale_id_product_id` ON `pos_sale_items` (`sale_id`, `product_id`);
-- Create index "saleitem_product_id" to table: "pos_sale_items"
CREATE INDEX `saleitem_product_id` ON `pos_sale_items` (`product_id`);
-- Create "settings" table
CREATE TABLE `settings` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `version` integer NOT NULL DEFAULT (1), `key` text NOT NULL, `value` text NOT NULL, `description` text NULL, `is_secret` bool NOT NULL DEFAULT (false), PRIMARY KEY (`id`));
-- Create index "settings_key_key" to table: "settings"
CREATE UNIQUE INDEX `settings_key_key` ON `settings` (`key`);
-- Create "stock_movements" table
CREATE TABLE `stock_movements` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `delta` integer NOT NULL, `quantity_after` integer NOT NULL, `kind` text NOT NULL, `reason` text NULL, `unit_cost` integer NOT NULL DEFAULT (0), `reference` text NULL, `actor_id` uuid NULL, `product_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `stock_movements_products_stock_movements` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE NO ACTION);
-- Create index "stockmovement_product_id_created_at" to table: "stock_movements"
CREATE INDEX `stockmovement_product_id_created_at` ON `stock_movements` (`product_id`, `created_at`);
-- Create index "stockmovement_kind_created_at" to table: "stock_movements"
CREATE INDEX `stockmovement_kind_created_at` ON `stock_movements` (`kind`, `created_at`);
-- Create index "stockmovement_reference" to table: "stock_movements"
CREATE INDEX `stockmovement_reference` ON `stock_movements` (`reference`);
-- Create "suppliers" table
CREATE TABLE `suppliers` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `name` text NOT NULL, `contact_person` text NULL, `email` text NULL, `phone` text NULL, `address` text NULL, `contact_info` text NOT NULL DEFAULT (''), `product_list` json NULL, `is_active` bool NOT NULL DEFAULT (true), PRIMARY KEY (`id`));
-- Create index "supplier_name" to table: "suppliers"
CREATE INDEX `supplier_name` ON `suppliers` (`name`);
-- Create "system_secrets" table
CREATE TABLE `system_secrets` (`id` uuid NOT NULL, `name` text NOT NULL, `value` blob NOT NULL, `created_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Create index "system_secrets_name_key" to table: "system_secrets"
CREATE UNIQUE INDEX `system_secrets_name_key` ON `system_secrets` (`name`);
-- Create "transactions" table
CREATE TABLE `transactions` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `payment_type` text NOT NULL, `employee_id` uuid NULL, `payment_id` uuid NULL, `sale_id` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `transactions_employees_transactions` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`) ON DELETE SET NULL, CONSTRAINT `transactions_payments_transactions` FOREIGN KEY (`payment_id`) REFERENCES `payments` (`id`) ON DELETE SET NULL, CONSTRAINT `transactions_pos_sales_transactions` FOREIGN KEY (`sale_id`) REFERENCES `pos_sales` (`id`) ON DELETE SET NULL);
-- Create index "transaction_employee_id" to table: "transactions"
CREATE INDEX `transaction_employee_id` ON `transactions` (`employee_id`);
-- Create index "transaction_sale_id" to table: "transactions"
CREATE INDEX `transaction_sale_id` ON `transactions` (`sale_id`);
-- Create "users" table
CREATE TABLE `users` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `username` text NOT NULL, `password_hash` text NOT NULL, `full_name` text NULL, `email` text NULL, `is_active` bool NOT NULL DEFAULT (true), `last_login_at` datetime NULL, `role_id` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `users_roles_users` FOREIGN KEY (`role_id`) REFERENCES `roles` (`id`) ON DELETE SET NULL);
-- Create index "users_username_key" to table: "users"
CREATE UNIQUE INDEX `users_username_key` ON `users` (`username`);
-- Create "discount_products" table
CREATE TABLE `discount_products` (`discount_id` uuid NOT NULL, `product_id` uuid NOT NULL, PRIMARY KEY (`discount_id`, `product_id`), CONSTRAINT `discount_products_discount_id` FOREIGN KEY (`discount_id`) REFERENCES `discounts` (`id`) ON DELETE CASCADE, CONSTRAINT `discount_products_product_id` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`) ON DELETE CASCADE);
