import { partStop } from "./part-stop.ts";

/** Redis goes down: connections are refused, directly and through the proxy. */
export const redisStop = partStop("redis");
