"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/react";
import { useOrg } from "@/components/org/org-provider";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ApiKeysTable } from "./api-keys-table";
import { CreateKeyDialog } from "./create-key-dialog";

/** Your own API keys in the current org: create, rotate, revoke. */
export function PersonalApiKeysPage() {
  const { orgId, orgName } = useOrg();
  const trpc = useTRPC();
  const keys = useQuery(trpc.apiKeys.mine.queryOptions({ orgId }));
  return (
    <>
      <PageHeader
        title="Your API keys"
        description={`Keys let scripts and tools use AIOS as you in ${orgName}, sent in the Authorization header as "Bearer aios_sk_…".`}
        actions={<CreateKeyDialog />}
      />
      <Card className="overflow-hidden">
        <CardHeader>
          <CardTitle>Keys</CardTitle>
          <CardDescription>Each key has at most your permissions and loses what you lose. The secret is shown once, when you create or rotate it.</CardDescription>
        </CardHeader>
        <ApiKeysTable
          query={keys}
          showCreator={false}
          revokeAny={false}
          canRotate={() => true}
          empty={{ title: "You have no API keys", description: "Create one for a script, a CI job or another tool that should act as you." }}
        />
      </Card>
    </>
  );
}
