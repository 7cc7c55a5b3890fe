/**
 * Why a call to the provincial system failed, sorted by what the drainer should do about it:
 * - network: the system cannot be reached at all (connection refused, no route, name unknown) → an outage:
 *   stop sending, probe with backoff, resume all;
 * - transient: this one request got no answer (time-out, connection dropped mid-way) while the line may be
 *   fine → retry this item with backoff, check the line once, the other items go on;
 * - server: 5xx / 429 → retry this item later with backoff;
 * - auth: the session could not be renewed (401 after one re-login) → retry later, tell the admin;
 * - rejected: a 4xx about the data → park as "cần xử lý" with the server's message.
 */
export type PortalErrorKind = 'network' | 'transient' | 'server' | 'auth' | 'rejected';

export class PortalError extends Error {
  constructor(readonly kind: PortalErrorKind, message: string, readonly status?: number, readonly serverMessage?: string,
    /** The answer's `data`, when it carried one (a 409 on an upload carries the server's offset there). */
    readonly data?: unknown) {
    super(message);
  }
}

/** A local problem with one item (its file is gone, its dossier was deleted): needs a person, not a retry. */
export class LocalItemError extends Error {}
