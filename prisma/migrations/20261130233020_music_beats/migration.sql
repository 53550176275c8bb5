-- AlterTable
ALTER TABLE "music" ADD COLUMN     "beats" REAL[] DEFAULT ARRAY[]::REAL[];
