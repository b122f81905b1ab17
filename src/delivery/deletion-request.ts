/** Heap's answer to an accepted user deletion: `{"deletion_request_id": "..."}` (docs/heap-api.md). */

/** The deletion_request_id of an answer, or undefined when the answer holds none. */
export function deletionRequestId(body: string): string | undefined {
  try {
    const id = (JSON.parse(body) as { deletion_request_id?: unknown } | null)?.deletion_request_id;
    if (typeof id === 'string' && id.length > 0) return id;
    return typeof id === 'number' ? String(id) : undefined;
  } catch {
    return undefined;
  }
}
