-- DropForeignKey
ALTER TABLE "vlog_segments" DROP CONSTRAINT "vlog_segments_recording_id_fkey";

-- AddForeignKey
ALTER TABLE "vlog_segments" ADD CONSTRAINT "vlog_segments_recording_id_fkey" FOREIGN KEY ("recording_id") REFERENCES "recordings"("id") ON DELETE CASCADE ON UPDATE CASCADE;
