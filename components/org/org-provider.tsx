"use client";

import * as React from "react";
import { usePathname, useRouter } from "next/navigation";
import type { Role } from "@/lib/rbac";
import { hasOrgCookie, writeOrgCookie } from "./org-cookie";

export type OrgMembership = { orgId: string; orgName: string; orgSlug: string; role: Role };

export type OrgContextValue = {
  /** The signed-in person (so pages can tell "you" apart without another request). */
  userId: string;
  orgId: string;
  orgName: string;
  orgSlug: string;
  role: Role;
  memberships: OrgMembership[];
  /** Makes `orgId` current here and in the cookie the server reads, then refreshes server components. */
  switchOrg: (orgId: string) => void;
};

const OrgContext = React.createContext<OrgContextValue | null>(null);

export function OrgProvider({
  userId,
  memberships,
  initialOrgId,
  children,
}: {
  userId: string;
  memberships: OrgMembership[];
  initialOrgId: string;
  children: React.ReactNode;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [selected, setSelected] = React.useState(initialOrgId);
  // A just-created org is selected before the refreshed membership list arrives: fall back meanwhile.
  const current = memberships.find((m) => m.orgId === selected) ?? memberships.find((m) => m.orgId === initialOrgId) ?? memberships[0]!;

  React.useEffect(() => {
    if (!hasOrgCookie(current.orgId)) writeOrgCookie(current.orgId);
  }, [current.orgId]);

  const switchOrg = React.useCallback(
    (orgId: string) => {
      setSelected(orgId);
      writeOrgCookie(orgId);
      // A project page belongs to one org: leave it rather than show a not-found.
      if (pathname.startsWith("/projects/")) router.push("/projects");
      router.refresh();
    },
    [pathname, router],
  );

  const value = React.useMemo<OrgContextValue>(
    () => ({ ...current, userId, memberships, switchOrg }),
    [current, userId, memberships, switchOrg],
  );
  return <OrgContext.Provider value={value}>{children}</OrgContext.Provider>;
}

export function useOrg(): OrgContextValue {
  const value = React.useContext(OrgContext);
  if (!value) throw new Error("useOrg() must be used inside <OrgProvider>");
  return value;
}
