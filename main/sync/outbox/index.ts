// The one owner of the outbox table: writers enqueue through it inside their own transaction, the drainer
// claims and settles through its store. No other file's SQL names the outbox.
export * from './enqueue';
export * from './payloads';
export { expandCreate, expandPendingCreate } from './expand';
export { laneOf, OutboxStore, type ErrorKind, type OutboxItem, type OutboxState } from './store';
