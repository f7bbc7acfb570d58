import { partStop } from "./part-stop.ts";

/** PostgreSQL goes down: connections are refused, directly and through the proxy. */
export const postgresStop = partStop("postgres");
