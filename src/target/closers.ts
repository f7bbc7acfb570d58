/**
 * What the portal acquired, released in reverse order: a start that fails
 * halfway releases what it got, and close() releases everything once, even
 * when one release throws.
 */
export class Closers {
  readonly #stack: { readonly name: string; readonly close: () => unknown }[] = [];
  #closing: Promise<Error[]> | undefined;

  add(name: string, close: () => unknown): void {
    this.#stack.push({ name, close });
  }

  /** Resolves with the errors of the releases that failed (named), never rejects. Idempotent. */
  closeAll(): Promise<Error[]> {
    this.#closing ??= (async () => {
      const errors: Error[] = [];
      for (const { name, close } of this.#stack.reverse()) {
        try {
          await close();
        } catch (error) {
          errors.push(new Error(`closing ${name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
        }
      }
      return errors;
    })();
    return this.#closing;
  }
}
