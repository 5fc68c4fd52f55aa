"use client";

import * as React from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

/**
 * A name in a dialog: the same limits as the server (the counter shows them before it refuses), and
 * the server's sentence under the field when it refuses anyway.
 */
export function RenameDialog({
  open,
  onOpenChange,
  title,
  label,
  initial,
  min = 1,
  max,
  pending,
  error,
  onSave,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  label: string;
  initial: string;
  min?: number;
  max: number;
  pending: boolean;
  error?: string | null;
  onSave: (name: string) => void;
}) {
  const [value, setValue] = React.useState(initial);
  const length = value.trim().length;
  const tooShort = length < min;
  return (
    <Dialog open={open} onOpenChange={(next) => !pending && onOpenChange(next)}>
      <DialogContent className="max-w-md" data-testid="rename-dialog">
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription className="sr-only">Choose a new name</DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (!tooShort) onSave(value.trim());
          }}
        >
          <FormField
            label={label}
            error={error}
            hint={
              <span className="tabular-nums">
                {length} / {max} characters{min > 1 ? `, at least ${min}` : ""}
              </span>
            }
          >
            <Input value={value} maxLength={max} autoFocus onChange={(e) => setValue(e.target.value)} data-testid="rename-input" />
          </FormField>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)} disabled={pending}>
              Keep the name
            </Button>
            <Button type="submit" loading={pending} disabled={tooShort || value.trim() === initial} data-testid="rename-save">
              Rename
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
