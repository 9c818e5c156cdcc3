-- Modify "users" table
ALTER TABLE "users" ADD COLUMN "username_key" character varying NULL, ADD COLUMN "session_version" bigint NOT NULL DEFAULT 0;
-- Backfill "username_key" (data, not schema): the oldest account of each lower-case name gets it;
-- a later look-alike keeps NULL, and still signs in by its exact name, rather than fail the upgrade.
UPDATE "users" SET "username_key" = lower("username") WHERE NOT EXISTS (SELECT 1 FROM "users" AS "older" WHERE lower("older"."username") = lower("users"."username") AND ("older"."created_at" < "users"."created_at" OR ("older"."created_at" = "users"."created_at" AND "older"."id" < "users"."id")));
-- Create index "users_username_key_key" to table: "users"
CREATE UNIQUE INDEX "users_username_key_key" ON "users" ("username_key");
