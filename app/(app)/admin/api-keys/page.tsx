import type { Metadata } from "next";
import { AdminApiKeysPage } from "@/components/admin/api-keys/admin-api-keys-page";

export const metadata: Metadata = { title: "API keys" };

export default function Page() {
  return <AdminApiKeysPage />;
}
