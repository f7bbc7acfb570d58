import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { FiredrillError } from "../../errors.ts";
import { docker } from "../containers/docker-cli.ts";

const run = promisify(execFile);

/** One compose project: its files, its name, and the variables its files are read with. */
export interface ComposeProject {
  /** Absolute paths, in `-f` order. */
  readonly files: readonly string[];
  readonly project: string;
  /** Variables for docker-compose (FIREDRILL_*_IMAGE, …); default process.env. */
  readonly env?: NodeJS.ProcessEnv | undefined;
}

/** What docker-compose v1 calls a project by default: the first file's directory name, lowercased, other characters dropped. */
export function defaultProjectName(file: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.COMPOSE_PROJECT_NAME || path.basename(path.dirname(path.resolve(file))).toLowerCase().replace(/[^-_a-z0-9]/g, "");
}

/** `docker-compose -p <project> -f … <args>`, in the first file's directory; a failure names the command and docker-compose's message. */
export async function compose(project: ComposeProject, args: readonly string[], extraFiles: readonly string[] = []): Promise<string> {
  const files = [...project.files, ...extraFiles].flatMap((file) => ["-f", file]);
  const fullArgs = ["-p", project.project, ...files, ...args];
  try {
    const { stdout } = await run("docker-compose", fullArgs, {
      cwd: path.dirname(project.files[0]!),
      env: { ...(project.env ?? process.env) },
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const failed = error as NodeJS.ErrnoException & { stderr?: string };
    if (failed.code === "ENOENT") throw new FiredrillError("MISSING_DEPENDENCY", "docker-compose: the command is not installed; apt-get install docker-compose", { cause: error });
    const detail = (failed.stderr?.trim() || failed.message).split("\n").slice(-3).join(" ");
    throw new FiredrillError("PROCESS_FAILED", `docker-compose -p ${project.project} ${args.join(" ")} failed: ${detail}`, { cause: error });
  }
}

/** The id of a service's container (running or stopped), from the labels docker-compose puts on it; undefined when it has none. */
export async function serviceContainer(project: string, service: string): Promise<string | undefined> {
  const ids = await docker(["ps", "-aq", "--no-trunc", "--filter", `label=com.docker.compose.project=${project}`, "--filter", `label=com.docker.compose.service=${service}`]);
  return ids.split("\n").find(Boolean);
}

export interface ContainerFacts {
  id: string;
  /** Its main process as the host sees it; 0 while stopped. */
  pid: number;
  image: string;
  env: Record<string, string>;
  mounts: { source: string; destination: string }[];
}

const toRecord = (lines: readonly string[] | null) => Object.fromEntries((lines ?? []).map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));

export async function inspectContainer(id: string): Promise<ContainerFacts> {
  const [state] = JSON.parse(await docker(["inspect", id])) as { State: { Pid: number }; Config: { Image: string; Env: string[] | null }; Mounts: { Source: string; Destination: string }[] }[];
  return {
    id,
    pid: state!.State.Pid,
    image: state!.Config.Image,
    env: toRecord(state!.Config.Env),
    mounts: state!.Mounts.map((mount) => ({ source: mount.Source, destination: mount.Destination })),
  };
}

/** The variables an image sets itself (PATH, NODE_VERSION, …): not the service's, so never an override. */
export async function imageEnv(image: string): Promise<Record<string, string>> {
  return toRecord(JSON.parse(await docker(["image", "inspect", "--format", "{{json .Config.Env}}", image])) as string[] | null);
}

/** The deepest mount (bind or volume) a path inside the container lies in. */
export function mountCovering(mounts: ContainerFacts["mounts"], inside: string): ContainerFacts["mounts"][number] | undefined {
  return mounts
    .filter((candidate) => inside === candidate.destination || inside.startsWith(`${candidate.destination.replace(/\/$/, "")}/`))
    .sort((a, b) => b.destination.length - a.destination.length)[0];
}

/** A path inside a container as the host sees it, through its mounts; unchanged when no mount covers it. */
export function hostPath(mounts: ContainerFacts["mounts"], inside: string): string {
  const mount = mountCovering(mounts, inside);
  return mount === undefined ? inside : path.join(mount.source, path.relative(mount.destination, inside));
}
