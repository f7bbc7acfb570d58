import { FiredrillError, type FiredrillErrorCode } from "../../errors.ts";
import type { EnvironmentDescriptor, PartName } from "../descriptor.ts";
import { supervisorAlive } from "../gc.ts";
import { EnvironmentState } from "../state.ts";
import type { PartAction } from "./server.ts";

/** The CLI's side of the control API: finds a running environment by name and talks to its supervisor. */
export class ControlClient {
  private constructor(
    readonly state: EnvironmentState,
    readonly descriptor: EnvironmentDescriptor,
    private readonly token: string,
  ) {}

  static async connect(name: string, root?: string): Promise<ControlClient> {
    const state = new EnvironmentState(name, root);
    const descriptor = await state.readDescriptor();
    const alive = await supervisorAlive(state);
    if (descriptor === undefined || alive === undefined) {
      const leftovers = descriptor !== undefined || (await state.supervisor()) !== undefined;
      throw new FiredrillError(
        "NOT_FOUND",
        leftovers
          ? `environment "${name}" is not running (its supervisor is gone); run \`firedrill gc\` to reap what it left, then \`firedrill env up --name ${name}\``
          : `environment "${name}" is not running; start it with \`firedrill env up --detach --name ${name}\``,
      );
    }
    return new ControlClient(state, descriptor, await state.readToken());
  }

  status(): Promise<unknown> {
    return this.call("GET", "/status");
  }

  part(part: PartName, action: PartAction, set: Record<string, string> = {}): Promise<unknown> {
    return this.call("POST", `/parts/${part}/${action}`, { set });
  }

  down(): Promise<unknown> {
    return this.call("POST", "/down");
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.descriptor.control.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error) {
      throw new FiredrillError("PROCESS_FAILED", `environment "${this.state.name}": its supervisor does not answer at ${this.descriptor.control.url} (${(error as Error).message}); \`firedrill env down --name ${this.state.name}\` stops it`, { cause: error });
    }
    const answer = (await response.json().catch(() => ({}))) as { error?: string; code?: FiredrillErrorCode };
    if (!response.ok) {
      throw new FiredrillError(answer.code ?? "PROCESS_FAILED", `environment "${this.state.name}": ${answer.error ?? `control API answered ${response.status}`}`);
    }
    return answer;
  }
}
