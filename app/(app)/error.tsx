"use client";

import { useEffect } from "react";
import Link from "next/link";
import { AlertTriangle, RotateCw } from "lucide-react";
import { Button } from "@/components/ui/button";

export default function AppError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && "digest" in error ? String((error as { digest?: string }).digest ?? "") : "";

  return (
    <div role="alert" className="mx-auto flex max-w-md flex-col items-center gap-4 py-20 text-center">
      <div className="flex size-12 items-center justify-center rounded-full bg-destructive/10 text-destructive">
        <AlertTriangle className="size-6" aria-hidden />
      </div>
      <div className="grid gap-1">
        <h1 className="text-xl font-semibold">This page hit a problem</h1>
        <p className="text-sm text-muted-foreground">
          Something failed while loading it. Trying again usually helps; if it keeps happening, tell your admin
          {digest ? ` and quote reference ${digest}` : ""}.
        </p>
      </div>
      <div className="flex gap-2">
        <Button onClick={() => retry()}>
          <RotateCw />
          Try again
        </Button>
        <Button variant="outline" asChild>
          <Link href="/">Go to dashboard</Link>
        </Button>
      </div>
    </div>
  );
}
