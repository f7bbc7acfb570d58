import type { RequestHandler } from "msw";
import { type SetupServer, setupServer } from "msw/node";

/**
 * A system's MSW handlers: its base handlers plus runtime overrides (faults).
 * An MSW setupServer that is never listen()ed keeps the list, as MSW's own
 * `use()` / `resetHandlers()` define it; the server builds its middleware
 * from list() on every request, so an override applies to the next request.
 * Overrides are removed one at a time: the rest are put back in order.
 */
export class HandlerRegistry {
  readonly #server: SetupServer;
  readonly #overrides = new Map<symbol, readonly RequestHandler[]>();
  #current: readonly RequestHandler[];

  constructor(handlers: readonly RequestHandler[]) {
    this.#server = setupServer(...handlers);
    this.#current = this.#read();
  }

  /** The handlers in the order MSW tries them: newest override first, base handlers last. */
  list(): readonly RequestHandler[] {
    return this.#current;
  }

  /** Puts `handlers` in front of everything else; returns their removal (idempotent). */
  override(...handlers: RequestHandler[]): () => void {
    const key = Symbol("override");
    this.#overrides.set(key, handlers);
    this.#rebuild();
    return () => {
      if (this.#overrides.delete(key)) this.#rebuild();
    };
  }

  /** New base handlers (the system was reseeded) and no overrides. */
  reset(handlers: readonly RequestHandler[]): void {
    this.#overrides.clear();
    this.#server.resetHandlers(...handlers);
    this.#current = this.#read();
  }

  #rebuild(): void {
    this.#server.resetHandlers();
    const newestFirst = [...this.#overrides.values()].reverse().flat();
    if (newestFirst.length > 0) this.#server.use(...newestFirst);
    this.#current = this.#read();
  }

  #read(): readonly RequestHandler[] {
    return this.#server.listHandlers() as readonly RequestHandler[];
  }
}
