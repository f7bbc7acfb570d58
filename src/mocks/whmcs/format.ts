import { HttpResponse } from "msw";
import { json } from "../http/json.ts";

export type WhmcsBody = Record<string, unknown>;

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&${{ "<": "lt", ">": "gt", "&": "amp", "'": "apos", '"': "quot" }[c]};`);

function xmlElement(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => xmlElement(name, item)).join("");
  if (value !== null && typeof value === "object") {
    const inner = Object.entries(value).map(([key, child]) => xmlElement(key, child)).join("");
    return `<${name}>\n${inner}</${name}>\n`;
  }
  return `<${name}>${escapeXml(value === null || value === undefined ? "" : String(value))}</${name}>\n`;
}

/**
 * WHMCS's three response types: json, xml, and the deprecated name=value;
 * pairs (NVP) it falls back to when `responsetype` is missing. NVP carries
 * only top-level scalars, as in WHMCS.
 */
export function renderWhmcs(body: WhmcsBody, options: { responsetype: string | null; action: string; version: string; status?: number }): Response {
  const status = options.status ?? 200;
  const type = (options.responsetype ?? "").toLowerCase();
  if (type === "json") return json(body, { status });
  if (type === "xml") {
    const inner = [["action", options.action.toLowerCase()] as const, ...Object.entries(body)].map(([key, value]) => xmlElement(key, value)).join("");
    const xml = `<?xml version="1.0" encoding="utf-8"?>\n<whmcsapi version="${options.version}">\n${inner}</whmcsapi>`;
    return new HttpResponse(xml, { status, headers: { "Content-Type": "text/xml; charset=utf-8" } });
  }
  const pairs = Object.entries(body)
    .filter(([, value]) => value === null || typeof value !== "object")
    .map(([key, value]) => `${key}=${value ?? ""};`)
    .join("");
  return new HttpResponse(pairs, { status, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

/** WHMCS wraps lists in a singular key: clients.client[], products.product[], invoices.invoice[]. */
export function wrapped<T>(plural: string, singular: string, rows: readonly T[]): Record<string, { [key: string]: readonly T[] }> {
  return { [plural]: { [singular]: rows } };
}

/** Numbers come back as strings from the database; only computed counts are numbers. */
export function asStrings(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === "number" ? String(value) : value]));
}

/** A list slice as WHMCS pages it: limitstart / limitnum, totalresults as a string, startnumber and numreturned as numbers. */
export function page<T>(rows: readonly T[], params: URLSearchParams, defaultLimit = 25) {
  const start = Math.max(0, Math.trunc(Number(params.get("limitstart") ?? 0)) || 0);
  const limit = Math.max(0, Math.trunc(Number(params.get("limitnum") ?? defaultLimit)) || defaultLimit);
  const slice = rows.slice(start, start + limit);
  return { slice, meta: { totalresults: String(rows.length), startnumber: start, numreturned: slice.length } };
}
