import { randomBytes } from "node:crypto";
import type { Clock } from "../clock.ts";
import { Conditions } from "../conditions.ts";
import { FreebitErrors } from "./errors.ts";
import type { AccountState, FreebitFixture } from "./fixture.ts";

export interface FreebitAccount {
  readonly account: string;
  readonly iccid: string;
  planCode: string;
  readonly simType: string;
  state: AccountState;
  /** A request accepted but not complete yet: Freebit completes activations and changes asynchronously. */
  pending?: { readonly target: AccountState; readonly requestedAtMs: number; readonly processNo: string };
  updatedAtMs: number;
}

/** SIM accounts and OEM auth keys; completion of requests lags by `completionDelayMs` (or more, under a fault). */
export class FreebitState {
  readonly fixture: FreebitFixture;
  /** Faults that slow completion while active: the largest delay wins; Infinity never completes. */
  readonly completionDelays = new Conditions<number>();
  readonly #accounts = new Map<string, FreebitAccount>();
  readonly #authKeys = new Map<string, number>();
  readonly #clock: Clock;
  #nextMsisdn: number;
  #nextProcess = 1;

  constructor(fixture: FreebitFixture, clock: Clock) {
    this.fixture = fixture;
    this.#clock = clock;
    this.#nextMsisdn = fixture.msisdnPool.next;
    for (const seed of fixture.accounts) {
      this.#accounts.set(seed.account, { ...seed, updatedAtMs: Date.parse(seed.updatedAt) });
    }
  }

  issueAuthKey(): string {
    const key = randomBytes(16).toString("hex");
    this.#authKeys.set(key, this.#clock.now() + this.fixture.authKeyTtlMs);
    return key;
  }

  checkAuthKey(key: unknown): void {
    const expiresAtMs = typeof key === "string" ? this.#authKeys.get(key) : undefined;
    if (expiresAtMs === undefined || expiresAtMs <= this.#clock.now()) throw FreebitErrors.authKeyInvalid();
  }

  /** The account as of now: a pending request whose time has come is applied first. */
  find(by: { account?: unknown; iccid?: unknown }): FreebitAccount | undefined {
    const found =
      typeof by.account === "string" ? this.#accounts.get(by.account) : [...this.#accounts.values()].find((candidate) => candidate.iccid === by.iccid);
    if (found?.pending !== undefined) {
      const delayMs = Math.max(this.fixture.completionDelayMs, ...this.completionDelays.values());
      const doneAtMs = found.pending.requestedAtMs + delayMs;
      if (doneAtMs <= this.#clock.now()) {
        found.state = found.pending.target;
        found.updatedAtMs = doneAtMs;
        delete found.pending;
      }
    }
    return found;
  }

  activate(iccid: string, planCode: string, simType: string): FreebitAccount {
    if (this.find({ iccid }) !== undefined) throw FreebitErrors.iccidInUse();
    const account = `${this.fixture.msisdnPool.prefix}${String(this.#nextMsisdn++).padStart(11 - this.fixture.msisdnPool.prefix.length, "0")}`;
    const now = this.#clock.now();
    const created: FreebitAccount = { account, iccid, planCode, simType, state: "suspended", pending: { target: "active", requestedAtMs: now, processNo: this.#processNo() }, updatedAtMs: now };
    this.#accounts.set(account, created);
    return created;
  }

  requestState(account: FreebitAccount, target: AccountState): void {
    if (account.pending !== undefined) throw FreebitErrors.stillProcessing();
    const allowed = account.state === "active" ? ["suspended", "cancelled"] : account.state === "suspended" ? ["active", "cancelled"] : [];
    if (!allowed.includes(target)) throw FreebitErrors.invalidTransition(account.state, target);
    account.pending = { target, requestedAtMs: this.#clock.now(), processNo: this.#processNo() };
  }

  #processNo(): string {
    return `P${String(this.#nextProcess++).padStart(10, "0")}`;
  }
}
