import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { api, errorMessage } from '../api/client';

export type EntryDraft = MethodOutput<'civilStatus.draft'>;

/** What the entry screen of a dossier starts from (schema, values from the dossier, book and number); reloaded on `version`. */
export function useEntryDraft(dossierId: string, version = 0): { draft: EntryDraft | null; failure: string | null } {
  const [draft, setDraft] = useState<EntryDraft | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.call('civilStatus.draft', { dossierId }).then(
      (d) => { if (live) { setDraft(d); setFailure(null); } },
      (e) => { if (live) setFailure(errorMessage(e)); },
    );
    return () => { live = false; };
  }, [dossierId, version]);
  return { draft, failure };
}

/** The dossier's entry of the event it registers (not a cancelled one), if it is registered already. */
export function registeredEntry(draft: EntryDraft) {
  return draft.entries.find((e) => e.eventType === draft.eventType && e.state === 'registered') ?? null;
}
