// The forms the transitions produce: form 02 when completion is asked for during processing, form 04
// (apology and new due date) with an extension, form 05 with a stop — built by the forms' own payload builders
// (services/form-payloads.ts), reserved in the transition's transaction and rendered after it commits.
import type { OfficeView, User } from '../../../shared/contract';
import type { DossierRow } from '../../persistence/entities';
import type { FormPayload } from '../document-service';
import { dossierSubject, form04Payload, form05Payload } from '../form-payloads';
import type { Plan, TransitionInput } from './plan';

/** The form a plan produces, with its data; null when the transition makes none. */
export function transitionForm(plan: Plan, d: DossierRow, input: TransitionInput, office: OfficeView, user: User, now: Date): FormPayload | null {
  switch (plan.form) {
    case undefined:
      return null;
    case 'form02': {
      const { receivedAt: _received, ...subject } = dossierSubject(d, office, now);
      return {
        kind: 'form02', data: {
          ...subject, reason: input.reason ?? '',
          items: (input.missingItems ?? []).filter((m) => m.name.trim()).map((m) => ({ name: m.name, copyType: m.copyType, quantity: Math.max(1, m.quantity) })),
          help: { officerName: user.fullName, phone: office.phone || undefined, website: office.website || undefined },
        },
      };
    }
    case 'form04': {
      const e = plan.extension!;
      // The due date the applicant holds (NgayHenTraTruoc) stays on the paper next to the new one.
      return form04Payload(d, office, { originalDueAt: new Date(e.previousDueAt ?? e.newDueAt), newDueAt: new Date(e.newDueAt), reason: e.reason }, now);
    }
    case 'form05':
      return form05Payload(d, office, { reason: input.reason ?? '', legalBasis: input.legalBasis ?? '', effectiveAt: now }, now);
  }
}
