-- AlterTable
ALTER TABLE "LlmCall" ADD COLUMN     "attempt" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "routing" JSONB;
