import { FiredrillError } from "../../errors.ts";
import { s } from "../../schema/index.ts";
import { defineFault, faultHandle } from "../fault.ts";
import { targetOf } from "../target.ts";

/**
 * A hung Redis (a long fork for persistence, a stalled disk, a frozen VM):
 * the server process is stopped with SIGSTOP, so connections are accepted by
 * the kernel but nothing answers. The revert sends SIGCONT. With the
 * containers backend the pid is the container's main process as the host
 * sees it, so it works the same (it needs the right to signal it: root).
 */
export const redisPause = defineFault({
  description: "freeze the Redis server (SIGSTOP): connections hang; the revert resumes it (SIGCONT)",
  params: s.object({}),
  async inject({ descriptor, target }) {
    targetOf("redis.pause", target ?? "redis", ["redis"] as const);
    const pid = descriptor.services.redis.pid;
    if (pid <= 0) throw new FiredrillError("STATE_INVALID", `fault "redis.pause": Redis is not running in environment "${descriptor.name}" (pid 0); start it first`);
    process.kill(pid, "SIGSTOP");
    return faultHandle({ pid, paused: true }, async () => {
      try {
        process.kill(pid, "SIGCONT");
      } catch (error) {
        // Gone (a responder restarted Redis): nothing is frozen any more.
        if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
      }
    });
  },
});
