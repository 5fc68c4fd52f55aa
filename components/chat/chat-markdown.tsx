import * as React from "react";

// A deliberately tiny Markdown subset for assistant text: paragraphs, line breaks, bullet and
// numbered lists, **bold**, *italic* and `code`. Anything else shows as the plain text it is.

type Block = { kind: "p"; lines: string[] } | { kind: "ul" | "ol"; items: string[] } | { kind: "pre"; text: string };

const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const HEADING = /^\s*#{1,6}\s+(.*)$/;

function blocks(text: string): Block[] {
  const out: Block[] = [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let open = false; // whether the last block may take the next line
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim().startsWith("```")) {
      const code: string[] = [];
      while (++i < lines.length && !lines[i]!.trim().startsWith("```")) code.push(lines[i]!);
      out.push({ kind: "pre", text: code.join("\n") });
      open = false;
      continue;
    }
    if (!line.trim()) {
      open = false;
      continue;
    }
    const bullet = BULLET.exec(line)?.[1];
    const numbered = bullet === undefined ? NUMBERED.exec(line)?.[1] : undefined;
    const heading = HEADING.exec(line)?.[1];
    const last = open ? out.at(-1) : undefined;
    if (bullet !== undefined || numbered !== undefined) {
      const kind = bullet !== undefined ? "ul" : "ol";
      const item = (bullet ?? numbered)!;
      if (last?.kind === kind) last.items.push(item);
      else out.push({ kind, items: [item] });
    } else {
      const content = heading ? `**${heading}**` : line;
      if (last?.kind === "p") last.lines.push(content);
      else out.push({ kind: "p", lines: [content] });
    }
    open = true;
  }
  return out;
}

const INLINE = /(\*\*[^*\n]+\*\*|`[^`\n]+`|(?<![*\w])\*[^*\s][^*\n]*\*(?!\w))/g;

export function renderInline(text: string): React.ReactNode[] {
  return text.split(INLINE).map((piece, i) => {
    if (piece.startsWith("**") && piece.endsWith("**") && piece.length > 4) return <strong key={i} className="font-semibold">{piece.slice(2, -2)}</strong>;
    if (piece.startsWith("`") && piece.endsWith("`") && piece.length > 2) {
      return (
        <code key={i} className="rounded bg-muted px-1 py-px font-mono text-[0.85em]">
          {piece.slice(1, -1)}
        </code>
      );
    }
    if (piece.startsWith("*") && piece.endsWith("*") && piece.length > 2) return <em key={i}>{piece.slice(1, -1)}</em>;
    return piece;
  });
}

export function ChatMarkdown({ text }: { text: string }) {
  return (
    <div className="grid gap-2 leading-relaxed [overflow-wrap:anywhere]">
      {blocks(text).map((b, i) => {
        if (b.kind === "pre") {
          return (
            <pre key={i} className="overflow-x-auto rounded-md bg-muted p-3 font-mono text-xs leading-normal">
              {b.text}
            </pre>
          );
        }
        if (b.kind === "p") {
          return (
            <p key={i}>
              {b.lines.map((line, j) => (
                <React.Fragment key={j}>
                  {j > 0 && <br />}
                  {renderInline(line)}
                </React.Fragment>
              ))}
            </p>
          );
        }
        const List = b.kind;
        return (
          <List key={i} className={List === "ul" ? "grid list-disc gap-0.5 pl-5" : "grid list-decimal gap-0.5 pl-5"}>
            {b.items.map((item, j) => (
              <li key={j}>{renderInline(item)}</li>
            ))}
          </List>
        );
      })}
    </div>
  );
}
