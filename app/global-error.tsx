"use client";

import "./globals.css";

// Last resort when the root layout itself fails: no providers, no theme, plain markup.
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="flex min-h-dvh items-center justify-center px-4">
        <div role="alert" className="grid max-w-md justify-items-center gap-4 text-center">
          <h1 className="text-xl font-semibold">AIOS couldn&apos;t load</h1>
          <p className="text-sm text-muted-foreground">
            Something failed before the page could start. Try again; if it keeps happening, check that the server is running.
          </p>
          <button
            type="button"
            onClick={() => retry()}
            className="h-9 rounded-md bg-primary px-4 text-sm font-medium text-primary-foreground outline-none focus-visible:ring-2 focus-visible:ring-ring"
          >
            Try again
          </button>
        </div>
      </body>
    </html>
  );
}
