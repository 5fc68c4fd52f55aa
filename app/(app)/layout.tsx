import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { currentPrincipal, needsSetup } from "@/server/auth";
import { AppShell } from "@/components/shell/app-shell";
import { NoOrganisation } from "@/components/org/no-organisation";
import { OrgProvider } from "@/components/org/org-provider";
import { ORG_COOKIE } from "@/components/org/org-cookie";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const principal = await currentPrincipal();
  if (!principal) redirect((await needsSetup()) ? "/setup" : "/sign-in");

  const user = { name: principal.name, email: principal.email };
  const memberships = principal.memberships;
  if (memberships.length === 0) return <NoOrganisation user={user} />;

  const wanted = (await cookies()).get(ORG_COOKIE)?.value;
  const current = memberships.find((m) => m.orgId === wanted) ?? memberships[0]!;

  return (
    <OrgProvider userId={principal.userId} memberships={memberships} initialOrgId={current.orgId}>
      <AppShell user={user}>{children}</AppShell>
    </OrgProvider>
  );
}
