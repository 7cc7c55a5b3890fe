// Where a certificate's values come from: the civil-status register (civil-core's certificateFields, which is
// certificateFieldsOf over the entry, the office and the book). An extract copy prints the cited entry's values
// with its own place, date and signer; a change/correction has no certificate of its own.
import type { CertificateKind } from '../../../shared/certificates/template';
import { AppError } from '../../base/errors';
import type { Database } from '../../persistence/database';
import type { EntryCertificate, EntrySource } from './certificate-service';

/** The part of civil-core's service this needs. */
export interface CivilCertificateFields {
  certificateFields(entryId: string): Promise<{
    entryId: string; eventType: string; values: Record<string, string>;
    dossierId: string | null; state: 'registered' | 'cancelled'; targetEventType: string | null;
  }>;
}

const KIND_OF_EVENT: Record<string, CertificateKind> = {
  birth: 'birth', marriage: 'marriage', death: 'death-extract', 'marital-status': 'marital-status',
};

/** An extract's own keys, printed over the cited entry's: when and where the extract is issued, and who signs. */
const EXTRACT_OWN_KEYS = ['registration.placeDate', 'signer.title', 'signer.name'];

// civil_entry's one owner is main/services/civil-status: its certificateFields answers the entry's facts too.
export function civilEntrySource(_db: Database, civil: () => CivilCertificateFields | undefined): EntrySource {
  return async (entryId) => {
    const service = civil();
    if (!service) throw new AppError('NOT_FOUND', 'Phần đăng ký hộ tịch chưa sẵn sàng trên máy này: chưa in được giấy tờ của mục đăng ký.');
    const row = await service.certificateFields(entryId).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'NOT_FOUND') return null;
      throw e;
    });
    if (!row) return null;
    const extract = row.eventType === 'extract-copy';
    const kind = KIND_OF_EVENT[extract ? row.targetEventType ?? '' : row.eventType];
    if (!kind) throw new AppError('VALIDATION', 'Mục đăng ký này (thay đổi, cải chính, bổ sung) không có giấy tờ in trên phôi; hãy in bản sao trích lục của mục được thay đổi.');
    const fields = extract ? extractFields(row.values) : row.values;
    const entry: EntryCertificate = { entryId, kind, dossierId: row.dossierId, fields, cancelled: row.state === 'cancelled', extractOnly: extract };
    return entry;
  };
}

function extractFields(values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (k.startsWith('target.')) out[k.slice('target.'.length)] = v;
  for (const k of EXTRACT_OWN_KEYS) if (values[k]) out[k] = values[k];
  return out;
}
