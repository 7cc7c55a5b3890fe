// The notices' texts per kind (subject and body of the e-mail, the SMS), with the fields they may use and,
// for the SMS, how many parts it will roughly take with the gateway's encoding.
import { NOTICE_FIELDS, NOTICE_KIND_LABEL, type NoticeKind, type NoticeTemplate, type NoticeTemplates } from '../../../shared/contract/api-notify';
import { AreaField, TextField } from './fields';
import { KIND_ORDER, smsPartsEstimate } from './settings-form';

const FIELD_LIST = Object.entries(NOTICE_FIELDS).map(([k, label]) => `{${k}} ${label.toLowerCase()}`).join(' · ');

export function TemplatesSection({ templates, defaults, unicode, errors, onChange }: {
  templates: NoticeTemplates; defaults: NoticeTemplates; unicode: boolean; errors: Record<string, string>;
  onChange: (kind: NoticeKind, template: NoticeTemplate) => void;
}) {
  return (
    <fieldset className="section" data-testid="notify-templates">
      <legend>Nội dung thông báo</legend>
      <p className="muted">Các trường được điền tự động: {FIELD_LIST}.</p>
      {KIND_ORDER.map((kind) => {
        const t = templates[kind];
        const set = (part: keyof NoticeTemplate) => (v: string) => onChange(kind, { ...t, [part]: v });
        const parts = smsPartsEstimate(t.sms, unicode);
        const path = (part: string) => `templates.${kind}.${part}`;
        return (
          <div key={kind} className="notify-template" data-testid={`notify-template-${kind}`}>
            <h3>{NOTICE_KIND_LABEL[kind]}
              <button type="button" className="link-button" onClick={() => onChange(kind, structuredClone(defaults[kind]))}
                disabled={JSON.stringify(t) === JSON.stringify(defaults[kind])}>Khôi phục nội dung mặc định</button>
            </h3>
            <TextField path={path('subject')} label="Tiêu đề e-mail" value={t.subject} onChange={set('subject')} errors={errors} maxLength={200} />
            <AreaField path={path('email')} label="Nội dung e-mail" value={t.email} onChange={set('email')} errors={errors} rows={6} maxLength={3000} />
            <AreaField path={path('sms')} label="Nội dung SMS (cũng là nội dung gợi ý khi gửi thủ công)" value={t.sms} onChange={set('sms')} errors={errors} rows={2} maxLength={480}
              hint={`Khoảng ${parts} tin ${unicode ? 'có dấu' : 'không dấu'} khi đã điền thông tin.`} />
          </div>
        );
      })}
    </fieldset>
  );
}
