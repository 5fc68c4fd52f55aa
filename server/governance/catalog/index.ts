import "server-only";

export { PRICE_TABLE, PRICE_TABLE_DATE, PRICE_TABLE_SOURCE, tableModel, tableModelsOf, type TableModel, type TablePrice } from "./price-table";
export * from "./types";
export { MAX_PRICE_PER_MTOK, checkBaseUrl, checkPrice } from "./validate";
export { bumpCatalogVersion, catalogVersionOf } from "./version";
export { ensureCatalogSeeded } from "./seed";
export {
  addProvider,
  checkConnectionInput,
  credentialForTest,
  DEFAULT_BASE_URL,
  recordTestResult,
  removeProvider,
  setProviderEnabled,
  updateProvider,
  type AddProviderInput,
  type UpdateProviderInput,
} from "./credentials";
export { addModel, priceHistory, removeModel, setFallbackTier, setPrice, setTier, updateModel, type AddModelInput, type Capabilities, type UpdateModelInput } from "./entries";
export { catalogModelKeys, envEntryKey, loadRouteEntries, loadRouting, type OrgRouting, type RouteCredential, type RouteEntry, type TierRoute } from "./routing";
export { catalogView, type CatalogView } from "./overview";
export type { ModelView, PriceView, ProviderView, TestResult, TierView } from "./views";
