import "server-only";

export { recordEvent, toLiveEvent, type EventInput } from "./record";
export { publish, publishDelta, installEventSink, revokeUserConnections, type EventSink } from "./publish";
export { withEvents, type Emit } from "./with-events";
export { eventsSince, recentOrgEvents, REPLAY_LIMIT } from "./replay";
