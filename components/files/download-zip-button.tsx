"use client";

import { ChevronDown, Download, History } from "lucide-react";
import { buttonVariants } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { cn } from "@/lib/utils";

/**
 * A plain link: the browser streams the zip (one folder named after the project); disabled (not a link)
 * until the workspace has files. `withOptions` adds a menu with the download that keeps the git history.
 */
export function DownloadZipButton({ projectId, disabled, className, withOptions }: { projectId: string; disabled?: boolean; className?: string; withOptions?: boolean }) {
  const classes = cn(buttonVariants({ variant: "outline", size: "sm" }), className);
  if (disabled) {
    return (
      <span className={classes} aria-disabled="true" data-testid="download-zip" title="No files yet">
        <Download />
        Download zip
      </span>
    );
  }
  const href = `/api/projects/${projectId}/zip`;
  const link = (
    <a href={href} download className={cn(classes, withOptions && "rounded-r-none")} data-testid="download-zip">
      <Download />
      Download zip
    </a>
  );
  if (!withOptions) return link;
  return (
    <div className="flex">
      {link}
      <DropdownMenu>
        <DropdownMenuTrigger
          className={cn(buttonVariants({ variant: "outline", size: "sm" }), "-ml-px rounded-l-none px-2")}
          aria-label="More download options"
          data-testid="download-zip-options"
        >
          <ChevronDown />
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem asChild>
            <a href={href} download>
              <Download />
              Files only
            </a>
          </DropdownMenuItem>
          <DropdownMenuItem asChild>
            <a href={`${href}?history=1`} download data-testid="download-zip-history">
              <History />
              Files with git history (.git)
            </a>
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </div>
  );
}
