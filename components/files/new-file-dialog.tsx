"use client";

import * as React from "react";
import { FilePlus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

/** A quick check of the path a person typed; the server's path jail is what actually decides. */
export function newFilePathProblem(path: string, existing: string[]): string | null {
  const clean = path.trim().replace(/^\.\/+/, "");
  if (!clean) return "Give the file a name, for example src/notes.md.";
  if (clean.startsWith("/")) return "Give a path inside the project, without a leading /.";
  if (clean.endsWith("/")) return "End the path with a file name.";
  const parts = clean.split("/");
  if (parts.includes("..")) return 'A path cannot contain "..".';
  if (parts.some((p) => p.toLowerCase() === ".git")) return "Files inside .git cannot be edited.";
  if (clean.length > 400) return "A path is at most 400 characters.";
  if (existing.includes(clean)) return "That file already exists: open it from the list to edit it.";
  return null;
}

export function NewFileDialog({ existing, onCreate }: { existing: string[]; onCreate: (path: string) => void }) {
  const [open, setOpen] = React.useState(false);
  const [path, setPath] = React.useState("");
  const [touched, setTouched] = React.useState(false);
  const problem = newFilePathProblem(path, existing);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (problem) return;
    setOpen(false);
    onCreate(path.trim().replace(/^\.\/+/, ""));
    setPath("");
    setTouched(false);
  };

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button variant="outline" size="sm" onClick={() => setOpen(true)} data-testid="new-file">
        <FilePlus />
        New file
      </Button>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>New file</DialogTitle>
            <DialogDescription>Folders in the path are created for you. The file is committed when you save it.</DialogDescription>
          </DialogHeader>
          <FormField label="Path" hint="For example src/config.json or docs/notes.md" error={touched ? problem : null}>
            <Input value={path} onChange={(e) => setPath(e.target.value)} placeholder="src/notes.md" autoFocus maxLength={400} spellCheck={false} data-testid="new-file-path" />
          </FormField>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Close
            </Button>
            <Button type="submit" data-testid="new-file-create">
              Create and edit
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
