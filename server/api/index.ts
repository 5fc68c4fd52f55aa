import "server-only";

export { appRouter, createCaller, type AppRouter } from "./root";
export { createContext, contextFor, type Context, type Meta, type Access } from "./trpc";
