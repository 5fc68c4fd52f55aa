"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/lib/trpc/react";
import { RequirePermission } from "@/components/admin/require-permission";
import { useOrg } from "@/components/org/org-provider";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ApiKeysTable } from "./api-keys-table";

/** Admin → API keys: every key in the org; admins revoke any, and rotate only their own. */
export function AdminApiKeysPage() {
  const { orgId, orgName, userId } = useOrg();
  const trpc = useTRPC();
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ orgId }));
  return (
    <RequirePermission permission="keys:manage">
      <PageHeader
        title="API keys"
        description={`Every key people created in ${orgName}. A key acts as the person who made it, limited to its scopes, and loses what they lose.`}
        actions={
          <Button variant="outline" asChild>
            <Link href="/account/api-keys">Your keys</Link>
          </Button>
        }
      />
      <Card className="overflow-hidden">
        <CardHeader>
          <CardTitle>All keys</CardTitle>
          <CardDescription>Revoking a key refuses its next request everywhere. Only the person who made a key can rotate it.</CardDescription>
        </CardHeader>
        <ApiKeysTable
          query={keys}
          showCreator
          revokeAny
          canRotate={(k) => k.createdBy.id === userId}
          empty={{ title: "No API keys yet", description: "Keys people create on their account page appear here." }}
        />
      </Card>
    </RequirePermission>
  );
}
