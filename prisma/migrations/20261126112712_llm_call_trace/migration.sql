-- CreateTable
CREATE TABLE "LlmCallTrace" (
    "id" TEXT NOT NULL,
    "llmCallId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "prompt" JSONB NOT NULL,
    "answer" JSONB,
    "repairs" JSONB,
    "promptChars" INTEGER NOT NULL,
    "answerChars" INTEGER NOT NULL DEFAULT 0,
    "truncated" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LlmCallTrace_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LlmCallTrace_llmCallId_key" ON "LlmCallTrace"("llmCallId");

-- AddForeignKey
ALTER TABLE "LlmCallTrace" ADD CONSTRAINT "LlmCallTrace_llmCallId_fkey" FOREIGN KEY ("llmCallId") REFERENCES "LlmCall"("id") ON DELETE CASCADE ON UPDATE CASCADE;
