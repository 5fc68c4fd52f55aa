import { cn } from "@/lib/utils";

/** The AIOS mark: three agents joined to one plan. Same drawing as public/logo.svg. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" fill="none" aria-hidden className={cn("size-8 shrink-0", className)}>
      <rect width="32" height="32" rx="8" className="fill-primary" />
      <path
        d="M16 6.5 24.5 11.25v9.5L16 25.5l-8.5-4.75v-9.5L16 6.5Z"
        stroke="white"
        strokeOpacity=".35"
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
      <path d="M16 11v5m0 0-4.5 2.6M16 16l4.5 2.6" stroke="white" strokeWidth="1.75" strokeLinecap="round" />
      <circle cx="16" cy="10.5" r="2.25" fill="white" />
      <circle cx="10.75" cy="19" r="2.25" fill="white" />
      <circle cx="21.25" cy="19" r="2.25" fill="white" />
    </svg>
  );
}

export function Logo({ className }: { className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2", className)}>
      <LogoMark className="size-7" />
      <span className="text-base font-semibold tracking-tight">AIOS</span>
    </span>
  );
}
