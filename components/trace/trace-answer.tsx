import { JsonBlock, Section } from "./trace-blocks";

type Answer = { text?: string; toolCalls?: { toolName?: string; input?: unknown; invalid?: boolean; error?: string }[]; object?: unknown; finishReason?: string; note?: string; preview?: string };

/** What the model answered: text, tool calls and the structured object, or why there is none. */
export function TraceAnswer({ answer, failed }: { answer: unknown; failed: boolean }) {
  const a = answer as Answer | null;
  if (!a) {
    return (
      <Section title="Answer" testId="trace-answer">
        <p className="text-muted-foreground">{failed ? "No answer: this attempt failed (the reason is above)." : "No answer was stored."}</p>
      </Section>
    );
  }
  if (a.preview !== undefined) {
    return (
      <Section title="Answer" testId="trace-answer">
        <p className="text-muted-foreground">{a.note}</p>
        <JsonBlock value={a.preview} />
      </Section>
    );
  }
  return (
    <Section title={`Answer${a.finishReason ? ` · finished: ${a.finishReason}` : ""}`} testId="trace-answer">
      {a.text ? <JsonBlock value={a.text} /> : !a.toolCalls?.length && a.object === undefined && <p className="text-muted-foreground">No text.</p>}
      {a.toolCalls?.map((c, i) => (
        <div key={i} className="grid gap-1" data-testid="trace-answer-tool-call">
          <p className="text-xs">
            Calls <span className="font-mono">{c.toolName}</span>
            {c.invalid && <span className="text-destructive"> — refused: {c.error}</span>}
          </p>
          <JsonBlock value={c.input} />
        </div>
      ))}
      {a.object !== undefined && a.object !== null && <JsonBlock value={a.object} />}
    </Section>
  );
}
