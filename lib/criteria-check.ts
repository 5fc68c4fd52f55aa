// Pure (no database, both sides): the runner and the offline model's test harness settle finishes the same way.
import type { CriterionVerdict } from "@/lib/agent-tools";

/** A criterion as recorded on the task once the server checked the agent's verdict. */
export type CheckedCriterion = { criterion: string; met: boolean; evidence: string | null; problem?: string };

export type FinishCheck = { ok: boolean; reason?: string; criteria: CheckedCriterion[] };

// A summary that says the work was not done cannot end green, whatever the verdicts claim.
const ADMITS_NOT_DONE =
  /\b(did not|didn't|could not|couldn't|was not able to|wasn't able to|unable to) (implement|build|finish|complete|do|verify|write|make)\b|\bnot (yet )?(implemented|verified|done)\b|needs a real model|nothing is verified/i;

const norm = (s: string) => s.toLowerCase().replace(/[`“”"'.]/g, "").replace(/\s+/g, " ").trim();

/** Each command's latest outcome, from the commands in the order they ran (a pass then a failure is a failure). */
export function latestOutcomes(ran: { command: string; ok: boolean }[]): Map<string, boolean> {
  const latest = new Map<string, boolean>();
  for (const r of ran) latest.set(r.command.trim(), r.ok);
  return latest;
}

/** The command an evidence text names: the text itself, or a `backticked` part of it. */
function commandsIn(evidence: string): string[] {
  const plain = evidence.trim().replace(/^\$\s*/, "").replace(/^`+|`+$/g, "").trim();
  const quoted = [...evidence.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace(/^\$\s*/, "").trim());
  return [plain, ...quoted].filter(Boolean);
}

/**
 * Checks a finish against the task's acceptance criteria: each needs a verdict that says it is met and
 * names a command this run ran whose latest run exited 0. Verdicts are matched by the criterion's
 * text (or by position when the agent reworded them all). Anything else is a reason for attention.
 */
export function checkFinish(criteria: string[], verdicts: CriterionVerdict[], summary: string, commands: Map<string, boolean>): FinishCheck {
  const byText = new Map(verdicts.map((v) => [norm(v.criterion), v]));
  const positional = verdicts.length === criteria.length && criteria.every((c) => !byText.has(norm(c)));
  const checked: CheckedCriterion[] = criteria.map((criterion, i) => {
    const v = byText.get(norm(criterion)) ?? (positional ? verdicts[i] : undefined);
    if (!v) return { criterion, met: false, evidence: null, problem: `no verdict for “${criterion}”` };
    const evidence = v.evidence?.trim() || null;
    if (!v.met) return { criterion, met: false, evidence, problem: `“${criterion}” is not met${evidence ? ` (${evidence})` : ""}` };
    if (!evidence) return { criterion, met: false, evidence, problem: `“${criterion}” has no evidence (a command run in this task)` };
    const named = commandsIn(evidence);
    if (named.some((c) => commands.get(c) === true)) return { criterion, met: true, evidence };
    const failed = named.find((c) => commands.get(c) === false);
    if (failed) return { criterion, met: false, evidence, problem: `“${criterion}”: \`${failed}\` did not pass when last run in this task` };
    return { criterion, met: false, evidence, problem: `“${criterion}”: \`${named[0] ?? evidence}\` was not run in this task` };
  });
  const problems = grouped(checked);
  if (ADMITS_NOT_DONE.test(summary)) problems.unshift("the summary says the work was not done");
  if (problems.length === 0) return { ok: true, criteria: checked };
  const reason = `Acceptance criteria not met or not checked: ${problems.join("; ")}.`;
  return { ok: false, reason: reason.length > 1500 ? `${reason.slice(0, 1499)}…` : reason, criteria: checked };
}

/** Problems as sentences; criteria not met for the same stated reason are named together, once. */
function grouped(checked: CheckedCriterion[]): string[] {
  const notMet = new Map<string, string[]>();
  const out: (string | { evidence: string })[] = [];
  for (const c of checked) {
    if (!c.problem) continue;
    if (!c.met && c.evidence && c.problem.endsWith(`is not met (${c.evidence})`)) {
      if (!notMet.has(c.evidence)) out.push({ evidence: c.evidence });
      notMet.set(c.evidence, [...(notMet.get(c.evidence) ?? []), c.criterion]);
    } else out.push(c.problem);
  }
  return out.map((p) => {
    if (typeof p === "string") return p;
    const names = notMet.get(p.evidence)!.map((n) => `“${n}”`);
    const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
    return `${list} ${names.length === 1 ? "is" : "are"} not met (${p.evidence})`;
  });
}
