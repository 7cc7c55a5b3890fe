// The certificate or extract becomes the dossier's result (issue 11 #4): the event type's national result-type
// code (data on the schema; the procedure version's result paper code when the schema has none verified) is
// recorded with the entry as the dossier's result, and the dossier moves to "result ready" through the workflow
// service — its roles, its state checks, its one transaction with the status event, audit and progress item for
// the province. The paper itself is then digitized as the dossier's result (kind 1) by the scanning flow.
import { schemaOf, type EventType } from '../../../shared/civil-status/event-schemas';
import type { User } from '../../../shared/contract';
import { AppError, notFound } from '../../base/errors';
import type { Database } from '../../persistence/database';
import { DossierEntity, ProcedureVersionEntity } from '../../persistence/entities';
import { CivilBookEntity, CivilEntryEntity } from '../../persistence/entities-civil-status';
import { writeAudit } from '../audit';
import { resultPapersOf } from '../catalogue-service';
import type { WorkflowService } from '../workflow/workflow-service';
import { bookLabel } from './books';

export async function makeResult(d: { db: Database; workflow: WorkflowService }, operationId: string, entryId: string, user: User, now: Date) {
  const facts = await d.db.read(async (em) => {
    const entry = await em.findOneBy(CivilEntryEntity, { id: entryId });
    if (!entry) throw notFound('mục hộ tịch');
    if (entry.state !== 'registered') throw new AppError('CONFLICT', `Mục đã bị hủy (${entry.cancelReason}): không dùng làm kết quả của hồ sơ.`);
    if (!entry.dossierId) throw new AppError('VALIDATION', 'Mục này không thuộc hồ sơ nào: không có hồ sơ để trả kết quả.');
    const dossier = await em.findOneBy(DossierEntity, { id: entry.dossierId });
    if (!dossier) throw notFound('hồ sơ');
    const version = await em.findOneBy(ProcedureVersionEntity, { id: dossier.procedureVersionId });
    const book = entry.bookId ? await em.findOneBy(CivilBookEntity, { id: entry.bookId }) : null;
    return { entry, dossier, paper: resultPapersOf(version?.resultsJson)[0], book };
  });
  const schema = schemaOf(facts.entry.eventType as EventType, facts.entry.schemaVersion);
  const resultCode = schema?.resultCode || facts.paper?.code || '';
  const resultName = schema?.resultName ?? facts.paper?.name ?? 'Kết quả giải quyết';
  const where = facts.book && facts.entry.entryNumber !== null ? `, Số ${facts.entry.entryNumber}, Quyển số ${bookLabel(facts.book)}` : '';
  const t = await d.workflow.transition({
    action: 'resultReady', operationId, dossierId: facts.dossier.id, note: `Kết quả: ${resultName}${resultCode ? ` (${resultCode})` : ''}${where}`,
  }, user, now);
  await d.db.write(async (em) => {
    const row = await em.findOneBy(CivilEntryEntity, { id: entryId });
    if (row?.resultAt) return; // the same result again (a repeated operation): recorded once
    await em.update(CivilEntryEntity, { id: entryId }, { resultCode, resultAt: now.toISOString() });
    await writeAudit(em, { at: now, userId: user.id, action: 'civilStatus.result', entity: 'civil_entry', entityId: entryId, after: { dossierId: facts.dossier.id, resultCode, resultName } });
  });
  return { resultCode, resultName, stage: t.state.stage, status: t.state.status, document: t.document, repeated: t.repeated };
}
