import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Served by our own server.ts (Next handler + Socket.IO on one port).
  poweredByHeader: false,
  // Native and WASM packages must be loaded by Node, not bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@node-rs/argon2",
    "@prisma/schema-engine-wasm",
    "pg-boss",
    "pino",
    "socket.io",
    "@socket.io/postgres-adapter",
    "@socket.io/postgres-emitter",
  ],
  typedRoutes: false,
  // The dev badge covers the account menu in the sidebar's corner.
  devIndicators: false,
};

export default nextConfig;
