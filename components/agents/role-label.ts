// The names live in lib/ so server messages (plan edits) use the same words as the UI.
export { roleLabel } from "@/lib/role-names";
