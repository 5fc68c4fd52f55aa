"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2 } from "lucide-react";
import { useTRPC } from "@/lib/trpc/react";
import { errorMessage } from "@/lib/format";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { SecretReveal } from "./secret-reveal";

const OVERLAPS = [
  { hours: 0, label: "Stop it right away", description: "Anything still using the old key fails at once" },
  { hours: 1, label: "1 hour", description: "Time to swap it in one place" },
  { hours: 24, label: "24 hours", description: "Time to roll it out everywhere" },
  { hours: 168, label: "7 days", description: "For keys in many places" },
];

export type RotatableKey = { id: string; name: string; prefix: string };

/** Rotation: a new secret for the same key; the old one keeps working for the chosen overlap. */
export function RotateKeyDialog({ apiKey, open, onOpenChange }: { apiKey: RotatableKey; open: boolean; onOpenChange: (open: boolean) => void }) {
  const { orgId } = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [overlap, setOverlap] = React.useState("24");
  const [formError, setFormError] = React.useState<string | null>(null);
  const [secret, setSecret] = React.useState<string | null>(null);
  const rotate = useMutation(
    trpc.apiKeys.rotate.mutationOptions({
      onSuccess: ({ secret }) => {
        setSecret(secret);
        void queryClient.invalidateQueries({ queryKey: trpc.apiKeys.mine.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
      },
      onError: (e) => setFormError(errorMessage(e)),
    }),
  );
  const close = (next: boolean) => {
    if (next) return onOpenChange(true);
    if (rotate.isPending) return;
    onOpenChange(false);
    setOverlap("24");
    setFormError(null);
    setSecret(null);
    rotate.reset();
  };
  const hours = Number(overlap);

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        data-testid="api-key-rotate-dialog"
        className="sm:max-w-xl"
        onInteractOutside={(e) => secret && e.preventDefault()}
        onEscapeKeyDown={(e) => secret && e.preventDefault()}
      >
        {secret ? (
          <>
            <DialogHeader>
              <DialogTitle className="flex items-center gap-2">
                <CheckCircle2 className="size-5 text-success" aria-hidden />
                New secret for {apiKey.name}
              </DialogTitle>
              <DialogDescription>
                {hours === 0
                  ? "The old secret no longer works."
                  : `The old secret (${apiKey.prefix}) keeps working for ${OVERLAPS.find((o) => o.hours === hours)?.label ?? `${hours} hours`}, then stops.`}
              </DialogDescription>
            </DialogHeader>
            <SecretReveal secret={secret} orgId={orgId} />
            <DialogFooter>
              <Button onClick={() => close(false)} data-testid="api-key-done">
                I&apos;ve copied it
              </Button>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>Rotate {apiKey.name}?</DialogTitle>
              <DialogDescription>
                You get a new secret for this key; its name, scopes and history stay. Choose how long the old secret ({apiKey.prefix}) keeps
                working while you replace it.
              </DialogDescription>
            </DialogHeader>
            {formError && <FormAlert testId="api-key-rotate-error">{formError}</FormAlert>}
            <div className="grid gap-1.5">
              <span className="text-sm font-medium" id="api-key-overlap-label">
                Old secret keeps working
              </span>
              <Select value={overlap} onValueChange={setOverlap}>
                <SelectTrigger aria-labelledby="api-key-overlap-label" data-testid="api-key-overlap">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {OVERLAPS.map((o) => (
                    <SelectItem key={o.hours} value={String(o.hours)} description={o.description}>
                      {o.label}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
            <DialogFooter>
              <Button variant="outline" onClick={() => close(false)} disabled={rotate.isPending}>
                Cancel
              </Button>
              <Button
                loading={rotate.isPending}
                onClick={() => rotate.mutate({ orgId, keyId: apiKey.id, overlapHours: hours })}
                data-testid="api-key-rotate-submit"
              >
                Rotate key
              </Button>
            </DialogFooter>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
