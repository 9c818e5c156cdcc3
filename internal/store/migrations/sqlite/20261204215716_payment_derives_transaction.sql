-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_payments" table
CREATE TABLE `new_payments` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `method` text NOT NULL, `kind` text NOT NULL DEFAULT ('SALE'), `status` text NOT NULL DEFAULT ('COMPLETED'), `amount` integer NOT NULL DEFAULT (0), `tendered` integer NOT NULL DEFAULT (0), `reference` text NULL, `notes` text NULL, `idempotency_key` text NULL, `paid_at` datetime NULL, `derives_transaction` bool NOT NULL DEFAULT (true), `cash_session_id` uuid NULL, `sale_id` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `payments_cash_sessions_payments` FOREIGN KEY (`cash_session_id`) REFERENCES `cash_sessions` (`id`) ON DELETE SET NULL, CONSTRAINT `payments_pos_sales_payments` FOREIGN KEY (`sale_id`) REFERENCES `pos_sales` (`id`) ON DELETE SET NULL, CONSTRAINT `payment_amount_nonnegative` CHECK (amount >= 0));
-- Copy rows from old table "payments" to new temporary table "new_payments"
INSERT INTO `new_payments` (`id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `method`, `kind`, `status`, `amount`, `tendered`, `reference`, `notes`, `idempotency_key`, `paid_at`, `cash_session_id`, `sale_id`) SELECT `id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `method`, `kind`, `status`, `amount`, `tendered`, `reference`, `notes`, `idempotency_key`, `paid_at`, `cash_session_id`, `sale_id` FROM `payments`;
-- Drop "payments" table after copying rows
DROP TABLE `payments`;
-- Rename temporary table "new_payments" to "payments"
ALTER TABLE `new_payments` RENAME TO `payments`;
-- Backfill "derives_transaction" (data, not schema): payments taken so far keep the legacy
-- transaction rows stored for them when they were taken; only payments from now on derive theirs.
UPDATE `payments` SET `derives_transaction` = false;
-- Create index "payment_sale_id" to table: "payments"
CREATE INDEX `payment_sale_id` ON `payments` (`sale_id`);
-- Create index "payment_method_paid_at" to table: "payments"
CREATE INDEX `payment_method_paid_at` ON `payments` (`method`, `paid_at`);
-- Create index "payment_cash_session_id" to table: "payments"
CREATE INDEX `payment_cash_session_id` ON `payments` (`cash_session_id`);
-- Create index "payment_idempotency_key" to table: "payments"
CREATE UNIQUE INDEX `payment_idempotency_key` ON `payments` (`idempotency_key`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
