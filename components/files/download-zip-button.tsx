import { Download } from "lucide-react";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/utils";

/** A plain link: the browser streams the zip; disabled (not a link) until the workspace has files. */
export function DownloadZipButton({ projectId, disabled, className }: { projectId: string; disabled?: boolean; className?: string }) {
  const classes = cn(buttonVariants({ variant: "outline", size: "sm" }), className);
  if (disabled) {
    return (
      <span className={classes} aria-disabled="true" data-testid="download-zip" title="No files yet">
        <Download />
        Download zip
      </span>
    );
  }
  return (
    <a href={`/api/projects/${projectId}/zip`} download className={classes} data-testid="download-zip">
      <Download />
      Download zip
    </a>
  );
}
