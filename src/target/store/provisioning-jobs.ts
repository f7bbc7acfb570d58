import type { Queryable } from "./database.ts";

export const JOB_STEPS = ["create_whmcs_order", "activate_sim", "update_salesforce", "send_confirmation"] as const;
export type JobStep = (typeof JOB_STEPS)[number];
export type JobStatus = "queued" | "running" | "succeeded" | "failed";

/** The state of each step already attempted for an order. */
export async function jobStatuses(db: Queryable, orderId: number): Promise<Map<JobStep, JobStatus>> {
  const rows = await db.query<{ step: JobStep; status: JobStatus }>("SELECT step, status FROM provisioning_jobs WHERE order_id = $1", [orderId]);
  return new Map(rows.map((row) => [row.step, row.status]));
}

/** Marks a step running and counts the attempt (one row per order and step). */
export async function startJob(db: Queryable, orderId: number, step: JobStep): Promise<void> {
  await db.query(
    `INSERT INTO provisioning_jobs (order_id, step, status, attempts) VALUES ($1, $2, 'running', 1)
     ON CONFLICT (order_id, step) DO UPDATE SET status = 'running', attempts = provisioning_jobs.attempts + 1, last_error = NULL, updated_at = now()`,
    [orderId, step],
  );
}

export async function finishJob(db: Queryable, orderId: number, step: JobStep, outcome: { error?: string }): Promise<void> {
  await db.query("UPDATE provisioning_jobs SET status = $3, last_error = $4, updated_at = now() WHERE order_id = $1 AND step = $2", [
    orderId,
    step,
    outcome.error === undefined ? "succeeded" : "failed",
    outcome.error?.slice(0, 2_000) ?? null,
  ]);
}
