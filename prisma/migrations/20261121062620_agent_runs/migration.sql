-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "enabled" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "conversationId" TEXT,
ADD COLUMN     "plan" JSONB;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "commitSha" TEXT,
ADD COLUMN     "costUsd" DECIMAL(12,6) NOT NULL DEFAULT 0,
ADD COLUMN     "steps" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "summary" TEXT,
ADD COLUMN     "tokensIn" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "tokensOut" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "feedback" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "Question" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "runId" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'question',
    "text" TEXT NOT NULL,
    "payload" JSONB,
    "answer" TEXT,
    "answeredById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" TIMESTAMP(3),

    CONSTRAINT "Question_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Question_projectId_answeredAt_idx" ON "Question"("projectId", "answeredAt");

-- CreateIndex
CREATE INDEX "Question_taskId_idx" ON "Question"("taskId");
