import { randomInt } from "node:crypto";
import { InvalidArgumentError } from "commander";
import type { BackendName } from "../env/descriptor.ts";
import { FiredrillError } from "../errors.ts";

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

/** `--seed N`: a whole number; absent, a random one (the commands print it, so a run can be replayed). */
export function parseSeed(value: string | undefined): number {
  if (value === undefined) return randomInt(1, 2 ** 31);
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0) throw new FiredrillError("CONFIG_INVALID", `--seed "${value}": give a whole number, e.g. --seed 7`);
  return seed;
}
