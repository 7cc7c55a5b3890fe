import { flushSync } from 'react-dom';
import type { CopyType } from '../../../shared/contract';
import { COPY_TYPES } from '../../../shared/contract/common';
import { LIMITS } from '../../../shared/validation/limits';
import { focusWhenReady } from '../lib/focus';
import { COPY_TYPE_LABEL } from '../lib/format';
import { newLineKey, type ComponentLine } from './draft';

interface Props {
  lines: ComponentLine[];
  onChange: (lines: ComponentLine[]) => void;
  errors: Record<string, string>;
  warning?: string[];
  disabled: boolean;
}

/** The documents checklist: tick what was handed in (Space), its copy type and quantity; extra lines allowed. */
export function ComponentsSection({ lines, onChange, errors, warning, disabled }: Props) {
  const update = (i: number, patch: Partial<ComponentLine>) =>
    onChange(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const addLine = () => {
    // Rendered at once and focused in the same handler, so the clerk (or a scanner) can type at once.
    flushSync(() => onChange([...lines, { key: newLineKey(), code: '', name: '', copyType: 'copy', quantity: 1, handedIn: true, required: false, extra: true }]));
    focusWhenReady(() => document.querySelector<HTMLInputElement>('.components tbody tr:last-child input[data-role="name"]'));
  };

  return (
    <fieldset className="section components">
      <legend>Thành phần hồ sơ</legend>
      {lines.length === 0 && <p className="muted">Chọn thủ tục để hiện danh mục giấy tờ.</p>}
      {lines.length > 0 && (
        <table className="table compact">
          <thead>
            <tr><th className="col-check">Đã nhận</th><th>Giấy tờ</th><th className="col-copy">Loại bản</th><th className="col-qty">Số lượng</th><th className="col-del" aria-label="Xóa dòng" /></tr>
          </thead>
          <tbody>
            {lines.map((l, i) => {
              const id = `component-${i}`;
              return (
                <tr key={l.key} className={l.handedIn ? 'checked' : undefined}>
                  <td className="col-check">
                    <input id={id} type="checkbox" checked={l.handedIn} disabled={disabled} data-testid={`component-check-${i}`}
                      aria-label={`Đã nhận: ${l.name || 'giấy tờ thêm'}`} onChange={(e) => update(i, { handedIn: e.target.checked })} />
                  </td>
                  <td>
                    {l.extra ? (
                      <>
                        <input type="text" data-role="name" value={l.name} disabled={disabled} placeholder="Tên giấy tờ" aria-label="Tên giấy tờ" maxLength={LIMITS.componentName}
                          onChange={(e) => update(i, { name: e.target.value })} />
                        {errors[`components.${i}.name`] && <div className="field-error">{errors[`components.${i}.name`]}</div>}
                      </>
                    ) : (
                      <label htmlFor={id}>{l.name}{l.required && <span className="required" title="Bắt buộc"> *</span>}</label>
                    )}
                  </td>
                  <td className="col-copy">
                    <select value={l.copyType} disabled={disabled} aria-label="Loại bản" data-enter-skip="" onChange={(e) => update(i, { copyType: e.target.value as CopyType })}>
                      {COPY_TYPES.map((c) => <option key={c} value={c}>{COPY_TYPE_LABEL[c]}</option>)}
                    </select>
                  </td>
                  <td className="col-qty">
                    <input type="number" min={1} max={99} value={l.quantity} disabled={disabled} aria-label="Số lượng" data-enter-skip=""
                      onChange={(e) => update(i, { quantity: Number(e.target.value) })} />
                    {errors[`components.${i}.quantity`] && <div className="field-error">{errors[`components.${i}.quantity`]}</div>}
                  </td>
                  <td className="col-del">
                    {l.extra && (
                      <button type="button" className="icon-button" disabled={disabled} aria-label="Xóa dòng" title="Xóa dòng"
                        onClick={() => onChange(lines.filter((_, j) => j !== i))}>×</button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {errors.components && <div className="field-error" role="alert">{errors.components}</div>}
      {warning?.map((w) => <div className="field-warning" key={w}>{w}</div>)}
      <button type="button" className="link-button" onClick={addLine} disabled={disabled}>+ Thêm giấy tờ khác</button>
    </fieldset>
  );
}
