// Read by the Prisma CLI (`npm run db:generate`) and editor tooling. Migrations do not go through
// the CLI (it needs a native engine it would download): use `npm run db:migrate` / `db:migration`,
// which run Prisma's WASM schema engine (server/db) against the same paths.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
