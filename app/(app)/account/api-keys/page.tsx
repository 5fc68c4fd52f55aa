import type { Metadata } from "next";
import { PersonalApiKeysPage } from "@/components/admin/api-keys/personal-api-keys-page";

export const metadata: Metadata = { title: "Your API keys" };

export default function Page() {
  return <PersonalApiKeysPage />;
}
