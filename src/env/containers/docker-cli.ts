import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { FiredrillError } from "../../errors.ts";

const run = promisify(execFile);

/** `docker …` with its output; a failure names the command and docker's own message. */
export async function docker(args: readonly string[], options: { timeoutMs?: number; input?: NodeJS.ReadableStream } = {}): Promise<string> {
  if (options.input) return dockerWithInput(args, options.input);
  try {
    const { stdout } = await run("docker", args, { timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 });
    return stdout.trim();
  } catch (error) {
    throw dockerFailure(args, error);
  }
}

/** Does `docker …` succeed? (For existence checks: `docker image inspect`.) */
export async function dockerSucceeds(args: readonly string[]): Promise<boolean> {
  return run("docker", args, { timeout: 30_000 }).then(() => true, () => false);
}

function dockerWithInput(args: readonly string[], input: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("docker", args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    input.pipe(child.stdin);
    child.once("error", (error) => reject(dockerFailure(args, error)));
    child.once("close", (code) => (code === 0 ? resolve(stdout.trim()) : reject(dockerFailure(args, Object.assign(new Error(`exit code ${code}`), { stderr })))));
  });
}

function dockerFailure(args: readonly string[], error: unknown): FiredrillError {
  const failed = error as NodeJS.ErrnoException & { stderr?: string };
  if (failed.code === "ENOENT") {
    return new FiredrillError("MISSING_DEPENDENCY", "docker: the docker command is not installed; apt-get install docker.io (then start dockerd)", { cause: error });
  }
  const detail = (failed.stderr?.trim() || failed.message).split("\n").slice(-3).join(" ");
  const hint = /Cannot connect to the Docker daemon|docker daemon running/i.test(detail) ? "; start the engine (`dockerd &` or `systemctl start docker`)" : "";
  return new FiredrillError("PROCESS_FAILED", `docker ${args.slice(0, 3).join(" ")} failed: ${detail}${hint}`, { cause: error });
}
