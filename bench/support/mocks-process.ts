/**
 * Child process of the mocks benchmark: runs startMocks() outside the load
 * generator's event loop, as the environment runs them. Reports the
 * descriptor with process.send, answers "cpu" with its CPU time, and exits
 * when the parent goes away.
 */
import { startMocks } from "../../src/mocks/index.ts";

if (process.send === undefined) {
  process.stderr.write("bench/support/mocks-process.ts: run me as a child with an IPC channel (see bench/mocks.ts)\n");
  process.exit(2);
}
const mocks = await startMocks({ journalCapacity: 10_000 });
const stop = () => void mocks.close().finally(() => process.exit(0));
process.on("disconnect", stop);
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
// The parent asks for this process's CPU time around each phase: CPU per request does not depend on what else runs.
process.on("message", (message) => {
  if (message === "cpu") process.send?.({ cpuMicros: process.cpuUsage() });
});
process.send(mocks.descriptor());
