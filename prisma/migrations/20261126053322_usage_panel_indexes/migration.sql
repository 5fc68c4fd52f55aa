-- CreateIndex
CREATE INDEX "LlmCall_orgId_model_createdAt_idx" ON "LlmCall"("orgId", "model", "createdAt");

-- CreateIndex
CREATE INDEX "UsageRollup_orgId_userId_day_idx" ON "UsageRollup"("orgId", "userId", "day");

-- CreateIndex
CREATE INDEX "UsageRollup_orgId_apiKeyId_day_idx" ON "UsageRollup"("orgId", "apiKeyId", "day");

-- CreateIndex
CREATE INDEX "UsageRollup_orgId_taskId_day_idx" ON "UsageRollup"("orgId", "taskId", "day");
