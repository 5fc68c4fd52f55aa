import "server-only";

export { attachRealtime, ioSink, type IoServer } from "./io";
export { postgresEmitterSink } from "./emitter";
