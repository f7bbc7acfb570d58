import type { PublicDrill } from "../drills/public-view.ts";
import type { Responder, ResponderContext } from "../responders/responder.ts";

export type SessionState = "waiting" | "active" | "ended";

/** How a live drill ended, for the `respond` commands that come after it. */
export interface SessionEnd {
  readonly outcome: string;
  readonly total?: number;
  readonly max?: number;
}

/**
 * A live drill as the responders' commands see it: waiting for the incident
 * (the injection is unannounced), active (their moves go to the drill's
 * journal), ended. The respond phase lasts until a resolve claim the
 * recovery probes agree with, or until the drill's time runs out.
 */
export class LiveSession {
  readonly drill: PublicDrill;
  #state: SessionState = "waiting";
  #context: ResponderContext | undefined;
  #resolved: (() => void) | undefined;
  #end: SessionEnd | undefined;

  constructor(drill: PublicDrill) {
    this.drill = drill;
  }

  get state(): SessionState {
    return this.#state;
  }

  get end(): SessionEnd | undefined {
    return this.#end;
  }

  /** The context of the incident in progress, as `actor`; undefined unless active. */
  contextFor(actor: string): ResponderContext | undefined {
    return this.#state === "active" ? this.#context?.as(actor) : undefined;
  }

  /** A verified resolve claim ends the respond phase. */
  resolved(): void {
    this.#resolved?.();
  }

  finish(end: SessionEnd): void {
    this.#state = "ended";
    this.#end = end;
    this.#context = undefined;
  }

  /** The responder the engine runs: it holds the respond phase open for the people at the control API. */
  responder(name = "trainee"): Responder {
    return {
      name,
      respond: (context) =>
        new Promise<void>((resolve, reject) => {
          this.#context = context;
          this.#state = "active";
          const onAbort = () => reject(context.signal.reason instanceof Error ? context.signal.reason : new Error("interrupted"));
          if (context.signal.aborted) return onAbort();
          context.signal.addEventListener("abort", onAbort, { once: true });
          this.#resolved = () => {
            context.signal.removeEventListener("abort", onAbort);
            resolve();
          };
        }),
    };
  }
}
