import { spawn } from "node:child_process";
import { projectPath } from "../paths.ts";
import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import { FiredrillError, type FiredrillErrorCode } from "../errors.ts";

const BIN = projectPath("bin", "firedrill.js");
const READY_TIMEOUT_MS = 180_000;

type SupervisorMessage =
  | { type: "ready"; descriptor: EnvironmentDescriptor }
  | { type: "error"; code?: FiredrillErrorCode; message: string };

/**
 * `env up --detach`: starts `firedrill env supervise` in its own session (so
 * the terminal's Ctrl-C and hang-up don't reach it) and returns its
 * descriptor once it reports ready over IPC. A supervisor that fails reports
 * why and has already released everything; one that goes silent is killed
 * (it tears down on SIGTERM).
 */
export function startDetached(name: string, optionsJson: string): Promise<EnvironmentDescriptor> {
  const child = spawn(process.execPath, [BIN, "env", "supervise", "--name", name, "--options", optionsJson], {
    detached: true,
    stdio: ["ignore", "ignore", "ignore", "ipc"],
  });
  return new Promise((resolve, reject) => {
    const abandon = () => child.kill("SIGTERM");
    const timer = setTimeout(() => {
      abandon();
      reject(new FiredrillError("TIMEOUT", `environment "${name}": not ready after ${READY_TIMEOUT_MS}ms; it was stopped`));
    }, READY_TIMEOUT_MS);
    process.once("SIGINT", abandon);
    const settle = () => {
      clearTimeout(timer);
      process.off("SIGINT", abandon);
    };
    child.once("message", (message: SupervisorMessage) => {
      settle();
      if (message.type === "ready") {
        child.disconnect();
        child.unref();
        resolve(message.descriptor);
      } else {
        reject(new FiredrillError(message.code ?? "PROCESS_FAILED", message.message));
      }
    });
    child.once("exit", (code, signal) => {
      settle();
      reject(new FiredrillError("PROCESS_FAILED", `environment "${name}": the supervisor exited (${signal ?? `code ${code}`}) before it was ready`));
    });
  });
}
