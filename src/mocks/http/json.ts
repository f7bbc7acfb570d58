/**
 * A JSON Response, as MSW's HttpResponse.json() builds it but without the Blob
 * it makes to measure the body: the mocks' hot paths answer thousands of these
 * a second. (Plain Responses are valid MSW resolver results.)
 */
export function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  const text = JSON.stringify(body);
  return new Response(text, {
    status: init.status ?? 200,
    headers: { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)), ...init.headers },
  });
}
