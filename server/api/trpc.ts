import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { issueSentences } from "@/lib/issue-sentence";
import type { Permission, Role } from "@/lib/rbac";
import { auditSummary, recordAudit, writeAudit, type AuditEntry } from "@/server/audit";
import { authorizeOrg, authorizeProject, principalFromRequest, roleIn, type Principal, type UserPrincipal } from "@/server/auth";
import { db, RolledBack, withTransactionScope } from "@/server/db";
import { AppError } from "@/server/errors";
import { logger } from "@/server/observability/logger";

/** Who may call a procedure; set by the builder, read by the authorization test suite. */
export type Access = "public" | "authenticated" | Permission;
export type Meta = {
  access: Access;
  /**
   * For mutations that call a model: they run without the request transaction (a model call can take
   * minutes, and would hold the one embedded connection all that time; its cost rows must commit on
   * their own). Their service makes its change in its own transaction; the audit row follows it.
   */
  outsideTransaction?: true;
  /** Only a person signed in with a session may call it (protectedProcedure): API keys are refused. */
  personOnly?: true;
};

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
  /** The request's headers (absent for server-side callers): for procedures that answer with links to this address. */
  headers?: Headers;
};

export async function createContext(opts: { headers: Headers }): Promise<Context> {
  return {
    db,
    principal: await principalFromRequest(opts.headers).catch((err: unknown) => {
      // A bad bearer token refuses the whole request (401 with the reason), whatever the procedure.
      if (err instanceof AppError) throw new TRPCError({ code: err.code, message: err.message, cause: err });
      throw err;
    }),
    ip: opts.headers.get("x-aios-client-ip"),
    requestId: opts.headers.get("x-request-id") ?? crypto.randomUUID(),
    audit: {},
    headers: opts.headers,
  };
}

/** Context for server-side callers (tests, scripts): the same ladder, a given principal. */
export function contextFor(principal: Principal | null, ip: string | null = null): Context {
  return { db, principal, ip, requestId: crypto.randomUUID(), audit: {} };
}

function readableZodMessage(error: ZodError): string {
  return issueSentences(error.issues);
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
    } else if (unstorableInput(cause)) {
      // Defence in depth behind the input guard: text the database cannot store is the caller's problem.
      logger.warn({ err: cause, path, requestId: ctx.requestId }, "input the database cannot store");
      result.error = new TRPCError({ code: "BAD_REQUEST", message: "The input contains text that cannot be stored (too long, or with NUL characters or invalid Unicode).", cause });
    } else if (result.error.code === "INTERNAL_SERVER_ERROR") {
      logger.error({ err: cause ?? result.error, path, requestId: ctx.requestId }, "procedure failed");
    }
  }
  return result;
});

/** Postgres refusing a value (NUL byte, bad Unicode escape, too long) or a stack overflow on input. */
function unstorableInput(cause: unknown): boolean {
  if (cause instanceof RangeError) return /call stack/i.test(cause.message);
  const text = `${(cause as { code?: string })?.code ?? ""} ${String((cause as Error)?.message ?? "")}`;
  return /\b(P2000|22021|22P05|22001)\b|invalid byte sequence|unsupported Unicode escape|value too long/i.test(text);
}

/**
 * One append-only audit row per mutation, whatever its outcome (outside `errors`, so it sees mapped
 * codes). The mutation runs in a transaction scope: every `db` call inside joins one transaction, and
 * the success row is written in it, so the change and its row commit together or not at all. A failed
 * or refused mutation is rolled back whole (no partial change) and its row written afterwards.
 */
const audit = t.middleware(async ({ ctx, next, path, type, getRawInput, meta }) => {
  if (type !== "mutation") return next();
  // Summarised before the mutation runs, and total: nothing about the input can fail the row later.
  const input = auditSummary(await getRawInput().catch(() => "[unreadable input]"));
  const row = (code?: string): AuditEntry => ({
    orgId: ctx.audit.orgId ?? null,
    // A procedure that creates its actor (setup, accepting an invite) names them; a session may belong to someone else.
    actorId: ctx.audit.actor?.id ?? ctx.principal?.userId ?? null,
    actorEmail: ctx.audit.actor?.email ?? ctx.principal?.email ?? null,
    action: path,
    targetType: ctx.audit.targetType ?? null,
    targetId: ctx.audit.targetId ?? null,
    outcome: !code ? "success" : code === "FORBIDDEN" || code === "UNAUTHORIZED" ? "denied" : "failure",
    ip: ctx.ip,
    detail: {
      input,
      ...ctx.audit.detail,
      // Which key acted (the actor is its creator); never the secret, which no input or output carries into this row.
      // (Not under a field named "...key...": the summary redacts those.)
      ...(ctx.principal?.kind === "apiKey" ? { caller: { kind: "api key", id: ctx.principal.key.id } } : {}),
      ...(ctx.audit.actor && ctx.principal && ctx.principal.userId !== ctx.audit.actor.id ? { signedInAs: ctx.principal.userId } : {}),
      ...(code ? { error: code } : {}),
    },
  });
  type Result = Awaited<ReturnType<typeof next>>;
  if (meta?.outsideTransaction) {
    const result = await next();
    await writeAudit(row(result.ok ? undefined : result.error.code));
    return result;
  }
  let result: Result;
  try {
    result = await withTransactionScope<Result>(async () => {
      const r = await next();
      if (!r.ok) throw new RolledBack(r);
      await recordAudit(row());
      return r;
    });
  } catch (err) {
    // The change was rolled back because its audit row (or the commit) failed: say so, keep the row in the log.
    logger.error({ err, audit: row("AUDIT_WRITE_FAILED"), requestId: ctx.requestId }, "mutation rolled back: audit row or commit failed");
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "The change could not be recorded, so it was not made.", cause: err });
  }
  if (!result.ok) await writeAudit(row(result.error.code));
  return result;
});

/** Marks a mutation that calls a model (see Meta.outsideTransaction). */
export function callsModel<B extends { _def: { meta?: Meta }; meta: (meta: Meta) => B }>(builder: B): B {
  return builder.meta({ ...builder._def.meta!, outsideTransaction: true });
}

export const publicProcedure = t.procedure.meta({ access: "public" }).use(audit).use(errors);

/** Any signed-in caller: a person's session or an API key. The base of the org and project builders. */
const authenticatedProcedure = t.procedure
  .meta({ access: "authenticated" })
  .use(audit)
  .use(errors)
  .use(({ ctx, next }) => {
    if (!ctx.principal) throw new AppError("UNAUTHORIZED", "Please sign in.");
    return next({ ctx: { principal: ctx.principal } });
  });

/**
 * A person's own account (profile, password, sessions, creating orgs): sessions only. An API key is
 * refused here by the ladder, not by each procedure, so a procedure added with this builder is safe by
 * default; what a key may do is defined by permissions (orgProcedure, projectProcedure).
 */
export const protectedProcedure = authenticatedProcedure.meta({ access: "authenticated", personOnly: true }).use(({ ctx, next }) => {
  if (ctx.principal.kind !== "user") {
    throw new AppError("FORBIDDEN", "API keys cannot do this: it acts on a person's own account. Sign in to AIOS as that person instead.");
  }
  return next({ ctx: { principal: ctx.principal as UserPrincipal } });
});

/** A procedure inside one org: input carries `orgId`, the caller's role there must grant `permission`. */
export function orgProcedure(permission: Permission) {
  return authenticatedProcedure
    .meta({ access: permission })
    .input(z.object({ orgId: z.string().min(1).max(64) }))
    .use(({ ctx, input, next }) => {
      // An audit row goes into an org only if the caller belongs to it; an outsider's attempt stays
      // the caller's own security event (orgId null).
      if (roleIn(ctx.principal, input.orgId)) ctx.audit.orgId = input.orgId;
      const org = authorizeOrg(ctx.principal, input.orgId, permission);
      return next({ ctx: { org: org as { orgId: string; role: Role } } });
    });
}

/** A procedure on one project: input carries `projectId`; checked against the project's org. */
export function projectProcedure(permission: Permission) {
  return authenticatedProcedure
    .meta({ access: permission })
    .input(z.object({ projectId: z.string().min(1).max(64) }))
    .use(async ({ ctx, input, next }) => {
      ctx.audit.targetType = "project";
      ctx.audit.targetId = input.projectId;
      const scope = await authorizeProject(ctx.principal, input.projectId, permission).catch(async (err: unknown) => {
        // A member without the permission is refused inside their own org: record it there.
        if (err instanceof AppError && err.code === "FORBIDDEN") ctx.audit.orgId = await projectOrg(input.projectId);
        throw err;
      });
      ctx.audit.orgId = scope.orgId;
      return next({ ctx: { org: { orgId: scope.orgId, role: scope.role }, project: { id: scope.projectId } } });
    });
}

async function projectOrg(projectId: string): Promise<string | undefined> {
  return (await db.project.findUnique({ where: { id: projectId }, select: { orgId: true } }))?.orgId;
}
