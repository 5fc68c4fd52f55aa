-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "createdByApiKeyId" TEXT;
