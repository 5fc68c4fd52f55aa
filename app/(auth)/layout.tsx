import { LogoMark } from "@/components/brand/logo";
import { ThemeToggle } from "@/components/shell/theme-toggle";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="relative flex min-h-dvh flex-col items-center justify-center bg-muted/50 px-4 py-12 dark:bg-background">
      <div className="absolute top-4 right-4">
        <ThemeToggle />
      </div>
      <div className="flex w-full max-w-md flex-col items-center gap-6">
        <div className="flex flex-col items-center gap-2">
          <LogoMark className="size-11" />
          <span className="text-sm font-semibold tracking-tight text-muted-foreground">AIOS</span>
        </div>
        {children}
      </div>
    </div>
  );
}
