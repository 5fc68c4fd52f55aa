"use client";

import * as React from "react";
import { getProviders, signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";

type Provider = { id: string; name: string };

function GitHubIcon() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden className="size-4 fill-current">
      <path d="M12 .5a12 12 0 0 0-3.8 23.4c.6.1.8-.3.8-.6v-2.1c-3.3.7-4-1.6-4-1.6-.6-1.4-1.4-1.8-1.4-1.8-1.1-.7.1-.7.1-.7 1.2.1 1.8 1.2 1.8 1.2 1.1 1.8 2.8 1.3 3.5 1 .1-.8.4-1.3.8-1.6-2.7-.3-5.5-1.3-5.5-5.9 0-1.3.5-2.4 1.2-3.2-.1-.3-.5-1.5.1-3.2 0 0 1-.3 3.3 1.2a11.5 11.5 0 0 1 6 0C17.3 4.6 18.3 5 18.3 5c.7 1.7.2 2.9.1 3.2.8.8 1.2 1.9 1.2 3.2 0 4.6-2.8 5.6-5.5 5.9.4.4.8 1.1.8 2.2v3.3c0 .3.2.7.8.6A12 12 0 0 0 12 .5Z" />
    </svg>
  );
}

function GoogleIcon() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden className="size-4">
      <path fill="#4285F4" d="M23.5 12.3c0-.8-.1-1.6-.2-2.3H12v4.5h6.5a5.6 5.6 0 0 1-2.4 3.6v3h3.9c2.2-2.1 3.5-5.1 3.5-8.8Z" />
      <path fill="#34A853" d="M12 24c3.2 0 6-1.1 7.9-2.9l-3.9-3c-1 .7-2.4 1.2-4 1.2-3.1 0-5.7-2.1-6.7-4.9h-4v3.1A12 12 0 0 0 12 24Z" />
      <path fill="#FBBC05" d="M5.3 14.4a7.2 7.2 0 0 1 0-4.7V6.6h-4a12 12 0 0 0 0 10.8l4-3Z" />
      <path fill="#EA4335" d="M12 4.8c1.8 0 3.3.6 4.6 1.8l3.4-3.4A12 12 0 0 0 1.3 6.6l4 3.1C6.3 6.9 8.9 4.8 12 4.8Z" />
    </svg>
  );
}

const ICONS: Record<string, () => React.JSX.Element> = { github: GitHubIcon, google: GoogleIcon };

/** "Continue with …" for the OAuth providers the server has configured; renders nothing when there are none. */
export function OAuthButtons({ callbackUrl }: { callbackUrl: string }) {
  const [providers, setProviders] = React.useState<Provider[]>([]);
  const [pending, setPending] = React.useState<string | null>(null);

  React.useEffect(() => {
    let alive = true;
    getProviders()
      .then((all) => {
        if (!alive || !all) return;
        setProviders(Object.values(all).filter((p) => p.type === "oauth"));
      })
      .catch(() => {
        // No providers list means no OAuth buttons; the password form still works.
      });
    return () => {
      alive = false;
    };
  }, []);

  if (providers.length === 0) return null;
  return (
    <div className="grid gap-4">
      <div className="flex items-center gap-3 text-xs text-muted-foreground">
        <span className="h-px flex-1 bg-border" />
        or
        <span className="h-px flex-1 bg-border" />
      </div>
      <div className="grid gap-2">
        {providers.map((p) => {
          const Icon = ICONS[p.id];
          return (
            <Button
              key={p.id}
              variant="outline"
              loading={pending === p.id}
              disabled={pending !== null}
              data-testid={`oauth-${p.id}`}
              onClick={() => {
                setPending(p.id);
                void signIn(p.id, { callbackUrl });
              }}
            >
              {Icon && pending !== p.id && <Icon />}
              Continue with {p.name}
            </Button>
          );
        })}
      </div>
    </div>
  );
}
