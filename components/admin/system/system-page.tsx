"use client";

import { RequirePermission } from "@/components/admin/require-permission";
import { PageHeader } from "@/components/ui/page-header";
import { HealthCards } from "./health-cards";
import { QueueRoundtrip } from "./queue-roundtrip";

export function SystemPage() {
  return (
    <RequirePermission permission="diagnostics:run">
      <PageHeader title="System" description="Health of this AIOS installation, and a live end-to-end check." />
      <div className="grid gap-6">
        <HealthCards />
        <QueueRoundtrip />
      </div>
    </RequirePermission>
  );
}
