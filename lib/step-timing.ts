// A step is the model's answer and then the tool it asked for: its duration is both, so a step never reads
// "6 ms" beside a result that took 826 ms.

export type StepTiming = { totalMs: number; modelMs: number; toolMs: number };

export function stepTiming(modelMs: number | undefined, toolMs: number | undefined): StepTiming | null {
  const model = Math.max(0, modelMs ?? 0);
  const tool = Math.max(0, toolMs ?? 0);
  if (!model && !tool) return null;
  return { totalMs: model + tool, modelMs: model, toolMs: tool };
}
