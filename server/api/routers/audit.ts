import "server-only";
import { AuditQuery, listAudit, listAuditActions } from "@/server/audit";
import { orgProcedure, router } from "../trpc";

export const auditRouter = router({
  list: orgProcedure("audit:read")
    .input(AuditQuery)
    .query(({ input }) => listAudit(input.orgId, input)),
  actions: orgProcedure("audit:read").query(({ input }) => listAuditActions(input.orgId)),
});
