-- DropIndex
DROP INDEX "music_content_hash_key";

-- AlterTable
ALTER TABLE "vlogs" ADD COLUMN     "error_code" VARCHAR(32);

-- CreateTable
CREATE TABLE "login_attempts" (
    "key" VARCHAR(200) NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "blocked_until" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "login_attempts_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "login_attempts_updated_at_idx" ON "login_attempts"("updated_at");

-- CreateIndex
CREATE INDEX "inference_jobs_started_at_idx" ON "inference_jobs"("started_at");

-- CreateIndex
CREATE UNIQUE INDEX "music_user_id_content_hash_key" ON "music"("user_id", "content_hash");

-- Failures recorded before error codes carried file paths and encoder output: replace them
-- with the generic sentence (the server log of that time keeps the detail).
UPDATE "vlogs" SET "error_code" = 'INTERNAL',
  "error" = 'Something went wrong on the server; retry, and tell the administrator if it keeps failing.'
  WHERE "status" = 'failed';
UPDATE "inference_jobs" SET "error" = 'Something went wrong on the server; retry, and tell the administrator if it keeps failing.'
  WHERE "status" = 'failed';
