import "server-only";

// Governance: API keys, provider credentials and the model catalog, budgets and quotas, usage rollups,
// notifications. server/llm calls it for admission and pricing; it never imports server/llm.
export * from "./usage";
export * from "./secrets";
export * from "./catalog";
export * from "./api-keys";
export * from "./budgets";
