-- AlterEnum
ALTER TYPE "ProjectStatus" ADD VALUE 'needs_attention';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "RunStatus" ADD VALUE 'waiting_for_human';
ALTER TYPE "RunStatus" ADD VALUE 'needs_attention';

-- AlterEnum
ALTER TYPE "TaskStatus" ADD VALUE 'needs_attention';

-- AlterTable
ALTER TABLE "Question" ADD COLUMN     "outcome" TEXT;
