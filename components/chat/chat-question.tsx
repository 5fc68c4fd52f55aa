"use client";

import * as React from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, ShieldQuestion, Terminal } from "lucide-react";
import type { ChatDataParts } from "@/lib/chat";
import { errorMessage } from "@/lib/format";
import { can } from "@/lib/rbac";
import { useTRPC } from "@/lib/trpc/react";
import { useLiveEvents } from "@/lib/realtime/use-live-events";
import { roleLabel } from "@/components/agents/role-label";
import { useOrg } from "@/components/org/org-provider";
import { CommandDecision } from "@/components/projects/questions-panel";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { Textarea } from "@/components/ui/textarea";

/** An agent's question in the chat the project came from: answer it here or on the project page. */
export function ChatQuestion({ data }: { data: ChatDataParts["question"] }) {
  const { role } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const project = useQuery(trpc.projects.get.queryOptions({ projectId: data.projectId }));
  const key = trpc.projects.get.queryKey({ projectId: data.projectId });
  useLiveEvents(`project:${data.projectId}`, (e) => {
    if (e.type === "question.answered") void queryClient.invalidateQueries({ queryKey: key });
  });
  const [answer, setAnswer] = React.useState("");
  const [error, setError] = React.useState<string | null>(null);
  const send = useMutation(
    trpc.projects.answer.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  const isCommand = data.kind === "command_approval";
  const open = project.data?.questions.some((q) => q.id === data.questionId) ?? false;
  const Icon = isCommand ? Terminal : ShieldQuestion;

  return (
    <div className="grid gap-2.5 rounded-xl border-2 border-warning/60 bg-warning/8 p-3" data-testid="chat-question" data-open={String(open)}>
      <p className="flex items-center gap-2 text-xs font-medium text-muted-foreground">
        <Icon className="size-3.5" aria-hidden />
        {roleLabel(data.role)} {isCommand ? "wants to run" : "asks"}
      </p>
      {isCommand ? (
        <pre className="rounded-md bg-muted px-2.5 py-1.5 font-mono text-xs break-all whitespace-pre-wrap">{data.text}</pre>
      ) : (
        <p className="leading-relaxed whitespace-pre-wrap">{data.text}</p>
      )}
      {error && <FormAlert>{error}</FormAlert>}
      {project.isSuccess && !open ? (
        <p className="flex items-center gap-1.5 text-xs text-success">
          <CheckCircle2 className="size-3.5" aria-hidden /> Answered — the agent continues.{" "}
          <Link href={`/projects/${data.projectId}`} className="underline underline-offset-2">
            Open project
          </Link>
        </p>
      ) : !can(role, "tasks:run") ? (
        <p className="text-xs text-muted-foreground">A member of the organisation needs to {isCommand ? "approve this" : "answer"}.</p>
      ) : isCommand ? (
        <CommandDecision projectId={data.projectId} questionId={data.questionId} />
      ) : (
        <form
          className="grid gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (!answer.trim()) return setError("Write an answer first.");
            setError(null);
            send.mutate({ projectId: data.projectId, questionId: data.questionId, answer: answer.trim() });
          }}
        >
          <Textarea value={answer} onChange={(e) => setAnswer(e.target.value)} rows={2} maxLength={4000} aria-label="Your answer" data-testid="chat-question-answer" />
          <Button type="submit" size="sm" className="justify-self-start" loading={send.isPending}>
            Send answer
          </Button>
        </form>
      )}
    </div>
  );
}
