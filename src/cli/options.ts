import { InvalidArgumentError } from "commander";
import type { BackendName } from "../env/descriptor.ts";

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new InvalidArgumentError(`"${value}" is not a TCP port; give a whole number from 0 to 65535.`);
  }
  return port;
}

const BACKENDS: readonly BackendName[] = ["local", "containers"];

export function parseBackend(value: string): BackendName {
  if (!(BACKENDS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`"${value}" is not a backend; use one of ${BACKENDS.join(", ")}.`);
  }
  return value as BackendName;
}
