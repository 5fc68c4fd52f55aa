-- AlterTable
ALTER TABLE "AuthSession" ADD COLUMN     "lastSeenAt" TIMESTAMP(3);
