import { Field, describedBy } from '../components/Field';
import { LIMITS } from '../../../shared/validation/limits';
import type { IntakeDraft } from './draft';

interface Props {
  draft: IntakeDraft;
  onChange: (patch: Partial<IntakeDraft>) => void;
  errors: Record<string, string>;
  disabled: boolean;
  /** Under the note, what Enter does there (at intake: save and print). */
  noteHint?: string;
}

/** Number of sets, where the result is collected, and a note; the note is the last field (Enter saves). */
export function DeliverySection({ draft, onChange, errors, disabled, noteHint = 'Enter ở ô này: Lưu & in phiếu hẹn' }: Props) {
  const { delivery } = draft;
  return (
    <fieldset className="section delivery">
      <legend>Tiếp nhận</legend>
      <div className="grid-3">
        <Field label="Số bộ hồ sơ" htmlFor="set-count" error={errors.setCount}>
          <input id="set-count" type="number" min={1} max={20} value={draft.setCount} disabled={disabled}
            onChange={(e) => onChange({ setCount: Number(e.target.value) })} {...describedBy('set-count', errors.setCount)} />
        </Field>
        <Field label="Nhận kết quả tại" htmlFor="delivery-method">
          <select id="delivery-method" value={delivery.method} disabled={disabled}
            onChange={(e) => onChange({ delivery: { ...delivery, method: e.target.value as 'counter' | 'post' } })}>
            <option value="counter">Tại Bộ phận Một cửa</option>
            <option value="post">Qua dịch vụ bưu chính công ích</option>
          </select>
        </Field>
        {delivery.method === 'post' && (
          <Field label="Địa chỉ nhận qua bưu chính" htmlFor="delivery-address" error={errors['delivery.address']} required>
            <input id="delivery-address" type="text" value={delivery.address} disabled={disabled} maxLength={LIMITS.deliveryAddress}
              onChange={(e) => onChange({ delivery: { ...delivery, address: e.target.value } })}
              {...describedBy('delivery-address', errors['delivery.address'])} />
          </Field>
        )}
        <Field label="Ghi chú" htmlFor="note" className={delivery.method === 'post' ? 'span-3' : undefined}
          hint={noteHint}>
          <input id="note" type="text" value={draft.note} disabled={disabled} data-last-field="" maxLength={LIMITS.note}
            onChange={(e) => onChange({ note: e.target.value })} />
        </Field>
      </div>
    </fieldset>
  );
}
