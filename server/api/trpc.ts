import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { Permission, Role } from "@/lib/rbac";
import { redactInput, writeAudit } from "@/server/audit";
import { authorizeOrg, authorizeProject, principalFromCookieHeader, type Principal } from "@/server/auth";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { logger } from "@/server/observability/logger";

/** Who may call a procedure; set by the builder, read by the authorization test suite. */
export type Access = "public" | "authenticated" | Permission;
export type Meta = { access: Access };

/** Filled in as a request passes the ladder, so the audit middleware can say what was touched. */
type AuditScope = {
  orgId?: string;
  /** For public procedures that create the actor (setup, accepting an invite). */
  actor?: { id: string; email: string };
  targetType?: string;
  targetId?: string;
  detail?: Record<string, unknown>;
};

export type Context = {
  db: typeof db;
  principal: Principal | null;
  ip: string | null;
  requestId: string;
  audit: AuditScope;
};

export async function createContext(opts: { headers: Headers }): Promise<Context> {
  return {
    db,
    principal: await principalFromCookieHeader(opts.headers.get("cookie")),
    ip: opts.headers.get("x-aios-client-ip"),
    requestId: opts.headers.get("x-request-id") ?? crypto.randomUUID(),
    audit: {},
  };
}

/** Context for server-side callers (tests, scripts): the same ladder, a given principal. */
export function contextFor(principal: Principal | null, ip: string | null = null): Context {
  return { db, principal, ip, requestId: crypto.randomUUID(), audit: {} };
}

function readableZodMessage(error: ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const zod = error.cause instanceof ZodError ? error.cause : null;
      // 5xx details stay in the logs.
      const hidden = error.code === "INTERNAL_SERVER_ERROR";
      return {
        ...shape,
        message: zod ? readableZodMessage(zod) : hidden ? "Something went wrong on our side. Please try again." : shape.message,
        data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path },
      };
    },
  });

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/** Maps the services' AppError (and Prisma's unique violation) to tRPC errors; logs the rest. */
const errors = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof ZodError && result.error.code === "BAD_REQUEST") {
      result.error = new TRPCError({ code: "BAD_REQUEST", message: readableZodMessage(cause), cause });
    } else if (cause instanceof AppError) {
      result.error = new TRPCError({ code: cause.code, message: cause.message, cause });
    } else if ((cause as { code?: string } | undefined)?.code === "P2002") {
      result.error = new TRPCError({ code: "CONFLICT", message: "That already exists.", cause });
    } else if (result.error.code === "INTERNAL_SERVER_ERROR") {
      logger.error({ err: cause ?? result.error, path, requestId: ctx.requestId }, "procedure failed");
    }
  }
  return result;
});

/** One append-only audit row per mutation, whatever its outcome (outside `errors`, so it sees mapped codes). */
const audit = t.middleware(async ({ ctx, next, path, type, getRawInput }) => {
  const result = await next();
  if (type !== "mutation") return result;
  const code = result.ok ? null : result.error.code;
  const outcome = result.ok ? "success" : code === "FORBIDDEN" || code === "UNAUTHORIZED" ? "denied" : "failure";
  const input = await getRawInput().catch(() => undefined);
  await writeAudit({
    orgId: ctx.audit.orgId ?? null,
    actorId: ctx.principal?.userId ?? ctx.audit.actor?.id ?? null,
    actorEmail: ctx.principal?.email ?? ctx.audit.actor?.email ?? null,
    action: path,
    targetType: ctx.audit.targetType ?? null,
    targetId: ctx.audit.targetId ?? null,
    outcome,
    ip: ctx.ip,
    detail: redactInput({ input, ...ctx.audit.detail, ...(code ? { error: code } : {}) }),
  });
  return result;
});

export const publicProcedure = t.procedure.meta({ access: "public" }).use(audit).use(errors);

export const protectedProcedure = t.procedure
  .meta({ access: "authenticated" })
  .use(audit)
  .use(errors)
  .use(({ ctx, next }) => {
    if (!ctx.principal) throw new AppError("UNAUTHORIZED", "Please sign in.");
    return next({ ctx: { principal: ctx.principal } });
  });

/** A procedure inside one org: input carries `orgId`, the caller's role there must grant `permission`. */
export function orgProcedure(permission: Permission) {
  return protectedProcedure
    .meta({ access: permission })
    .input(z.object({ orgId: z.string().min(1).max(64) }))
    .use(({ ctx, input, next }) => {
      ctx.audit.orgId = input.orgId;
      const org = authorizeOrg(ctx.principal, input.orgId, permission);
      return next({ ctx: { org: org as { orgId: string; role: Role } } });
    });
}

/** A procedure on one project: input carries `projectId`; checked against the project's org. */
export function projectProcedure(permission: Permission) {
  return protectedProcedure
    .meta({ access: permission })
    .input(z.object({ projectId: z.string().min(1).max(64) }))
    .use(async ({ ctx, input, next }) => {
      ctx.audit.targetType = "project";
      ctx.audit.targetId = input.projectId;
      const scope = await authorizeProject(ctx.principal, input.projectId, permission);
      ctx.audit.orgId = scope.orgId;
      return next({ ctx: { org: { orgId: scope.orgId, role: scope.role }, project: { id: scope.projectId } } });
    });
}
