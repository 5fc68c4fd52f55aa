// How demanding a call looks, 0–100, from what the request says about itself. Pure: tested directly.

export type ComplexityInput = {
  /** The prompt's estimated tokens (system, messages, tool schemas). */
  promptTokens: number;
  toolCount: number;
  taskKind?: string;
  /** Earlier failures of this task (QA hand-backs, failed runs). */
  failures?: number;
};

export type Complexity = { score: number; factors: string[] };

// Kinds of work where a weak model usually burns more in retries than a strong one costs.
const HARD_KIND = /architect|design|refactor|debug|bug|fix|migrat|security|concurren|performance|algorithm/i;
// Kinds a fast model handles as well as any.
const EASY_KIND = /doc|readme|copy|format|rename|typo|comment|changelog|summar|translat/i;

const SIZE_POINTS_MAX = 40;
/** Prompt size that earns the full size points; smaller prompts earn proportionally (on a log scale). */
const LARGE_PROMPT_TOKENS = 32_000;
const SMALL_PROMPT_TOKENS = 1_000;

export function complexityScore(input: ComplexityInput): Complexity {
  const factors: string[] = [];
  let score = 0;

  const size = sizePoints(input.promptTokens);
  if (size > 0) {
    score += size;
    factors.push(`prompt of about ${formatTokens(input.promptTokens)} tokens (+${size})`);
  }
  const tools = Math.min(15, Math.max(0, input.toolCount) * 2);
  if (tools > 0) {
    score += tools;
    factors.push(`${input.toolCount} tool${input.toolCount === 1 ? "" : "s"} (+${tools})`);
  }
  const kind = input.taskKind?.trim();
  if (kind && HARD_KIND.test(kind)) {
    score += 20;
    factors.push(`"${kind}" work (+20)`);
  } else if (kind && EASY_KIND.test(kind)) {
    score -= 10;
    factors.push(`"${kind}" work (−10)`);
  }
  const failures = Math.max(0, Math.floor(input.failures ?? 0));
  if (failures > 0) {
    const points = Math.min(30, failures * 15);
    score += points;
    factors.push(`${failures} earlier failure${failures === 1 ? "" : "s"} (+${points})`);
  }
  return { score: Math.max(0, Math.min(100, Math.round(score))), factors };
}

function sizePoints(tokens: number): number {
  if (tokens <= SMALL_PROMPT_TOKENS) return 0;
  const share = Math.log(tokens / SMALL_PROMPT_TOKENS) / Math.log(LARGE_PROMPT_TOKENS / SMALL_PROMPT_TOKENS);
  return Math.round(Math.min(1, share) * SIZE_POINTS_MAX);
}

const formatTokens = (n: number) => (n >= 1000 ? `${Math.round(n / 100) / 10}k` : String(n));
