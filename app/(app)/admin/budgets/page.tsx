import type { Metadata } from "next";
import { BudgetsPage } from "@/components/admin/budgets/budgets-page";

export const metadata: Metadata = { title: "Budgets" };

export default function Page() {
  return <BudgetsPage />;
}
