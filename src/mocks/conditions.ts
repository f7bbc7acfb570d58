/**
 * A set of active conditions that faults switch on and off. Each fault adds
 * its own entry and removes only that entry, so faults can be reverted in any
 * order without restoring a value that another fault saved.
 */
export class Conditions<T> {
  readonly #entries = new Map<symbol, T>();

  add(value: T): () => void {
    const key = Symbol("condition");
    this.#entries.set(key, value);
    return () => {
      this.#entries.delete(key);
    };
  }

  get active(): boolean {
    return this.#entries.size > 0;
  }

  values(): T[] {
    return [...this.#entries.values()];
  }

  some(predicate: (value: T) => boolean): boolean {
    for (const value of this.#entries.values()) if (predicate(value)) return true;
    return false;
  }

  clear(): void {
    this.#entries.clear();
  }
}
