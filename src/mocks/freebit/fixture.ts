/** The shape of fixtures/mocks/freebit.json. */
export type AccountState = "active" | "suspended" | "cancelled";

export interface FreebitFixture {
  readonly oemId: string;
  readonly oemKey: string;
  readonly authKeyTtlMs: number;
  /** How long an activation or state change takes to complete (Freebit: minutes; here short by default). */
  readonly completionDelayMs: number;
  readonly msisdnPool: { readonly prefix: string; readonly next: number };
  readonly accounts: readonly { account: string; iccid: string; planCode: string; simType: string; state: AccountState; updatedAt: string }[];
}
