import { pauseContainer } from "../../env/containers/container-faults.ts";
import { s } from "../../schema/index.ts";
import { defineFault, faultHandle } from "../fault.ts";
import { containerOf } from "./container-target.ts";

/** A hung server: its container frozen (cgroup freezer), connections accepted by nobody and never answered. */
export const containerPause = defineFault({
  description: "freeze the target's container (docker pause): connections hang, nothing answers; the revert thaws it",
  params: s.object({}),
  async inject({ descriptor, target }) {
    const { target: part, containerId } = containerOf("container.pause", descriptor, target);
    const paused = await pauseContainer(containerId);
    return faultHandle({ part, containerId, paused: true }, () => paused.revert());
  },
});
