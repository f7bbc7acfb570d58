import { disconnectNetwork } from "../../env/containers/container-faults.ts";
import { docker } from "../../env/containers/docker-cli.ts";
import { FiredrillError } from "../../errors.ts";
import { s } from "../../schema/index.ts";
import { defineFault, faultHandle } from "../fault.ts";
import { containerOf } from "./container-target.ts";

/** The container's networks: `bridge` for the containers backend, `<project>_default` under docker-compose. */
async function networksOf(containerId: string): Promise<string[]> {
  return (await docker(["inspect", "--format", "{{range $name, $_ := .NetworkSettings.Networks}}{{$name}} {{end}}", containerId])).split(" ").filter(Boolean);
}

/** Off the network: the published port no longer relays, so clients time out or are refused, as with a partitioned host. */
export const containerDisconnect = defineFault({
  description: "disconnect the target's container from its network; the revert connects it again",
  params: s.object({
    network: s.optional(s.describe(s.string(), "the network to leave; default the container's (first) network")),
  }),
  async inject({ descriptor, params, target }) {
    const kind = "container.disconnect";
    const { target: part, containerId } = containerOf(kind, descriptor, target);
    const networks = await networksOf(containerId);
    const network = params.network ?? networks[0];
    if (network === undefined || !networks.includes(network)) {
      throw new FiredrillError("CONFIG_INVALID", `fault "${kind}": ${part}'s container is on ${networks.length > 0 ? `networks ${networks.join(", ")}` : "no network"}${params.network ? `, not "${params.network}"` : ""}; set params.network to one of them`);
    }
    const cut = await disconnectNetwork(containerId, network);
    return faultHandle({ part, containerId, network }, () => cut.revert());
  },
});
