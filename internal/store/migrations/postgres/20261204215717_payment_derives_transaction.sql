-- Modify "payments" table
ALTER TABLE "payments" ADD COLUMN "derives_transaction" boolean NOT NULL DEFAULT true;
-- Backfill "derives_transaction" (data, not schema): payments taken so far keep the legacy
-- transaction rows stored for them when they were taken; only payments from now on derive theirs.
UPDATE "payments" SET "derives_transaction" = false;
