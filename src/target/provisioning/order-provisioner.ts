import type { FreebitClient } from "../clients/freebit-client.ts";
import type { SalesforceRest } from "../clients/salesforce-rest.ts";
import type { WhmcsClient } from "../clients/whmcs-client.ts";
import { messageOf } from "../errors.ts";
import type { PlatformEvent } from "../events/bayeux/messages.ts";
import { type Logger, since } from "../log/logger.ts";
import type { OrderStatusFeed } from "../orders/order-status-feed.ts";
import { findCustomerById } from "../store/customers.ts";
import type { Database } from "../store/database.ts";
import { finishJob, type JobStep, jobStatuses, startJob } from "../store/provisioning-jobs.ts";
import { findOrder, moveOrder, type Order, saveSim, saveWhmcsOrder } from "../store/orders.ts";
import { audit } from "../store/security-records.ts";
import { iccidFor, orderReferenceOf } from "./order-reference.ts";

export interface ProvisionerDeps {
  readonly db: Database;
  readonly whmcs: WhmcsClient;
  readonly freebit: FreebitClient;
  readonly salesforce: SalesforceRest;
  readonly feed: OrderStatusFeed;
  readonly logger: Logger;
}

class StepFailed extends Error {
  constructor(
    readonly step: JobStep,
    cause: unknown,
  ) {
    super(messageOf(cause), { cause });
  }
}

/**
 * What an OrderProvisionRequested__e event sets off: an order in "Pending
 * Review" gets a WHMCS order (AddOrder, AcceptOrder), an active Freebit SIM
 * and its Salesforce Order marked Provisioned, and only then becomes
 * "Provisioned" in PostgreSQL. Each step is a provisioning_jobs row; a step
 * that succeeded is not repeated when the event comes again. A failure leaves
 * the order where it was, with the step's error recorded and logged.
 */
export class OrderProvisioner {
  readonly #deps: ProvisionerDeps;
  readonly #log: Logger;

  constructor(deps: ProvisionerDeps) {
    this.#deps = deps;
    this.#log = deps.logger.child({ component: "provisioning" });
  }

  async handle(event: PlatformEvent): Promise<void> {
    const reference = orderReferenceOf(event.payload);
    if (reference === undefined) {
      this.#log.error(`Provisioning skipped: Platform Event ${event.replayId} names no order (Portal_Order_Id__c or Order_Id__c)`, { replayId: event.replayId });
      return;
    }
    const order = await findOrder(this.#deps.db, reference);
    if (order === undefined) {
      this.#log.error(`Provisioning skipped: no order ${reference.id ?? reference.sfOrderId} for Platform Event ${event.replayId}`, { replayId: event.replayId, ...reference });
      return;
    }
    if (order.status !== "Pending Review") {
      this.#log.info(`Provisioning skipped: order ${order.id} is ${order.status}, not Pending Review`, { orderId: order.id, status: order.status, replayId: event.replayId });
      return;
    }
    const startedMs = performance.now();
    const fields = { orderId: order.id, sfOrderId: order.sfOrderId, replayId: event.replayId };
    this.#log.info(`Provisioning order ${order.id} started`, fields);
    try {
      const done = await this.#provision(order, fields);
      this.#log.info(`Provisioning order ${order.id} complete: Provisioned`, { ...fields, ...done, duration: since(startedMs) });
    } catch (error) {
      const step = error instanceof StepFailed ? error.step : "prepare";
      this.#log.error(`Provisioning order ${order.id} failed at ${step}: ${messageOf(error)}; order stays Pending Review`, { ...fields, step, duration: since(startedMs) });
      await audit(this.#deps.db, { actor: "system:provisioner", action: "order.provision_failed", subject: `order:${order.id}`, details: { step, error: messageOf(error), replayId: event.replayId } }).catch(() => {});
    }
  }

  async #provision(order: Order, fields: Record<string, unknown>): Promise<{ whmcsOrderId: number; msisdn: string }> {
    const { db, whmcs, freebit, salesforce, feed } = this.#deps;
    const customer = await findCustomerById(db, order.customerId);
    if (customer?.whmcsClientId == null) throw new Error(`customer ${order.customerId} has no WHMCS client id`);
    const clientId = customer.whmcsClientId;
    const done = await jobStatuses(db, order.id);

    const whmcsOrderId = await this.#step(order, "create_whmcs_order", done, order.whmcsOrderId, async () => {
      const id = order.whmcsOrderId ?? (await whmcs.addOrder(clientId, order.planCode)).orderId;
      await saveWhmcsOrder(db, order.id, id);
      await whmcs.acceptOrder(id);
      this.#log.info(`Provisioning order ${order.id}: WHMCS order ${id} accepted`, { ...fields, whmcsOrderId: id });
      return id;
    });
    const iccid = order.iccid ?? iccidFor(order.id);
    const msisdn = await this.#step(order, "activate_sim", done, order.msisdn, async () => {
      const sim = await freebit.activateSim({ iccid, planCode: order.planCode, simType: order.simType });
      await saveSim(db, order.id, { iccid, msisdn: sim.account });
      this.#log.info(`Provisioning order ${order.id}: Freebit SIM ${iccid} active as ${sim.account}`, { ...fields, iccid, msisdn: sim.account });
      return sim.account;
    });
    await this.#step(order, "update_salesforce", done, null, async () => {
      if (order.sfOrderId === null) return true;
      await salesforce.updateOrder(order.sfOrderId, { Status: "Provisioned", ICCID__c: iccid, MSISDN__c: msisdn, WHMCS_Order_Id__c: whmcsOrderId });
      return true;
    });

    const moved = await db.transaction(async (tx) => {
      if (!(await moveOrder(tx, order.id, "Pending Review", "Provisioned"))) return false;
      await audit(tx, { actor: "system:provisioner", action: "order.provision", subject: `order:${order.id}`, details: { from: "Pending Review", to: "Provisioned", whmcsOrderId, msisdn } });
      return true;
    });
    if (!moved) throw new Error(`order ${order.id} left Pending Review while it was being provisioned`);
    await feed.publish({ orderId: order.id, customerId: order.customerId, from: "Pending Review", to: "Provisioned", at: new Date().toISOString() });
    return { whmcsOrderId, msisdn };
  }

  /** Runs one step unless it already succeeded (then `previous` is its result), recording it in provisioning_jobs. */
  async #step<T>(order: Order, step: JobStep, done: Map<JobStep, string>, previous: T | null, work: () => Promise<T>): Promise<T> {
    if (done.get(step) === "succeeded" && previous !== null) return previous;
    const { db } = this.#deps;
    try {
      await startJob(db, order.id, step);
      const result = await work();
      await finishJob(db, order.id, step, {});
      return result;
    } catch (error) {
      await finishJob(db, order.id, step, { error: messageOf(error) }).catch(() => {});
      throw new StepFailed(step, error);
    }
  }
}
