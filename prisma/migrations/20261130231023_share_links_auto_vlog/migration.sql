-- AlterTable
ALTER TABLE "users" ADD COLUMN     "auto_vlog" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "auto_vlog_since" TIMESTAMPTZ(3),
ADD COLUMN     "auto_vlog_time" VARCHAR(5) NOT NULL DEFAULT '21:00',
ADD COLUMN     "default_max_duration" INTEGER NOT NULL DEFAULT 60,
ADD COLUMN     "default_music_id" UUID,
ADD COLUMN     "default_resolution" VARCHAR(8) NOT NULL DEFAULT 'P720';

-- AlterTable
ALTER TABLE "vlogs" ADD COLUMN     "origin" VARCHAR(16) NOT NULL DEFAULT 'manual';

-- CreateTable
CREATE TABLE "share_links" (
    "id" UUID NOT NULL,
    "vlog_id" UUID NOT NULL,
    "user_id" INTEGER NOT NULL,
    "note" VARCHAR(200),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "share_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "auto_vlog_runs" (
    "user_id" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "reason" VARCHAR(32),
    "message" TEXT,
    "vlog_id" UUID,
    "claimed_by" VARCHAR(128),
    "claimed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "auto_vlog_runs_pkey" PRIMARY KEY ("user_id","date")
);

-- CreateIndex
CREATE INDEX "share_links_vlog_id_expires_at_idx" ON "share_links"("vlog_id", "expires_at");

-- CreateIndex
CREATE INDEX "share_links_user_id_idx" ON "share_links"("user_id");

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_default_music_id_fkey" FOREIGN KEY ("default_music_id") REFERENCES "music"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_vlog_id_fkey" FOREIGN KEY ("vlog_id") REFERENCES "vlogs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "auto_vlog_runs" ADD CONSTRAINT "auto_vlog_runs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
