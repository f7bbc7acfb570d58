import type http from "node:http";

/** Writes a Fetch Response (as handlers build them) to a Node response. */
export async function writeResponse(target: http.ServerResponse, response: Response): Promise<void> {
  if (target.headersSent || target.destroyed) return;
  const body = Buffer.from(await response.arrayBuffer());
  target.statusCode = response.status;
  if (response.statusText !== "") target.statusMessage = response.statusText;
  response.headers.forEach((value, name) => target.appendHeader(name, value));
  target.end(body);
}
