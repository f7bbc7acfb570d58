export { startProxyServer, type ProxyServerOptions, type StartedProxyServer } from "./api/server.ts";
export { TOXIPROXY_VERSION } from "./api/handlers.ts";
export { ApiError } from "./api-error.ts";
export { toxicKinds, type ToxicType } from "./toxics/registry.ts";
export { defineToxic, type ToxicKind, type ToxicPipe, type ToxicStub, type Chunk } from "./toxics/toxic.ts";
