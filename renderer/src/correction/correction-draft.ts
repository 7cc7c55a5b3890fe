// Correcting a saved dossier: the intake form prefilled from it (pure functions, like intake/draft.ts), and
// back to the dossiers.correct input.
import type { DossierCorrectionInput } from '../../../shared/contract/api-dossier-correction';
import type { MethodOutput } from '../../../shared/contract';
import { formatDateKey } from '../lib/format';
import { newLineKey, toReceiveInput, type ComponentLine, type IntakeDraft } from '../intake/draft';

export type CorrectionForm = MethodOutput<'dossiers.correctionForm'>;

/**
 * The intake form as the dossier was saved: the procedure version's checklist with the lines handed in
 * ticked (matched by code, else by name), then the lines added at the counter. Each keeps its saved position.
 */
export function draftFromForm(f: CorrectionForm): IntakeDraft {
  const pool = [...f.components];
  const take = (pred: (c: CorrectionForm['components'][number]) => boolean) => {
    const i = pool.findIndex(pred);
    return i >= 0 ? pool.splice(i, 1)[0] : undefined;
  };
  const lines: ComponentLine[] = f.version.components.map((vc) => {
    const have = (vc.code ? take((c) => c.code === vc.code) : undefined) ?? take((c) => c.name === vc.name);
    return {
      key: newLineKey(), code: vc.code, name: have?.name ?? vc.name, copyType: have?.copyType ?? vc.copyType,
      quantity: have?.quantity ?? vc.quantity, handedIn: have !== undefined, required: vc.required, extra: false, position: have?.position ?? null,
    };
  });
  for (const c of pool) {
    lines.push({ key: newLineKey(), code: c.code, name: c.name, copyType: c.copyType, quantity: c.quantity, handedIn: true, required: false, extra: true, position: c.position });
  }
  const a = f.dossier.applicant;
  return {
    procedure: f.version,
    applicant: { fullName: a.fullName, idNumber: a.idNumber, birthDate: formatDateKey(a.birthDate), address: a.address, phone: a.phone, email: a.email },
    components: lines, setCount: f.dossier.setCount, delivery: { ...f.dossier.delivery }, note: f.dossier.note,
    // The other parties as saved (a dossier saved without any keeps none: its correction leaves them out).
    ...(f.dossier.parties?.length ? {
      parties: Object.fromEntries(f.dossier.parties.map((p) => [p.role, {
        fullName: p.fullName, idNumber: p.idNumber, birthDate: formatDateKey(p.birthDate), address: p.address, phone: p.phone,
      }])),
    } : {}),
  };
}

/** The correct call without its operationId: equal inputs are the same attempt. */
export function toCorrectionInput(d: IntakeDraft, dossierId: string, reason: string, reprint: boolean): Omit<DossierCorrectionInput, 'operationId'> {
  const r = toReceiveInput(d, 'receive');
  return {
    dossierId, applicant: r.applicant, setCount: d.setCount, delivery: r.delivery, note: r.note ?? '', reason: reason.trim(), reprint,
    ...(d.parties ? { parties: r.parties } : {}),
    components: d.components.filter((c) => c.handedIn).map((c) => ({ position: c.position ?? null, code: c.code, name: c.name.trim(), copyType: c.copyType, quantity: c.quantity })),
  };
}

/** The core numbers the lines it was sent (handed-in ones only): its 'components.N.x' → the form's line index. */
export function toFormErrors(d: IntakeDraft, errors: Record<string, string>): Record<string, string> {
  const sent = d.components.map((c, i) => (c.handedIn ? i : -1)).filter((i) => i >= 0);
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => {
    const m = /^components\.(\d+)\.(.+)$/.exec(k);
    return [m ? `components.${sent[Number(m[1])] ?? m[1]}.${m[2]}` : k, v];
  }));
}

const FIELD_LABEL: Record<string, string> = {
  'applicant.fullName': 'họ tên', 'applicant.idNumber': 'số định danh', 'applicant.birthDate': 'ngày sinh', 'applicant.address': 'địa chỉ',
  'applicant.phone': 'điện thoại', 'applicant.email': 'email', components: 'thành phần hồ sơ', setCount: 'số bộ',
  delivery: 'nơi nhận kết quả', note: 'ghi chú',
};

/** "họ tên, số định danh": what a correction changed, as the clerk reads it ('parties.0.idNumber': "số định danh bên liên quan"). */
export const changedLabel = (changed: string[]) => changed.map((c) => {
  const party = /^parties\.\d+\.(\w+)$/.exec(c);
  return party ? `${FIELD_LABEL[`applicant.${party[1]}`] ?? party[1]} bên liên quan` : c === 'parties' ? 'bên liên quan' : FIELD_LABEL[c] ?? c;
}).join(', ');
