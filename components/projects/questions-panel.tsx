"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Hand, ShieldCheck, ShieldQuestion, ShieldX, Terminal } from "lucide-react";
import { toast } from "sonner";
import { can } from "@/lib/rbac";
import { errorMessage, relativeTime } from "@/lib/format";
import { useTRPC } from "@/lib/trpc/react";
import { roleLabel } from "@/components/agents/role-label";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { Textarea } from "@/components/ui/textarea";
import { BudgetDecision } from "@/components/admin/budgets/budget-decision";
import type { ProjectQuestion, ProjectTask } from "./project-types";

/** What the agents are waiting on: questions to answer and commands to approve, above everything else. */
export function QuestionsPanel({
  projectId,
  questions,
  tasks,
  onOpenTask,
}: {
  projectId: string;
  questions: ProjectQuestion[];
  tasks: ProjectTask[];
  onOpenTask: (key: string) => void;
}) {
  if (questions.length === 0) return null;
  return (
    <section aria-labelledby="questions-heading" className="grid gap-3 rounded-xl border-2 border-warning/60 bg-warning/8 p-4" data-testid="questions">
      <h2 id="questions-heading" className="flex items-center gap-2 font-semibold">
        <Hand className="size-4 text-warning-foreground dark:text-warning" aria-hidden />
        {questions.length === 1 ? "An agent is waiting for you" : `${questions.length} agents are waiting for you`}
      </h2>
      <ul className="grid gap-3">
        {questions.map((q) => (
          <QuestionCard key={q.id} projectId={projectId} question={q} task={tasks.find((t) => t.id === q.taskId)} onOpenTask={onOpenTask} />
        ))}
      </ul>
    </section>
  );
}

function QuestionCard({
  projectId,
  question,
  task,
  onOpenTask,
}: {
  projectId: string;
  question: ProjectQuestion;
  task: ProjectTask | undefined;
  onOpenTask: (key: string) => void;
}) {
  const { role } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [answer, setAnswer] = React.useState("");
  const [error, setError] = React.useState<string | null>(null);
  const isCommand = question.kind === "command_approval";
  const mayAnswer = can(role, "tasks:run");
  const send = useMutation(
    trpc.projects.answer.mutationOptions({
      onSuccess: () => {
        toast.success(isCommand ? "Command approved" : "Answer sent");
        const key = trpc.projects.get.queryKey({ projectId });
        queryClient.setQueryData(key, (old) => (old ? { ...old, questions: old.questions.filter((x) => x.id !== question.id) } : old));
        void queryClient.invalidateQueries({ queryKey: key });
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  const Icon = isCommand ? Terminal : ShieldQuestion;

  return (
    <li className="grid gap-3 rounded-lg border bg-card p-3 shadow-xs" data-testid="question" data-kind={question.kind} data-question-id={question.id}>
      <div className="flex items-start gap-2.5">
        <Icon className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
        <div className="grid min-w-0 flex-1 gap-1">
          <p className="text-xs text-muted-foreground">
            {task ? (
              <>
                <button type="button" className="font-medium text-foreground underline-offset-2 hover:underline" onClick={() => onOpenTask(task.key)}>
                  {task.title}
                </button>{" "}
                · {roleLabel(task.role)}
              </>
            ) : (
              "A task"
            )}{" "}
            · {isCommand ? "wants to run a command" : question.kind === "budget" ? "is over budget" : "asks"} · {relativeTime(question.createdAt)}
          </p>
          {isCommand ? (
            // The whole exact command, wrapped: a person approves what they can read.
            <pre className="rounded-md bg-muted px-2.5 py-1.5 font-mono text-xs whitespace-pre-wrap [overflow-wrap:anywhere]" data-testid="question-command">{question.text}</pre>
          ) : (
            <p className="text-sm leading-relaxed whitespace-pre-wrap">{question.text}</p>
          )}
        </div>
      </div>
      {error && <FormAlert>{error}</FormAlert>}
      {question.kind === "budget" ? (
        <BudgetDecision projectId={projectId} questionId={question.id} figures={"payload" in question ? question.payload : undefined} />
      ) : !mayAnswer ? (
        <p className="text-xs text-muted-foreground">A member of the organisation needs to {isCommand ? "approve this" : "answer"}.</p>
      ) : isCommand ? (
        <CommandDecision projectId={projectId} questionId={question.id} />
      ) : (
        <form
          className="grid gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (!answer.trim()) return setError("Write an answer first.");
            setError(null);
            send.mutate({ projectId, questionId: question.id, answer: answer.trim() });
          }}
        >
          <Textarea
            rows={2}
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
            placeholder="Your answer…"
            aria-label="Your answer"
            maxLength={4000}
            data-testid="question-answer"
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) e.currentTarget.form?.requestSubmit();
            }}
          />
          <div className="flex items-center justify-between gap-2">
            <span className="text-xs text-muted-foreground">Ctrl+Enter to send</span>
            <Button type="submit" size="sm" loading={send.isPending} data-testid="question-send">
              Send answer
            </Button>
          </div>
        </form>
      )}
    </li>
  );
}

/**
 * Approve runs this exact command once in the waiting run; deny sends the reason to the agent as the
 * command's result, so it can take another way. Both are audited.
 */
export function CommandDecision({ projectId, questionId }: { projectId: string; questionId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [denying, setDenying] = React.useState(false);
  const [reason, setReason] = React.useState("");
  const [error, setError] = React.useState<string | null>(null);
  const decide = useMutation(
    trpc.projects.decideCommand.mutationOptions({
      onSuccess: (_data, input) => {
        toast.success(input.decision === "approve" ? "Approved: the agent runs it now" : "Denied: the agent gets your reason");
        const key = trpc.projects.get.queryKey({ projectId });
        queryClient.setQueryData(key, (old) => (old ? { ...old, questions: old.questions.filter((x) => x.id !== questionId) } : old));
        void queryClient.invalidateQueries({ queryKey: key });
      },
      onError: (e) => {
        setError(errorMessage(e));
        void queryClient.invalidateQueries({ queryKey: trpc.projects.get.queryKey({ projectId }) });
      },
    }),
  );
  const pending = decide.isPending ? decide.variables?.decision : undefined;

  if (!denying) {
    return (
      <div className="grid gap-2">
        {error && <FormAlert>{error}</FormAlert>}
        <div className="flex flex-wrap gap-2">
          <Button size="sm" onClick={() => decide.mutate({ projectId, questionId, decision: "approve" })} loading={pending === "approve"} disabled={decide.isPending} data-testid="question-approve">
            {pending !== "approve" && <ShieldCheck />}
            Approve and run
          </Button>
          <Button size="sm" variant="outline" onClick={() => setDenying(true)} disabled={decide.isPending} data-testid="question-deny">
            <ShieldX />
            Deny…
          </Button>
        </div>
        <p className="text-xs text-muted-foreground">Approval covers this exact command, once, in this run only.</p>
      </div>
    );
  }
  return (
    <form
      className="grid gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!reason.trim()) return setError("Say why: the agent receives your reason and can take another way.");
        setError(null);
        decide.mutate({ projectId, questionId, decision: "deny", reason: reason.trim() });
      }}
    >
      {error && <FormAlert>{error}</FormAlert>}
      <Textarea
        rows={2}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder="Why not? e.g. “Don't delete files; use the build script instead.”"
        aria-label="Reason for denying the command"
        maxLength={2000}
        autoFocus
        data-testid="question-deny-reason"
      />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-xs text-muted-foreground">The agent gets this as the command&rsquo;s result.</span>
        <div className="flex gap-2">
          <Button type="button" size="sm" variant="ghost" onClick={() => setDenying(false)} disabled={decide.isPending}>
            Back
          </Button>
          <Button type="submit" size="sm" variant="destructive" loading={pending === "deny"} data-testid="question-deny-send">
            Deny command
          </Button>
        </div>
      </div>
    </form>
  );
}
