-- DropIndex
DROP INDEX "LlmCall_projectId_idx";

-- AlterTable
ALTER TABLE "LlmCall" ADD COLUMN     "agentRole" TEXT,
ADD COLUMN     "apiKeyId" TEXT,
ADD COLUMN     "cacheSavingsUsd" DECIMAL(12,6) NOT NULL DEFAULT 0,
ADD COLUMN     "priceId" TEXT,
ADD COLUMN     "tokensCacheWrite" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Org" ADD COLUMN     "catalogVersion" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "timeZone" TEXT NOT NULL DEFAULT 'UTC';

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "previousHash" TEXT,
    "previousExpiresAt" TIMESTAMP(3),
    "prefix" TEXT NOT NULL,
    "scopes" TEXT[],
    "projectId" TEXT,
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "revokedById" TEXT,
    "lastUsedAt" TIMESTAMP(3),
    "lastUsedIp" TEXT,
    "rotatedAt" TIMESTAMP(3),
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProviderCredential" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "keyCiphertext" TEXT,
    "keyNonce" TEXT,
    "keyTag" TEXT,
    "keyHint" TEXT,
    "masterKeyId" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "lastTestedAt" TIMESTAMP(3),
    "lastTestOk" BOOLEAN,
    "lastTestMessage" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProviderCredential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelCatalogEntry" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "credentialId" TEXT,
    "provider" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "tier" TEXT,
    "supportsTools" BOOLEAN NOT NULL DEFAULT true,
    "supportsStructuredOutput" BOOLEAN NOT NULL DEFAULT true,
    "supportsVision" BOOLEAN NOT NULL DEFAULT false,
    "contextWindow" INTEGER NOT NULL DEFAULT 128000,
    "maxOutputTokens" INTEGER NOT NULL DEFAULT 16384,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "currentPriceId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ModelCatalogEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelPrice" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "entryId" TEXT NOT NULL,
    "inputPerMTok" DECIMAL(14,6) NOT NULL,
    "outputPerMTok" DECIMAL(14,6) NOT NULL,
    "cachedReadPerMTok" DECIMAL(14,6) NOT NULL,
    "cacheWritePerMTok" DECIMAL(14,6) NOT NULL,
    "source" TEXT NOT NULL,
    "effectiveFrom" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelPrice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TierAssignment" (
    "orgId" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "entryId" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TierAssignment_pkey" PRIMARY KEY ("orgId","tier")
);

-- CreateTable
CREATE TABLE "Budget" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "scopeId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "limit" DECIMAL(18,6) NOT NULL,
    "policy" TEXT NOT NULL DEFAULT 'ask',
    "periodStart" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "spent" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "held" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "alerted" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Budget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BudgetHold" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "budgetId" TEXT NOT NULL,
    "admissionId" TEXT NOT NULL,
    "amount" DECIMAL(18,6) NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BudgetHold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageRollup" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "projectId" TEXT NOT NULL DEFAULT '',
    "taskId" TEXT NOT NULL DEFAULT '',
    "userId" TEXT NOT NULL DEFAULT '',
    "apiKeyId" TEXT NOT NULL DEFAULT '',
    "agentRole" TEXT NOT NULL DEFAULT '',
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "tokensIn" BIGINT NOT NULL DEFAULT 0,
    "tokensOut" BIGINT NOT NULL DEFAULT 0,
    "tokensCached" BIGINT NOT NULL DEFAULT 0,
    "costUsd" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "cacheSavingsUsd" DECIMAL(18,6) NOT NULL DEFAULT 0,

    CONSTRAINT "UsageRollup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "userId" TEXT,
    "permission" TEXT,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL DEFAULT 'info',
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "dedupeKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationRead" (
    "notificationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationRead_pkey" PRIMARY KEY ("notificationId","userId")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_secretHash_key" ON "ApiKey"("secretHash");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_previousHash_key" ON "ApiKey"("previousHash");

-- CreateIndex
CREATE INDEX "ApiKey_orgId_createdAt_idx" ON "ApiKey"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "ApiKey_createdById_idx" ON "ApiKey"("createdById");

-- CreateIndex
CREATE UNIQUE INDEX "ProviderCredential_orgId_name_key" ON "ProviderCredential"("orgId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ModelCatalogEntry_orgId_source_modelId_key" ON "ModelCatalogEntry"("orgId", "source", "modelId");

-- CreateIndex
CREATE INDEX "ModelPrice_entryId_effectiveFrom_idx" ON "ModelPrice"("entryId", "effectiveFrom");

-- CreateIndex
CREATE INDEX "Budget_orgId_idx" ON "Budget"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "Budget_scope_scopeId_metric_period_key" ON "Budget"("scope", "scopeId", "metric", "period");

-- CreateIndex
CREATE INDEX "BudgetHold_budgetId_idx" ON "BudgetHold"("budgetId");

-- CreateIndex
CREATE INDEX "BudgetHold_expiresAt_idx" ON "BudgetHold"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "BudgetHold_admissionId_budgetId_key" ON "BudgetHold"("admissionId", "budgetId");

-- CreateIndex
CREATE INDEX "UsageRollup_orgId_day_idx" ON "UsageRollup"("orgId", "day");

-- CreateIndex
CREATE INDEX "UsageRollup_orgId_projectId_day_idx" ON "UsageRollup"("orgId", "projectId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "UsageRollup_orgId_day_projectId_taskId_userId_apiKeyId_agen_key" ON "UsageRollup"("orgId", "day", "projectId", "taskId", "userId", "apiKeyId", "agentRole", "provider", "model", "purpose", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_dedupeKey_key" ON "Notification"("dedupeKey");

-- CreateIndex
CREATE INDEX "Notification_orgId_createdAt_idx" ON "Notification"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "LlmCall_projectId_createdAt_idx" ON "LlmCall"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "LlmCall_taskId_idx" ON "LlmCall"("taskId");

-- CreateIndex
CREATE INDEX "LlmCall_orgId_apiKeyId_createdAt_idx" ON "LlmCall"("orgId", "apiKeyId", "createdAt");

-- CreateIndex
CREATE INDEX "LlmCall_orgId_userId_createdAt_idx" ON "LlmCall"("orgId", "userId", "createdAt");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProviderCredential" ADD CONSTRAINT "ProviderCredential_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelCatalogEntry" ADD CONSTRAINT "ModelCatalogEntry_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelCatalogEntry" ADD CONSTRAINT "ModelCatalogEntry_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "ProviderCredential"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelPrice" ADD CONSTRAINT "ModelPrice_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "ModelCatalogEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BudgetHold" ADD CONSTRAINT "BudgetHold_budgetId_fkey" FOREIGN KEY ("budgetId") REFERENCES "Budget"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationRead" ADD CONSTRAINT "NotificationRead_notificationId_fkey" FOREIGN KEY ("notificationId") REFERENCES "Notification"("id") ON DELETE CASCADE ON UPDATE CASCADE;
