-- CreateTable
CREATE TABLE "LlmResponseCache" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "answer" JSONB NOT NULL,
    "costUsd" DECIMAL(12,6) NOT NULL,
    "hits" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LlmResponseCache_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LlmResponseCache_expiresAt_idx" ON "LlmResponseCache"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "LlmResponseCache_orgId_key_key" ON "LlmResponseCache"("orgId", "key");
