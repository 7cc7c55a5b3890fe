// The processing steps of a new version (shared/workflow/procedure-workflow.ts): the counter (always), the
// officer who processes it (unticked: the counter processes it, no hand-over), the leader's approval (unticked:
// none); for each, who may do it and how long it may take in working hours or days (or up to the dossier's due
// date). Keyboard first: one row per step in Tab order — the step's box, its roles' boxes (Space ticks), the
// time limit's select (arrows) and its number. The core checks the steps (createVersion) and its messages come
// back at workflow.steps.N.* — N counting only the steps ticked — shown under the row they name.
import type { Role } from '../../../shared/contract';
import {
  DEFAULT_WORKFLOW, STEP_ALLOWED_ROLES, STEP_KINDS, STEP_NAMES, type ProcedureWorkflow, type StepKind,
} from '../../../shared/workflow/procedure-workflow';
import { describedBy } from '../components/Field';
import { ROLE_LABEL } from '../lib/format';

type Limit = 'none' | 'working-hours' | 'working-days';
export interface StepForm { kind: StepKind; on: boolean; roles: Role[]; limit: Limit; value: string }
export type WorkflowForm = StepForm[];

/** One row per kind of step, in order; a step the version does not have is unticked with the default's roles. */
export function toWorkflowForm(w: ProcedureWorkflow | undefined): WorkflowForm {
  const source = w ?? DEFAULT_WORKFLOW;
  return STEP_KINDS.map((kind) => {
    const s = source.steps.find((x) => x.kind === kind);
    const fallback = DEFAULT_WORKFLOW.steps.find((x) => x.kind === kind)!;
    return {
      kind, on: kind === 'counter' || !!s, roles: [...((s ?? fallback).roles as Role[])],
      limit: s?.duration?.unit ?? 'none', value: s?.duration ? String(s.duration.value) : '',
    };
  });
}

/** The ticked steps as the contract takes them; a number left empty is sent as 0, so the core names the field. */
export function toWorkflow(form: WorkflowForm): ProcedureWorkflow {
  return {
    steps: form.filter((s) => s.on).map((s) => ({
      kind: s.kind, roles: s.roles,
      duration: s.limit === 'none' ? null : { unit: s.limit, value: s.value.trim() === '' ? 0 : Number(s.value) },
    })),
  };
}

/** The kind of step the core's path names ('workflow.steps.1.roles': the second ticked step). */
function kindOfPath(path: string, form: WorkflowForm): { kind: StepKind; rest: string } | null {
  const m = /^workflow\.steps\.(\d+)(?:\.(.+))?$/.exec(path);
  if (!m) return null;
  const step = form.filter((s) => s.on)[Number(m[1])];
  return step ? { kind: step.kind, rest: m[2] ?? '' } : null;
}

const rowId = (kind: StepKind, part: string) => `workflow-${kind}-${part}`;

/** The control of a path, for the first-error focus. */
export function workflowFieldId(path: string, form: WorkflowForm): string | undefined {
  if (path === 'workflow' || path === 'workflow.steps') return rowId('counter', 'role-0');
  const at = kindOfPath(path, form);
  if (!at) return undefined;
  if (at.rest.startsWith('roles')) return rowId(at.kind, 'role-0');
  if (at.rest.startsWith('duration')) return rowId(at.kind, at.rest === 'duration.value' ? 'value' : 'limit');
  return rowId(at.kind, 'on');
}

/** The core's messages by the row (kind) and part they belong to. */
function errorsByRow(errors: Record<string, string>, form: WorkflowForm): Partial<Record<StepKind, { roles?: string; limit?: string; step?: string }>> {
  const out: Partial<Record<StepKind, { roles?: string; limit?: string; step?: string }>> = {};
  for (const [path, message] of Object.entries(errors)) {
    const at = kindOfPath(path, form);
    if (!at) continue;
    const row = (out[at.kind] ??= {});
    if (at.rest.startsWith('roles')) row.roles ??= message;
    else if (at.rest.startsWith('duration')) row.limit ??= message;
    else row.step ??= message;
  }
  return out;
}

const LIMIT_LABEL: Record<Limit, string> = { none: 'Theo hạn của hồ sơ', 'working-hours': 'giờ làm việc', 'working-days': 'ngày làm việc' };
const STEP_HINT: Record<StepKind, string> = {
  counter: 'Tiếp nhận, chuyển hồ sơ và trả kết quả.',
  processing: 'Bỏ chọn: bộ phận một cửa tự xử lý, không chuyển hồ sơ.',
  approval: 'Bỏ chọn: không cần lãnh đạo phê duyệt trước khi có kết quả.',
};

export function WorkflowStepsEditor({ form, errors, onChange }: {
  form: WorkflowForm; errors: Record<string, string>; onChange: (form: WorkflowForm) => void;
}) {
  const set = (kind: StepKind, p: Partial<StepForm>) => onChange(form.map((s) => (s.kind === kind ? { ...s, ...p } : s)));
  const byRow = errorsByRow(errors, form);
  const general = errors.workflow ?? errors['workflow.steps'];
  return (
    <>
      <table className="table compact version-workflow" aria-labelledby="v-workflow-title">
        <thead><tr><th>Bước</th><th>Người thực hiện</th><th>Thời hạn của bước</th></tr></thead>
        <tbody>
          {form.map((s) => {
            const e = byRow[s.kind] ?? {};
            const onId = rowId(s.kind, 'on'), limitId = rowId(s.kind, 'limit'), valueId = rowId(s.kind, 'value');
            const allowed = STEP_ALLOWED_ROLES[s.kind] as readonly Role[];
            return (
              <tr key={s.kind} data-testid={`workflow-step-${s.kind}`}>
                <td className={e.step ? 'has-error' : undefined}>
                  <label className="inline">
                    <input type="checkbox" id={onId} checked={s.on} disabled={s.kind === 'counter'} {...describedBy(onId, e.step)}
                      onChange={(ev) => set(s.kind, { on: ev.target.checked })} />
                    {STEP_NAMES[s.kind]}
                  </label>
                  <div className="field-hint">{STEP_HINT[s.kind]}</div>
                  {e.step && <div className="field-error" id={`${onId}-error`} role="alert">{e.step}</div>}
                </td>
                <td className={e.roles ? 'has-error' : undefined}>
                  <div className="inline" role="group" aria-label={`Vai trò được làm bước ${STEP_NAMES[s.kind]}`}>
                    {allowed.map((role, i) => {
                      const id = rowId(s.kind, `role-${i}`);
                      return (
                        <label key={role} className="inline">
                          <input type="checkbox" id={id} checked={s.roles.includes(role)} disabled={!s.on} {...describedBy(rowId(s.kind, 'role-0'), e.roles)}
                            onChange={(ev) => set(s.kind, { roles: ev.target.checked ? allowed.filter((r) => r === role || s.roles.includes(r)) : s.roles.filter((r) => r !== role) })} />
                          {ROLE_LABEL[role]}
                        </label>
                      );
                    })}
                  </div>
                  {e.roles && <div className="field-error" id={`${rowId(s.kind, 'role-0')}-error`} role="alert">{e.roles}</div>}
                </td>
                <td className={e.limit ? 'has-error' : undefined}>
                  <div className="inline">
                    {s.limit !== 'none' && (
                      <input id={valueId} type="number" className="qty" min={1} max={365} step={1} value={s.value} disabled={!s.on}
                        aria-label={`Số ${LIMIT_LABEL[s.limit]} của bước ${STEP_NAMES[s.kind]}`} {...describedBy(valueId, e.limit)}
                        onChange={(ev) => set(s.kind, { value: ev.target.value })} />
                    )}
                    <select id={limitId} value={s.limit} disabled={!s.on} aria-label={`Thời hạn của bước ${STEP_NAMES[s.kind]}`}
                      onChange={(ev) => set(s.kind, { limit: ev.target.value as Limit, value: s.value || (ev.target.value === 'working-hours' ? '4' : '1') })}>
                      {(Object.keys(LIMIT_LABEL) as Limit[]).map((l) => <option key={l} value={l}>{LIMIT_LABEL[l]}</option>)}
                    </select>
                  </div>
                  {e.limit && <div className="field-error" id={`${valueId}-error`} role="alert">{e.limit}</div>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {general && <div className="field-error" role="alert">{general}</div>}
      <p className="field-hint">
        Thời hạn tính theo giờ làm việc và lịch làm việc của cơ quan; một bước không bao giờ vượt hạn trả kết quả của hồ sơ.
        Việc chuyển hồ sơ giữa các bước được ghi vào Phiếu kiểm soát (Mẫu 06) với kết quả trước hạn / đúng hạn / quá hạn.
      </p>
    </>
  );
}
