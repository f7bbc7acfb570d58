import { Toxiproxy } from "toxiproxy-node-client";
import { s } from "../../schema/index.ts";
import { defineFault, faultHandle } from "../fault.ts";
import { PROXIED_SERVICES, targetOf } from "../target.ts";

async function setEnabled(toxiproxy: Toxiproxy, proxyName: string, enabled: boolean): Promise<void> {
  const proxy = await toxiproxy.get(proxyName);
  await proxy.update({ enabled, listen: proxy.listen, upstream: proxy.upstream });
}

/** The service's proxy refuses connections and drops open ones, as a host that went away. */
export const proxyDown = defineFault({
  description: "disable the target service's proxy: connections are refused, open ones dropped",
  params: s.object({}),
  async inject({ descriptor, target }) {
    const service = targetOf("proxy.down", target, PROXIED_SERVICES);
    const proxyName = descriptor.services[service].proxy;
    const toxiproxy = new Toxiproxy(descriptor.proxy.apiUrl);
    await setEnabled(toxiproxy, proxyName, false);
    return faultHandle({ service, proxy: proxyName, enabled: false }, () => setEnabled(toxiproxy, proxyName, true));
  },
});
