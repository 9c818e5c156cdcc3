-- Create "audit_entries" table
CREATE TABLE "audit_entries" ("id" uuid NOT NULL, "action" character varying NOT NULL, "entity_type" character varying NOT NULL, "entity_id" uuid NULL, "actor_id" uuid NULL, "changes" jsonb NULL, "created_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- Create index "auditentry_actor_id" to table: "audit_entries"
CREATE INDEX "auditentry_actor_id" ON "audit_entries" ("actor_id");
-- Create index "auditentry_created_at" to table: "audit_entries"
CREATE INDEX "auditentry_created_at" ON "audit_entries" ("created_at");
-- Create index "auditentry_entity_type_entity_id" to table: "audit_entries"
CREATE INDEX "auditentry_entity_type_entity_id" ON "audit_entries" ("entity_type", "entity_id");
-- Create "system_secrets" table
CREATE TABLE "system_secrets" ("id" uuid NOT NULL, "name" character varying NOT NULL, "value" bytea NOT NULL, "created_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- Create index "system_secrets_name_key" to table: "system_secrets"
CREATE UNIQUE INDEX "system_secrets_name_key" ON "system_secrets" ("name");
-- Create "idempotency_records" table
CREATE TABLE "idempotency_records" ("id" uuid NOT NULL, "scope" character varying NOT NULL, "key" character varying NOT NULL, "request_hash" character varying NOT NULL, "result_id" uuid NOT NULL, "user_id" uuid NULL, "created_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- Create index "idempotencyrecord_created_at" to table: "idempotency_records"
CREATE INDEX "idempotencyrecord_created_at" ON "idempotency_records" ("created_at");
-- Create index "idempotencyrecord_scope_key" to table: "idempotency_records"
CREATE UNIQUE INDEX "idempotencyrecord_scope_key" ON "idempotency_records" ("scope", "key");
-- Create "settings" table
CREATE TABLE "settings" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "version" bigint NOT NULL DEFAULT 1, "key" character varying NOT NULL, "value" character varying NOT NULL, "description" character varying NULL, "is_secret" boolean NOT NULL DEFAULT false, PRIMARY KEY ("id"));
-- Create index "settings_key_key" to table: "settings"
CREATE UNIQUE INDEX "settings_key_key" ON "settings" ("key");
-- Create "login_throttles" table
CREATE TABLE "login_throttles" ("id" uuid NOT NULL, "key" character varying NOT NULL, "failures" bigint NOT NULL DEFAULT 0, "window_start" timestamptz NOT NULL, "locked_until" timestamptz NULL, PRIMARY KEY ("id"));
-- Create index "login_throttles_key_key" to table: "login_throttles"
CREATE UNIQUE INDEX "login_throttles_key_key" ON "login_throttles" ("key");
-- Create "roles" table
CREATE TABLE "roles" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "name" character varying NOT NULL, "description" character varying NULL, "permissions" jsonb NULL, PRIMARY KEY ("id"));
-- Create index "roles_name_key" to table: "roles"
CREATE UNIQUE INDEX "roles_name_key" ON "roles" ("name");
-- Create "notifications" table
CREATE TABLE "notifications" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "type" character varying NOT NULL, "message" character varying NOT NULL, "timestamp" timestamptz NOT NULL, "is_read" boolean NOT NULL DEFAULT false, "product_id" uuid NULL, PRIMARY KEY ("id"));
-- Create index "notification_type_timestamp" to table: "notifications"
CREATE INDEX "notification_type_timestamp" ON "notifications" ("type", "timestamp");
-- Create "revoked_tokens" table
CREATE TABLE "revoked_tokens" ("id" uuid NOT NULL, "jti" character varying NOT NULL, "expires_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- Create index "revoked_tokens_jti_key" to table: "revoked_tokens"
CREATE UNIQUE INDEX "revoked_tokens_jti_key" ON "revoked_tokens" ("jti");
-- Create "users" table
CREATE TABLE "users" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "username" character varying NOT NULL, "password_hash" character varying NOT NULL, "full_name" character varying NULL, "email" character varying NULL, "is_active" boolean NOT NULL DEFAULT true, "last_login_at" timestamptz NULL, "role_id" uuid NULL, PRIMARY KEY ("id"), CONSTRAINT "users_roles_users" FOREIGN KEY ("role_id") REFERENCES "roles" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "users_username_key" to table: "users"
CREATE UNIQUE INDEX "users_username_key" ON "users" ("username");
-- Create "cash_sessions" table
CREATE TABLE "cash_sessions" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "status" character varying NOT NULL DEFAULT 'OPEN', "opening_float" bigint NOT NULL DEFAULT 0, "expected_cash" bigint NOT NULL DEFAULT 0, "counted_cash" bigint NOT NULL DEFAULT 0, "difference" bigint NOT NULL DEFAULT 0, "opened_at" timestamptz NOT NULL, "closed_at" timestamptz NULL, "z_report" jsonb NULL, "open_marker" uuid NULL, "cashier_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "cash_sessions_users_cash_sessions" FOREIGN KEY ("cashier_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "cashsession_cashier_id_opened_at" to table: "cash_sessions"
CREATE INDEX "cashsession_cashier_id_opened_at" ON "cash_sessions" ("cashier_id", "opened_at");
-- Create index "cashsession_open_marker" to table: "cash_sessions"
CREATE UNIQUE INDEX "cashsession_open_marker" ON "cash_sessions" ("open_marker");
-- Create "cash_movements" table
CREATE TABLE "cash_movements" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "kind" character varying NOT NULL, "amount" bigint NOT NULL DEFAULT 0, "reason" character varying NOT NULL, "cash_session_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "cash_movements_cash_sessions_movements" FOREIGN KEY ("cash_session_id") REFERENCES "cash_sessions" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create "discounts" table
CREATE TABLE "discounts" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "name" character varying NOT NULL, "code" character varying NULL, "type" character varying NOT NULL, "value" bigint NOT NULL DEFAULT 0, "min_subtotal" bigint NOT NULL DEFAULT 0, "starts_at" timestamptz NULL, "ends_at" timestamptz NULL, "is_active" boolean NOT NULL DEFAULT true, PRIMARY KEY ("id"), CONSTRAINT "discount_value_nonnegative" CHECK (value >= 0));
-- Create index "discounts_code_key" to table: "discounts"
CREATE UNIQUE INDEX "discounts_code_key" ON "discounts" ("code");
-- Create "products" table
CREATE TABLE "products" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "version" bigint NOT NULL DEFAULT 1, "name" character varying NOT NULL, "description" character varying NULL, "sku" character varying NOT NULL, "barcode" character varying NULL, "category" character varying NULL, "price" bigint NOT NULL DEFAULT 0, "cost" bigint NOT NULL DEFAULT 0, "is_active" boolean NOT NULL DEFAULT true, "discount_id" uuid NULL, PRIMARY KEY ("id"), CONSTRAINT "products_discounts_legacy_products" FOREIGN KEY ("discount_id") REFERENCES "discounts" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "product_cost_nonnegative" CHECK (cost >= 0), CONSTRAINT "product_price_nonnegative" CHECK (price >= 0));
-- Create index "product_category" to table: "products"
CREATE INDEX "product_category" ON "products" ("category");
-- Create index "product_name" to table: "products"
CREATE INDEX "product_name" ON "products" ("name");
-- Create index "product_price" to table: "products"
CREATE INDEX "product_price" ON "products" ("price");
-- Create index "products_barcode_key" to table: "products"
CREATE UNIQUE INDEX "products_barcode_key" ON "products" ("barcode");
-- Create index "products_sku_key" to table: "products"
CREATE UNIQUE INDEX "products_sku_key" ON "products" ("sku");
-- Create "discount_products" table
CREATE TABLE "discount_products" ("discount_id" uuid NOT NULL, "product_id" uuid NOT NULL, PRIMARY KEY ("discount_id", "product_id"), CONSTRAINT "discount_products_discount_id" FOREIGN KEY ("discount_id") REFERENCES "discounts" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "discount_products_product_id" FOREIGN KEY ("product_id") REFERENCES "products" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- Create "employees" table
CREATE TABLE "employees" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "name" character varying NOT NULL, "position" character varying NOT NULL, "email" character varying NULL, "phone" character varying NULL, "is_active" boolean NOT NULL DEFAULT true, "hired_at" timestamptz NULL, "user_id" uuid NULL, PRIMARY KEY ("id"), CONSTRAINT "employees_users_employee" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "employee_name" to table: "employees"
CREATE INDEX "employee_name" ON "employees" ("name");
-- Create index "employees_user_id_key" to table: "employees"
CREATE UNIQUE INDEX "employees_user_id_key" ON "employees" ("user_id");
-- Create "suppliers" table
CREATE TABLE "suppliers" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "name" character varying NOT NULL, "contact_person" character varying NULL, "email" character varying NULL, "phone" character varying NULL, "address" character varying NULL, "contact_info" character varying NOT NULL DEFAULT '', "product_list" jsonb NULL, "is_active" boolean NOT NULL DEFAULT true, PRIMARY KEY ("id"));
-- Create index "supplier_name" to table: "suppliers"
CREATE INDEX "supplier_name" ON "suppliers" ("name");
-- Create "inventories" table
CREATE TABLE "inventories" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "quantity" bigint NOT NULL DEFAULT 0, "reorder_level" bigint NOT NULL DEFAULT 0, "low_stock_notified" boolean NOT NULL DEFAULT false, "product_id" uuid NOT NULL, "supplier_id" uuid NULL, PRIMARY KEY ("id"), CONSTRAINT "inventories_products_inventory" FOREIGN KEY ("product_id") REFERENCES "products" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "inventories_suppliers_inventories" FOREIGN KEY ("supplier_id") REFERENCES "suppliers" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "inventory_quantity_nonnegative" CHECK (quantity >= 0), CONSTRAINT "inventory_reorder_nonnegative" CHECK (reorder_level >= 0));
-- Create index "inventories_product_id_key" to table: "inventories"
CREATE UNIQUE INDEX "inventories_product_id_key" ON "inventories" ("product_id");
-- Create "customers" table
CREATE TABLE "customers" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "version" bigint NOT NULL DEFAULT 1, "name" character varying NOT NULL, "contact_info" character varying NOT NULL DEFAULT '', "email" character varying NULL, "phone" character varying NULL, "address" character varying NULL, "loyalty_points" bigint NOT NULL DEFAULT 0, "tier" character varying NOT NULL DEFAULT 'BRONZE', PRIMARY KEY ("id"));
-- Create index "customer_email" to table: "customers"
CREATE INDEX "customer_email" ON "customers" ("email");
-- Create index "customer_name" to table: "customers"
CREATE INDEX "customer_name" ON "customers" ("name");
-- Create index "customer_phone" to table: "customers"
CREATE INDEX "customer_phone" ON "customers" ("phone");
-- Create "loyalty_programs" table
CREATE TABLE "loyalty_programs" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "name" character varying NOT NULL DEFAULT 'Rewards', "points" bigint NOT NULL DEFAULT 0, "tier" character varying NOT NULL DEFAULT 'BRONZE', "customer_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "loyalty_programs_customers_loyalty_programs" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create "pos_sales" table
CREATE TABLE "pos_sales" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "status" character varying NOT NULL DEFAULT 'OPEN', "subtotal" bigint NOT NULL DEFAULT 0, "discount_total" bigint NOT NULL DEFAULT 0, "tax_total" bigint NOT NULL DEFAULT 0, "total" bigint NOT NULL DEFAULT 0, "paid_total" bigint NOT NULL DEFAULT 0, "change_due" bigint NOT NULL DEFAULT 0, "refunded_total" bigint NOT NULL DEFAULT 0, "loyalty_points_earned" bigint NOT NULL DEFAULT 0, "loyalty_points_redeemed" bigint NOT NULL DEFAULT 0, "notes" character varying NULL, "void_reason" character varying NULL, "discount_code" character varying NULL, "idempotency_key" character varying NULL, "completed_at" timestamptz NULL, "voided_at" timestamptz NULL, "cash_session_id" uuid NULL, "customer_id" uuid NULL, "discount_id" uuid NULL, "employee_id" uuid NULL, "cashier_id" uuid NULL, PRIMARY KEY ("id"), CONSTRAINT "pos_sales_cash_sessions_sales" FOREIGN KEY ("cash_session_id") REFERENCES "cash_sessions" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "pos_sales_customers_sales" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "pos_sales_discounts_sales" FOREIGN KEY ("discount_id") REFERENCES "discounts" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "pos_sales_employees_sales" FOREIGN KEY ("employee_id") REFERENCES "employees" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "pos_sales_users_sales" FOREIGN KEY ("cashier_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "sale_total_nonnegative" CHECK (total >= 0));
-- Create index "sale_cashier_id_completed_at" to table: "pos_sales"
CREATE INDEX "sale_cashier_id_completed_at" ON "pos_sales" ("cashier_id", "completed_at");
-- Create index "sale_completed_at" to table: "pos_sales"
CREATE INDEX "sale_completed_at" ON "pos_sales" ("completed_at");
-- Create index "sale_created_at" to table: "pos_sales"
CREATE INDEX "sale_created_at" ON "pos_sales" ("created_at");
-- Create index "sale_customer_id_created_at" to table: "pos_sales"
CREATE INDEX "sale_customer_id_created_at" ON "pos_sales" ("customer_id", "created_at");
-- Create index "sale_idempotency_key" to table: "pos_sales"
CREATE UNIQUE INDEX "sale_idempotency_key" ON "pos_sales" ("idempotency_key");
-- Create index "sale_status_completed_at" to table: "pos_sales"
CREATE INDEX "sale_status_completed_at" ON "pos_sales" ("status", "completed_at");
-- Create "payments" table
CREATE TABLE "payments" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "method" character varying NOT NULL, "kind" character varying NOT NULL DEFAULT 'SALE', "status" character varying NOT NULL DEFAULT 'COMPLETED', "amount" bigint NOT NULL DEFAULT 0, "tendered" bigint NOT NULL DEFAULT 0, "reference" character varying NULL, "notes" character varying NULL, "idempotency_key" character varying NULL, "paid_at" timestamptz NULL, "cash_session_id" uuid NULL, "sale_id" uuid NULL, PRIMARY KEY ("id"), CONSTRAINT "payments_cash_sessions_payments" FOREIGN KEY ("cash_session_id") REFERENCES "cash_sessions" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "payments_pos_sales_payments" FOREIGN KEY ("sale_id") REFERENCES "pos_sales" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "payment_amount_nonnegative" CHECK (amount >= 0));
-- Create index "payment_cash_session_id" to table: "payments"
CREATE INDEX "payment_cash_session_id" ON "payments" ("cash_session_id");
-- Create index "payment_idempotency_key" to table: "payments"
CREATE UNIQUE INDEX "payment_idempotency_key" ON "payments" ("idempotency_key");
-- Create index "payment_method_paid_at" to table: "payments"
CREATE INDEX "payment_method_paid_at" ON "payments" ("method", "paid_at");
-- Create index "payment_sale_id" to table: "payments"
CREATE INDEX "payment_sale_id" ON "payments" ("sale_id");
-- Create "pos_sale_items" table
CREATE TABLE "pos_sale_items" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "quantity" bigint NOT NULL, "refunded_quantity" bigint NOT NULL DEFAULT 0, "unit_price" bigint NOT NULL DEFAULT 0, "unit_cost" bigint NOT NULL DEFAULT 0, "discount_total" bigint NOT NULL DEFAULT 0, "tax_total" bigint NOT NULL DEFAULT 0, "subtotal" bigint NOT NULL DEFAULT 0, "product_name" character varying NOT NULL DEFAULT '', "product_id" uuid NOT NULL, "sale_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "pos_sale_items_pos_sales_items" FOREIGN KEY ("sale_id") REFERENCES "pos_sales" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "pos_sale_items_products_sale_items" FOREIGN KEY ("product_id") REFERENCES "products" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "sale_item_quantity_positive" CHECK (quantity > 0), CONSTRAINT "sale_item_refund_bounded" CHECK (refunded_quantity <= quantity));
-- Create index "saleitem_product_id" to table: "pos_sale_items"
CREATE INDEX "saleitem_product_id" ON "pos_sale_items" ("product_id");
-- Create index "saleitem_sale_id_product_id" to table: "pos_sale_items"
CREATE INDEX "saleitem_sale_id_product_id" ON "pos_sale_items" ("sale_id", "product_id");
-- Create "purchase_orders" table
CREATE TABLE "purchase_orders" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "status" character varying NOT NULL DEFAULT 'PENDING', "notes" character varying NULL, "expected_at" timestamptz NULL, "shipped_at" timestamptz NULL, "delivered_at" timestamptz NULL, "cancelled_at" timestamptz NULL, "total_cost" bigint NOT NULL DEFAULT 0, "supplier_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "purchase_orders_suppliers_purchase_orders" FOREIGN KEY ("supplier_id") REFERENCES "suppliers" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "purchaseorder_status_created_at" to table: "purchase_orders"
CREATE INDEX "purchaseorder_status_created_at" ON "purchase_orders" ("status", "created_at");
-- Create index "purchaseorder_supplier_id" to table: "purchase_orders"
CREATE INDEX "purchaseorder_supplier_id" ON "purchase_orders" ("supplier_id");
-- Create "purchase_order_lines" table
CREATE TABLE "purchase_order_lines" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "quantity" bigint NOT NULL, "unit_cost" bigint NOT NULL DEFAULT 0, "product_id" uuid NOT NULL, "purchase_order_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "purchase_order_lines_products_purchase_order_lines" FOREIGN KEY ("product_id") REFERENCES "products" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "purchase_order_lines_purchase_orders_lines" FOREIGN KEY ("purchase_order_id") REFERENCES "purchase_orders" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "po_line_quantity_positive" CHECK (quantity > 0));
-- Create index "purchaseorderline_purchase_order_id_product_id" to table: "purchase_order_lines"
CREATE INDEX "purchaseorderline_purchase_order_id_product_id" ON "purchase_order_lines" ("purchase_order_id", "product_id");
-- Create "refresh_tokens" table
CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "token_hash" character varying NOT NULL, "family_id" uuid NOT NULL, "expires_at" timestamptz NOT NULL, "used_at" timestamptz NULL, "revoked_at" timestamptz NULL, "user_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "refresh_tokens_users_refresh_tokens" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "refresh_tokens_token_hash_key" to table: "refresh_tokens"
CREATE UNIQUE INDEX "refresh_tokens_token_hash_key" ON "refresh_tokens" ("token_hash");
-- Create index "refreshtoken_family_id" to table: "refresh_tokens"
CREATE INDEX "refreshtoken_family_id" ON "refresh_tokens" ("family_id");
-- Create index "refreshtoken_user_id" to table: "refresh_tokens"
CREATE INDEX "refreshtoken_user_id" ON "refresh_tokens" ("user_id");
-- Create "stock_movements" table
CREATE TABLE "stock_movements" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "delta" bigint NOT NULL, "quantity_after" bigint NOT NULL, "kind" character varying NOT NULL, "reason" character varying NULL, "unit_cost" bigint NOT NULL DEFAULT 0, "reference" character varying NULL, "actor_id" uuid NULL, "product_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "stock_movements_products_stock_movements" FOREIGN KEY ("product_id") REFERENCES "products" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "stockmovement_kind_created_at" to table: "stock_movements"
CREATE INDEX "stockmovement_kind_created_at" ON "stock_movements" ("kind", "created_at");
-- Create index "stockmovement_product_id_created_at" to table: "stock_movements"
CREATE INDEX "stockmovement_product_id_created_at" ON "stock_movements" ("product_id", "created_at");
-- Create index "stockmovement_reference" to table: "stock_movements"
CREATE INDEX "stockmovement_reference" ON "stock_movements" ("reference");
-- Create "transactions" table
CREATE TABLE "transactions" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "created_by" uuid NULL, "updated_by" uuid NULL, "payment_type" character varying NOT NULL, "employee_id" uuid NULL, "payment_id" uuid NULL, "sale_id" uuid NULL, PRIMARY KEY ("id"), CONSTRAINT "transactions_employees_transactions" FOREIGN KEY ("employee_id") REFERENCES "employees" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "transactions_payments_transactions" FOREIGN KEY ("payment_id") REFERENCES "payments" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "transactions_pos_sales_transactions" FOREIGN KEY ("sale_id") REFERENCES "pos_sales" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "transaction_employee_id" to table: "transactions"
CREATE INDEX "transaction_employee_id" ON "transactions" ("employee_id");
-- Create index "transaction_sale_id" to table: "transactions"
CREATE INDEX "transaction_sale_id" ON "transactions" ("sale_id");
