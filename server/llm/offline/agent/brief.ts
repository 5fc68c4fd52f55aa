import "server-only";
import type { ReadCall } from "../prompt";

// The task as the runner describes it in the first user message:
//   Project goal: …  /  Task: <title>\n<description>  /  Acceptance criteria:\n- …
//   Returned by <role>: <reason>  /  Answer from <name>: <text>  /  Approved by <name>: <text>

export type Feedback = { kind: "returned" | "answer" | "approved"; from: string; text: string };

export type Brief = {
  role: string;
  taskKey: string;
  attempt: number;
  goal: string;
  title: string;
  description: string;
  criteria: string[];
  feedback: Feedback[];
  tools: Set<string>;
};

const HEADER = /^(Project goal|Task|Acceptance criteria|Returned by ([\w-]+)|Answer from ([^:\n]+)|Approved by ([^:\n]+)):[ \t]*(.*)$/;

export function readBrief(call: ReadCall): Brief {
  // Only the first user message is the brief; later ones are the runner's nudges.
  const text = call.messages.find((m) => m.role === "user")?.text ?? "";
  const sections: { header: RegExpExecArray; body: string[] }[] = [];
  for (const line of text.split("\n")) {
    const h = HEADER.exec(line);
    if (h) sections.push({ header: h, body: h[5] ? [h[5]] : [] });
    else sections.at(-1)?.body.push(line);
  }
  const brief: Brief = {
    role: call.tag.attrs.role ?? "backend",
    taskKey: call.tag.attrs.task ?? "task",
    attempt: Math.max(1, Number.parseInt(call.tag.attrs.attempt ?? "1", 10) || 1),
    goal: "",
    title: "",
    description: "",
    criteria: [],
    feedback: [],
    tools: call.tools,
  };
  for (const { header, body } of sections) {
    const content = body.join("\n").trim();
    const name = header[1]!;
    if (name === "Project goal") brief.goal = content;
    else if (name === "Task") {
      const [title = "", ...rest] = body;
      brief.title = title.trim();
      brief.description = rest.join("\n").trim();
    } else if (name === "Acceptance criteria") {
      brief.criteria = body.map((l) => l.replace(/^\s*[-*]\s*/, "").trim()).filter(Boolean);
    } else if (header[2]) brief.feedback.push({ kind: "returned", from: header[2], text: content });
    else if (header[3]) brief.feedback.push({ kind: "answer", from: header[3].trim(), text: content });
    else if (header[4]) brief.feedback.push({ kind: "approved", from: header[4].trim(), text: content });
  }
  // A brief without the headers (another caller): the whole text is the task.
  if (!brief.title && !brief.goal) {
    brief.title = text.split("\n")[0]?.trim() ?? "";
    brief.description = text;
    brief.goal = text;
  }
  return brief;
}

export const returnedReasons = (b: Brief) => b.feedback.filter((f) => f.kind === "returned");
export const answers = (b: Brief) => b.feedback.filter((f) => f.kind === "answer");
