"use client";

import * as React from "react";
import { Highlight, themes } from "prism-react-renderer";
import { useTheme } from "next-themes";
import { languageFor } from "./language";

/** Highlighting costs a token per word: past these sizes the file is shown as plain text. */
const HIGHLIGHT_MAX_CHARS = 150_000;
export const VIEW_MAX_LINES = 5000;

const gutter = "w-12 shrink-0 pr-3 text-right text-muted-foreground/60 select-none tabular-nums";

/** Source with line numbers, highlighted by file type when small enough. */
export function CodeView({ path, content }: { path: string; content: string }) {
  const { resolvedTheme } = useTheme();
  const all = content.endsWith("\n") ? content.slice(0, -1) : content;
  const lines = all.split("\n");
  const shown = lines.length > VIEW_MAX_LINES ? lines.slice(0, VIEW_MAX_LINES).join("\n") : all;
  const language = languageFor(path);

  if (!language || shown.length > HIGHLIGHT_MAX_CHARS) {
    return (
      <pre className="overflow-x-auto py-2 font-mono text-xs leading-5" data-highlighted="false">
        {shown.split("\n").map((line, i) => (
          <div key={i} className="flex">
            <span className={gutter}>{i + 1}</span>
            <span className="pr-4 whitespace-pre">{line || " "}</span>
          </div>
        ))}
      </pre>
    );
  }
  return (
    <Highlight code={shown} language={language} theme={resolvedTheme === "dark" ? themes.oneDark : themes.oneLight}>
      {({ tokens, getLineProps, getTokenProps }) => (
        <pre className="overflow-x-auto py-2 font-mono text-xs leading-5" data-highlighted="true">
          {tokens.map((line, i) => {
            const { className: _prismLineClass, ...lineProps } = getLineProps({ line });
            return (
              <div key={i} {...lineProps} className="flex">
                <span className={gutter}>{i + 1}</span>
                <span className="pr-4 whitespace-pre">
                  {line.map((token, j) => {
                    // Prism's class names ("table", "bold", "hidden"…) collide with Tailwind utilities: colour by style only.
                    const { className: _prismClass, ...tokenProps } = getTokenProps({ token });
                    return <span key={j} {...tokenProps} />;
                  })}
                </span>
              </div>
            );
          })}
        </pre>
      )}
    </Highlight>
  );
}
