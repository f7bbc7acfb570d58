import { randomUUID } from "node:crypto";
import { type ToxicDirection, Toxiproxy, ToxiproxyError, type ToxicType } from "toxiproxy-node-client";
import { s } from "../../schema/index.ts";
import { type FaultContext, type FaultHandle, faultHandle } from "../fault.ts";
import { PROXIED_SERVICES, targetOf } from "../target.ts";

export const streamParam = s.describe(
  s.withDefault(s.enumOf(["downstream", "upstream"] as const, "stream"), "downstream"),
  "downstream: server → client (the default); upstream: client → server",
);

/** A 404 from the proxy API: the toxic or proxy is gone already, which is what a revert wants. */
const isGone = (error: unknown) => error instanceof ToxiproxyError && error.message.endsWith("status code 404");

/**
 * Adds one toxic of `type` to the target service's proxy; the handle removes
 * exactly that toxic (by its unique name), leaving any other toxics alone.
 */
export async function injectToxic<A>(
  kind: string,
  context: FaultContext<unknown>,
  toxic: { type: ToxicType; stream: ToxicDirection; attributes: A },
): Promise<FaultHandle> {
  const service = targetOf(kind, context.target, PROXIED_SERVICES);
  const proxyName = context.descriptor.services[service].proxy;
  const toxiproxy = new Toxiproxy(context.descriptor.proxy.apiUrl);
  const proxy = await toxiproxy.get(proxyName);
  const name = `firedrill-${kind.replace(/\W/g, "-")}-${randomUUID().slice(0, 8)}`;
  await proxy.addToxic({ name, type: toxic.type, stream: toxic.stream, toxicity: 1, attributes: toxic.attributes });
  return faultHandle({ service, proxy: proxyName, toxic: name, type: toxic.type, stream: toxic.stream, ...toxic.attributes }, async () => {
    try {
      const current = await toxiproxy.get(proxyName);
      await (await current.getToxic(name)).remove();
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  });
}
