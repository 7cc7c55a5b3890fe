// The shipped catalogue's workflow (assets/catalogue/procedures.json) reaches an office installed before it:
// at start, seed versions without a workflow get the asset's, audited; a version an administrator made without
// one keeps reading as the default workflow; a new version keeps the previous one's unless given its own.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKFLOW } from '../../shared/workflow/procedure-workflow';
import { startCore, type Harness } from '../support/core-harness';

let h: Harness | undefined;
afterAll(async () => { await h?.close(); });

describe('procedure workflow data', () => {
  it('fills seed versions of an older installation from the asset, audited, and keeps it through new versions', async () => {
    h = await startCore();
    const [marriage] = await h.must('procedures.search', { query: '1.000894' });
    expect(marriage.workflow.steps.map((s: { kind: string }) => s.kind)).toEqual(['counter', 'processing', 'approval']);
    const [certify] = await h.must('procedures.search', { query: '2.000815' });
    expect(certify.workflow.steps.map((s: { kind: string }) => s.kind)).toEqual(['counter', 'approval']);
    // An installation from before migration 0020's data: no workflow on the seed's rows.
    await h.core.services.db.write((em) => em.query(`UPDATE procedure_version SET workflow_json = NULL`));
    h.core.services.catalogue.invalidate();
    expect((await h.must('procedures.search', { query: '1.000894' }))[0].workflow).toEqual(DEFAULT_WORKFLOW);
    const dataDir = h.dataDir;
    await h.close();
    h = await startCore({ dataDir });
    const [again] = await h.must('procedures.search', { query: '1.000894' });
    expect(again.workflow).toEqual(marriage.workflow);
    const audits = await h.core.services.db.read((em) => em.query(`SELECT entity_id FROM audit_event WHERE action = 'procedure.version.workflow'`));
    // One per procedure of the asset that has a workflow (the asset grows: counted from it, not written here).
    const asset = JSON.parse(fs.readFileSync(path.join(__dirname, '../../assets/catalogue/procedures.json'), 'utf8')) as { procedures: { workflow?: unknown }[] };
    expect(audits.length).toBe(asset.procedures.filter((p) => p.workflow).length);

    // A new version without a workflow keeps the previous one's; with one, it has its own.
    const base = {
      code: again.code, name: again.name, sector: again.sector, durationUnit: again.durationUnit, durationValue: again.durationValue,
      cutoff: again.cutoff, components: again.components, fees: again.fees.map((f: { name: string; amount: number; note: string }) => ({ name: f.name, amount: f.amount, note: f.note })),
      feeNote: again.feeNote, results: again.results,
    };
    const kept = await h.must('procedures.createVersion', { ...base, validFrom: '2030-01-01' });
    expect(kept.workflow).toEqual(again.workflow);
    const own = { steps: [{ kind: 'counter', roles: ['clerk', 'officer'], duration: null }] };
    const changed = await h.must('procedures.createVersion', { ...base, validFrom: '2030-02-01', workflow: own });
    expect(changed.workflow).toEqual(own);
    const bad = await h.call('procedures.createVersion', { ...base, validFrom: '2030-03-01', workflow: { steps: [{ kind: 'counter', roles: ['clerk'] }, { kind: 'approval', roles: ['clerk'] }] } });
    expect(bad.ok).toBe(false);
    expect(bad.error.fields[0].field).toBe('workflow.steps.1.roles');
  });
});
