import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { rolesWith, type Permission } from "@/lib/rbac";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { logger } from "@/server/observability/logger";

export type MailConfig = { smtpUrl: string; from: string };

type MailState = { config: MailConfig | null; transport?: Transporter };
// On globalThis: Next's route handlers run in a separately bundled module graph (one transport per process).
const g = globalThis as { __aiosMail?: MailState };

function state(): MailState {
  return (g.__aiosMail ??= { config: env.AIOS_SMTP_URL ? { smtpUrl: env.AIOS_SMTP_URL, from: env.AIOS_MAIL_FROM ?? "AIOS <aios@localhost>" } : null });
}

/** Replaces the configuration from the environment (null: e-mail off). For tests and scripts. */
export function configureMail(config: MailConfig | null): void {
  state().transport?.close();
  g.__aiosMail = { config };
}

export function mailEnabled(): boolean {
  return state().config !== null;
}

function transport(s: MailState & { config: MailConfig }): Transporter {
  // Short timeouts: a slow mail server delays only the e-mail, never the work that notified.
  return (s.transport ??= nodemailer.createTransport(s.config.smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 }));
}

/** Who a notification reaches: its one person, or everyone in the org whose role holds its permission. */
async function recipients(n: { orgId: string; userId: string | null; permission: string | null }): Promise<string[]> {
  const roles = n.permission ? rolesWith(n.permission as Permission) : undefined;
  const members = await db.membership.findMany({
    where: { orgId: n.orgId, ...(n.userId ? { userId: n.userId } : roles ? { role: { in: roles } } : {}) },
    select: { user: { select: { email: true } } },
  });
  return [...new Set(members.map((m) => m.user.email).filter((e): e is string => Boolean(e)))];
}

/**
 * E-mails these notifications to their recipients, one message per person (nobody sees who else got
 * it). Best effort: called in the background after the commit that created them; a failure is logged
 * (without the SMTP URL, which holds a password) and never reaches the caller. Returns how many went out.
 */
export async function mailNotifications(ids: string[]): Promise<number> {
  const s = state();
  if (!s.config || ids.length === 0) return 0;
  let sent = 0;
  try {
    const rows = await db.notification.findMany({ where: { id: { in: ids } }, select: { id: true, orgId: true, userId: true, permission: true, title: true, body: true, link: true } });
    for (const n of rows) {
      const link = n.link ? new URL(n.link, env.publicUrl).toString() : null;
      const text = `${n.body}${link ? `\n\nOpen it in AIOS: ${link}` : ""}\n`;
      for (const to of await recipients(n)) {
        try {
          await transport(s as MailState & { config: MailConfig }).sendMail({ from: s.config.from, to, subject: n.title, text });
          sent++;
        } catch (err) {
          logger.warn({ notificationId: n.id, error: (err as Error).message }, "a notification e-mail could not be sent");
        }
      }
    }
  } catch (err) {
    logger.warn({ error: (err as Error).message }, "notification e-mails could not be prepared");
  }
  return sent;
}
