// Electronic receipts (biên lai điện tử, Nghị định 11/2020/NĐ-CP, 123/2020/NĐ-CP) are issued through a
// provider the province contracts (VNPT, Viettel, MISA…), each with its own API. The desk talks to one through
// this interface; which adapter is used is configuration (fees settings `eReceiptProvider`). Today's only
// adapter is 'local': the receipt is recorded in this office's book and printed here — no provider is called,
// and none is pretended to be.
import type { ReceiptRow } from './fee-store';

export interface IssuedReceipt {
  /** The adapter that issued it ('local'), stored with the receipt. */
  provider: string;
  /** The provider's own reference (look-up code, transaction id); null when recorded locally. */
  providerRef: string | null;
}

export interface EReceiptProvider {
  readonly name: string;
  /** Called inside the transaction that records the receipt: must not do network I/O there (a queued call would). */
  issue(receipt: Readonly<ReceiptRow>): IssuedReceipt;
  /** The receipt was cancelled here, with its reason. */
  cancel(receipt: Readonly<ReceiptRow>, reason: string): void;
}

/** Today's behaviour: the office's own numbered book, printed at the counter. */
export class LocalReceiptBook implements EReceiptProvider {
  readonly name = 'local';
  issue(): IssuedReceipt { return { provider: this.name, providerRef: null }; }
  cancel(): void { /* the receipt row keeps its cancellation; nothing to tell anyone else */ }
}

const ADAPTERS: Record<string, () => EReceiptProvider> = { local: () => new LocalReceiptBook() };

/** The adapter configured; an unknown name (a setting from a newer version) falls back to the local book. */
export function eReceiptProvider(name: string): EReceiptProvider {
  return (ADAPTERS[name] ?? ADAPTERS.local!)();
}
