// The data of forms 04–06 from a stored dossier and the office, so every caller (the workflow's extension and
// stop, the control sheet on request) prints the same header, applicant and QR as the counter's forms 01–03.
import type { Office } from '../../shared/contract';
import type { FormPayload } from '../documents/kinds';
import type { DossierSubject, Form06Data, HandoverLine, OfficeHeader, Signer } from '../documents/types';
import type { DossierRow } from '../persistence/entities';

type OfficeFields = Pick<Office, 'governingBody' | 'officeName' | 'place' | 'agencyCode' | 'address' | 'phone' | 'website' | 'lookupUrl'>;

/** The common header of every form: '' settings are left out (printed as nothing, not as a blank). */
export function officeHeader(office: OfficeFields): OfficeHeader {
  return {
    governingBody: office.governingBody, officeName: office.officeName, place: office.place, agencyCode: office.agencyCode,
    address: office.address || undefined, phone: office.phone || undefined, website: office.website || undefined,
    lookupUrl: office.lookupUrl || undefined,
  };
}

/** Who the form is about, as the dossier was received (its number printed "(số tạm)" while provisional). */
export function dossierSubject(row: DossierRow, office: OfficeFields, issuedAt: Date): DossierSubject {
  return {
    office: officeHeader(office),
    dossierNumber: row.number,
    provisional: !!row.provisional,
    lookupCode: row.lookupCode || undefined,
    procedureCode: row.procedureCode,
    procedureName: row.procedureName,
    applicant: {
      fullName: row.applicantName, idNumber: row.applicantIdNumber || undefined, address: row.applicantAddress || undefined,
      phone: row.applicantPhone || undefined, email: row.applicantEmail || undefined,
    },
    receivedAt: new Date(row.receivedAt),
    issuedAt,
  };
}

export interface ExtensionDetails {
  /** The due date before this extension (NgayHenTraTruoc) and the new one (NgayHenTraMoi). */
  originalDueAt: Date;
  newDueAt: Date;
  reason: string;
  /** The head of the processing body; omitted → the template's title and a blank name to sign by hand. */
  signer?: Signer;
  processingBody?: string;
  documentNumber?: string;
}

/** Mẫu 04 for DocumentService.reserve, in the extension's transaction. */
export function form04Payload(row: DossierRow, office: OfficeFields, details: ExtensionDetails, now: Date): FormPayload {
  return { kind: 'form04', data: { ...dossierSubject(row, office, now), ...details, signer: details.signer ?? {} } };
}

export interface StopDetails {
  reason: string;
  /** e.g. "Khoản 2 Điều 20 Nghị định 118/2025/NĐ-CP". */
  legalBasis: string;
  effectiveAt: Date;
  signer?: Signer;
  processingBody?: string;
  documentNumber?: string;
}

/** Mẫu 05 for DocumentService.reserve, in the stop's transaction. */
export function form05Payload(row: DossierRow, office: OfficeFields, details: StopDetails, now: Date): FormPayload {
  return { kind: 'form05', data: { ...dossierSubject(row, office, now), ...details, signer: details.signer ?? {} } };
}

/** Mẫu 06 from the dossier and its hand-over log. */
export function form06Payload(row: DossierRow, office: OfficeFields, handovers: HandoverLine[], now: Date,
  extra: Pick<Form06Data, 'processingBody' | 'coProcessingBodies'> = {}): FormPayload {
  return {
    kind: 'form06',
    data: { ...dossierSubject(row, office, now), dueAt: row.dueAt ? new Date(row.dueAt) : undefined, handovers, ...extra },
  };
}
