-- CreateEnum
CREATE TYPE "inference_job_status" AS ENUM ('pending', 'running', 'succeeded', 'failed', 'canceled');

-- CreateTable
CREATE TABLE "users" (
    "id" SERIAL NOT NULL,
    "username" VARCHAR(64) NOT NULL,
    "password_hash" TEXT NOT NULL,
    "timezone" VARCHAR(64) NOT NULL DEFAULT 'Asia/Taipei',
    "locale" VARCHAR(16) NOT NULL DEFAULT 'zh-TW',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "token_hash" CHAR(64) NOT NULL,
    "user_id" INTEGER NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("token_hash")
);

-- CreateTable
CREATE TABLE "recordings" (
    "id" UUID NOT NULL,
    "user_id" INTEGER NOT NULL,
    "s3_key" TEXT NOT NULL,
    "content_type" VARCHAR(128) NOT NULL DEFAULT 'video/mp4',
    "content_hash" CHAR(64) NOT NULL,
    "start_time" TIMESTAMPTZ(3) NOT NULL,
    "end_time" TIMESTAMPTZ(3) NOT NULL,
    "duration" DOUBLE PRECISION NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "fps" DOUBLE PRECISION NOT NULL,
    "has_audio" BOOLEAN NOT NULL,
    "rotation" INTEGER NOT NULL DEFAULT 0,
    "size_bytes" BIGINT NOT NULL,
    "thumbnail_key" TEXT,
    "interest_scores" REAL[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recordings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" UUID NOT NULL,
    "user_id" INTEGER NOT NULL,
    "recording_id" UUID NOT NULL,
    "start_time" TIMESTAMPTZ(3),
    "duration" DOUBLE PRECISION,
    "action" TEXT,
    "scene" TEXT,
    "summary" TEXT,
    "thumbnail_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "diary" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "content" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "diary_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "music" (
    "id" UUID NOT NULL,
    "user_id" INTEGER,
    "s3_key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "composer" TEXT,
    "duration" DOUBLE PRECISION NOT NULL,
    "content_type" VARCHAR(128) NOT NULL DEFAULT 'audio/mpeg',
    "content_hash" CHAR(64) NOT NULL,
    "peaks" REAL[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "music_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vlogs" (
    "id" UUID NOT NULL,
    "user_id" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "target_date" DATE NOT NULL,
    "status" VARCHAR(50) NOT NULL DEFAULT 'pending',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "status_message" TEXT,
    "settings" JSONB,
    "s3_key" TEXT,
    "thumbnail_key" TEXT,
    "duration" DOUBLE PRECISION,
    "size_bytes" BIGINT,
    "error" TEXT,
    "idempotency_key" VARCHAR(128),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "vlogs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vlog_segments" (
    "id" UUID NOT NULL,
    "vlog_id" UUID NOT NULL,
    "event_id" UUID,
    "recording_id" UUID NOT NULL,
    "sequence_order" INTEGER NOT NULL,
    "start_offset" DOUBLE PRECISION NOT NULL,
    "end_offset" DOUBLE PRECISION NOT NULL,
    "output_start" DOUBLE PRECISION,

    CONSTRAINT "vlog_segments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inference_jobs" (
    "id" UUID NOT NULL,
    "type" VARCHAR(128) NOT NULL,
    "status" "inference_job_status" NOT NULL DEFAULT 'pending',
    "params" JSONB,
    "result" JSONB,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "max_attempts" INTEGER NOT NULL DEFAULT 3,
    "heartbeat_at" TIMESTAMPTZ(3),
    "locked_by" VARCHAR(128),
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "inference_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE INDEX "recordings_user_id_start_time_idx" ON "recordings"("user_id", "start_time");

-- CreateIndex
CREATE UNIQUE INDEX "recordings_user_id_content_hash_key" ON "recordings"("user_id", "content_hash");

-- CreateIndex
CREATE INDEX "events_user_id_start_time_idx" ON "events"("user_id", "start_time");

-- CreateIndex
CREATE INDEX "events_recording_id_idx" ON "events"("recording_id");

-- CreateIndex
CREATE UNIQUE INDEX "diary_user_id_date_key" ON "diary"("user_id", "date");

-- CreateIndex
CREATE UNIQUE INDEX "music_content_hash_key" ON "music"("content_hash");

-- CreateIndex
CREATE INDEX "vlogs_user_id_target_date_created_at_idx" ON "vlogs"("user_id", "target_date", "created_at" DESC);

-- CreateIndex
CREATE INDEX "vlogs_user_id_status_idx" ON "vlogs"("user_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "vlogs_user_id_idempotency_key_key" ON "vlogs"("user_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "vlog_segments_event_id_idx" ON "vlog_segments"("event_id");

-- CreateIndex
CREATE INDEX "vlog_segments_recording_id_idx" ON "vlog_segments"("recording_id");

-- CreateIndex
CREATE UNIQUE INDEX "vlog_segments_vlog_id_sequence_order_key" ON "vlog_segments"("vlog_id", "sequence_order");

-- CreateIndex
CREATE INDEX "inference_jobs_status_created_at_idx" ON "inference_jobs"("status", "created_at");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_recording_id_fkey" FOREIGN KEY ("recording_id") REFERENCES "recordings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "diary" ADD CONSTRAINT "diary_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "music" ADD CONSTRAINT "music_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vlogs" ADD CONSTRAINT "vlogs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vlog_segments" ADD CONSTRAINT "vlog_segments_vlog_id_fkey" FOREIGN KEY ("vlog_id") REFERENCES "vlogs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vlog_segments" ADD CONSTRAINT "vlog_segments_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vlog_segments" ADD CONSTRAINT "vlog_segments_recording_id_fkey" FOREIGN KEY ("recording_id") REFERENCES "recordings"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
