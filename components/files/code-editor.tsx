"use client";

import * as React from "react";
import { basicSetup } from "codemirror";
import { indentWithTab } from "@codemirror/commands";
import { Compartment, EditorState, type Extension } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { oneDark } from "@codemirror/theme-one-dark";
import { css } from "@codemirror/lang-css";
import { html } from "@codemirror/lang-html";
import { javascript } from "@codemirror/lang-javascript";
import { json } from "@codemirror/lang-json";
import { markdown } from "@codemirror/lang-markdown";
import { python } from "@codemirror/lang-python";
import { yaml } from "@codemirror/lang-yaml";

// Loaded only when someone edits (file-editor.tsx imports it lazily): CodeMirror stays out of every other page.

function languageFor(path: string): Extension {
  const ext = (path.split("/").pop() ?? "").split(".").pop()?.toLowerCase() ?? "";
  if (["js", "cjs", "mjs"].includes(ext)) return javascript();
  if (ext === "jsx") return javascript({ jsx: true });
  if (["ts", "mts", "cts"].includes(ext)) return javascript({ typescript: true });
  if (ext === "tsx") return javascript({ jsx: true, typescript: true });
  if (ext === "json") return json();
  if (ext === "css") return css();
  if (["html", "htm", "svg", "xml"].includes(ext)) return html();
  if (["md", "markdown"].includes(ext)) return markdown();
  if (ext === "py") return python();
  if (["yml", "yaml"].includes(ext)) return yaml();
  return [];
}

const frame = EditorView.theme({
  "&": { height: "100%", fontSize: "12px" },
  ".cm-scroller": { fontFamily: "var(--font-mono, ui-monospace, monospace)", lineHeight: "1.25rem" },
  "&.cm-focused": { outline: "none" },
});

/** A CodeMirror 6 editor for one file: highlighting by extension, line numbers, search, Tab indents. */
export default function CodeEditor({
  path,
  initial,
  dark,
  onChange,
  label,
}: {
  path: string;
  initial: string;
  dark: boolean;
  onChange: (text: string) => void;
  label: string;
}) {
  const host = React.useRef<HTMLDivElement>(null);
  const view = React.useRef<EditorView | null>(null);
  const theme = React.useRef(new Compartment());
  const changed = React.useRef(onChange);
  React.useEffect(() => {
    changed.current = onChange;
  }, [onChange]);

  // One editor per file and starting text: a reload after a conflict starts a fresh one.
  React.useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: initial,
        extensions: [
          basicSetup,
          keymap.of([indentWithTab]),
          languageFor(path),
          frame,
          theme.current.of(dark ? oneDark : []),
          EditorView.contentAttributes.of({ "aria-label": label }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changed.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the theme follows below without a new editor
  }, [path, initial, label]);

  React.useEffect(() => {
    view.current?.dispatch({ effects: theme.current.reconfigure(dark ? oneDark : []) });
  }, [dark]);

  return <div ref={host} className="h-full min-h-0 overflow-hidden" data-testid="code-editor" />;
}
