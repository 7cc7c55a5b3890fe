// The rule the counter's return obeys (issue 11, fees item 2): a dossier whose fee is due on return (collect 4)
// or when it is resolved (collect 2) is not returned while that fee is unpaid — unless it is exempt, or the leader allowed it with a reason
// (fees.overrideReturn, audited). Called by the workflow's return inside its transaction.
import type { EntityManager } from 'typeorm';
import { dueBeforeReturn } from '../../../shared/fees/pricing';
import { formatMoney } from '../../../shared/text/format';
import { dossierFacts } from './dossier-line';
import { feeRecordOf } from './fee-store';

/** Why the dossier may not be returned now (Vietnamese, says what to do), or null. */
export async function returnBlockedByFee(em: Pick<EntityManager, 'query'>, dossierId: string): Promise<string | null> {
  const facts = await dossierFacts(em, dossierId);
  const line = facts?.line;
  if (!line || !dueBeforeReturn(line.collect)) return null;
  const record = await feeRecordOf(em, dossierId);
  if (record && (record.paid || record.exemption_code || record.override_at)) return null;
  const free = line.pricing.kind === 'fixed' && line.amount === 0;
  if (free || (record && record.gross === 0)) return null;
  const amount = record ? formatMoney(record.amount) : line.pricing.kind === 'fixed' ? formatMoney(line.amount) : null;
  return `Chưa trả được kết quả: hồ sơ còn "${line.name}"${amount ? ` (${amount})` : ''} phải nộp ${line.collect === 2 ? 'khi giải quyết xong' : 'khi nhận kết quả'} mà chưa thu. `
    + 'Hãy thu phí ở màn hình Thu phí (Alt+0) hoặc nút "Thu phí" của hồ sơ, rồi trả kết quả; nếu cần trả trước, lãnh đạo cho phép kèm lý do ở màn hình Thu phí.';
}
