// The one owner of the outbox table: writers enqueue, hold, release and replace through it inside their own
// transaction; the drainer claims and settles through its store; the sync screen reads through its queries.
// No other file's SQL names the outbox (tests/unit/architecture/outbox-owner.test.ts).
export * from './enqueue';
export * from './notices';
export * from './payloads';
export * from './queries';
export { expandCreate, expandPendingCreate, PORTAL_FORM_KINDS } from './expand';
export { laneOf, OutboxStore, payloadOf, type ErrorKind, type OutboxItem, type OutboxState } from './store';
export { rawOf, type Tx } from './tx';
