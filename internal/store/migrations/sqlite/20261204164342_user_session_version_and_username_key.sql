-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_users" table
CREATE TABLE `new_users` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `created_by` uuid NULL, `updated_by` uuid NULL, `username` text NOT NULL, `username_key` text NULL, `session_version` integer NOT NULL DEFAULT (0), `password_hash` text NOT NULL, `full_name` text NULL, `email` text NULL, `is_active` bool NOT NULL DEFAULT (true), `last_login_at` datetime NULL, `role_id` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `users_roles_users` FOREIGN KEY (`role_id`) REFERENCES `roles` (`id`) ON DELETE SET NULL);
-- Copy rows from old table "users" to new temporary table "new_users"
INSERT INTO `new_users` (`id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `username`, `password_hash`, `full_name`, `email`, `is_active`, `last_login_at`, `role_id`) SELECT `id`, `created_at`, `updated_at`, `created_by`, `updated_by`, `username`, `password_hash`, `full_name`, `email`, `is_active`, `last_login_at`, `role_id` FROM `users`;
-- Drop "users" table after copying rows
DROP TABLE `users`;
-- Rename temporary table "new_users" to "users"
ALTER TABLE `new_users` RENAME TO `users`;
-- Create index "users_username_key" to table: "users"
CREATE UNIQUE INDEX `users_username_key` ON `users` (`username`);
-- Backfill "username_key" (data, not schema): the oldest account of each lower-case name gets it;
-- a later look-alike keeps NULL, and still signs in by its exact name, rather than fail the upgrade.
UPDATE `users` SET `username_key` = lower(`username`) WHERE NOT EXISTS (SELECT 1 FROM `users` AS `older` WHERE lower(`older`.`username`) = lower(`users`.`username`) AND (`older`.`created_at` < `users`.`created_at` OR (`older`.`created_at` = `users`.`created_at` AND `older`.`id` < `users`.`id`)));
-- Create index "users_username_key_key" to table: "users"
CREATE UNIQUE INDEX `users_username_key_key` ON `users` (`username_key`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
