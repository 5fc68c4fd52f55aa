import "server-only";
import { z } from "zod";
import {
  CreateApiKeyInput,
  createApiKey,
  listOrgApiKeys,
  listOwnApiKeys,
  revokeApiKey,
  RotateApiKeyInput,
  rotateApiKey,
} from "@/server/governance/api-keys";
import { orgProcedure, router } from "../trpc";

// API keys (contract: /work/notes/contracts/api-keys-router.md). `create` and `rotate` return the secret
// once; the audit row records only the input, which never carries one.
const KeyRef = z.object({ keyId: z.string().min(1).max(64) });

export const apiKeysRouter = router({
  mine: orgProcedure("keys:own").query(({ ctx, input }) => listOwnApiKeys(ctx.principal, input.orgId)),
  list: orgProcedure("keys:manage").query(({ input }) => listOrgApiKeys(input.orgId)),

  create: orgProcedure("keys:own")
    .input(CreateApiKeyInput)
    .mutation(async ({ ctx, input }) => {
      const result = await createApiKey(ctx.principal, input.orgId, input);
      Object.assign(ctx.audit, { targetType: "apiKey", targetId: result.key.id, detail: { prefix: result.key.prefix } });
      return result;
    }),

  rotate: orgProcedure("keys:own")
    .input(RotateApiKeyInput)
    .mutation(async ({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "apiKey", targetId: input.keyId });
      return rotateApiKey(ctx.principal, input.orgId, input);
    }),

  revoke: orgProcedure("keys:own")
    .input(KeyRef)
    .mutation(async ({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "apiKey", targetId: input.keyId });
      return revokeApiKey(ctx.principal, input.orgId, input.keyId, false);
    }),

  /** Admins revoke anyone's key (they never rotate another person's: that would hand them its secret). */
  revokeAny: orgProcedure("keys:manage")
    .input(KeyRef)
    .mutation(async ({ ctx, input }) => {
      Object.assign(ctx.audit, { targetType: "apiKey", targetId: input.keyId });
      return revokeApiKey(ctx.principal, input.orgId, input.keyId, true);
    }),
});
