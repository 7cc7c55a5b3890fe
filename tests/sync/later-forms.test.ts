// The forms handed to the applicant during processing reach the province as files of the dossier, like the
// counter slips (issue 10 follow-up): the request to complete (MAU02), the apology with the new due date
// (MAU04) and the stop notice (MAU05), each uploaded once and listed by the dossier's update — whether the
// dossier's create had gone before the form was made or not. The control sheet (06) is the office's own paper
// and never leaves. Checked on what the reference portal (written from docs/portal-openapi.yaml) holds.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core';
import { ADMIN, OFFICE } from '../support/fixtures';
import { intake } from '../support/core-harness';
import { RecordingPrinter } from '../support/recording-printer';
import type { ReferencePortal } from '../support/reference-portal/server';
import { PORTAL_PASSWORD, startPortal, until } from './support/portal';

const DOC = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'portal-openapi.yaml'), 'utf8');
const OFFICER = { username: 'tuphap', fullName: 'Trần Văn Tư Pháp', password: 'matkhau-234', role: 'officer' } as const;
const CLERK = { username: 'motcua', fullName: 'Nguyễn Thị Một Cửa', password: 'matkhau-123', role: 'clerk' } as const;

describe('forms of the processing, at the province', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-later-forms-'));
  let core: Core;
  let portal: ReferencePortal;
  let admin = '';
  let officer = '';
  let officerId = '';
  let clerk = '';
  const must = async (session: string, method: string, input: unknown = {}) => {
    const r = await core.handle(method, input, session);
    if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
    return r.data as any;
  };
  const step = (session: string, method: string, dossierId: string, extra: Record<string, unknown> = {}) =>
    must(session, method, { operationId: crypto.randomUUID(), dossierId, ...extra });
  const drained = () => until(async () => { const s = await must(admin, 'sync.status'); return s.waiting === 0 && s.parked === 0 && s.blocked === 0; }, 30_000, 'drained');
  const raw = () => core.services.db.raw;
  const localForms = (id: string) => raw().prepare(`SELECT id, kind, sha256 FROM document WHERE dossier_id = ? ORDER BY created_at, rowid`).all(id) as
    { id: string; kind: string; sha256: string }[];
  const uploadsOf = (id: string) => (raw().prepare(`SELECT payload_json FROM outbox WHERE dossier_id = ? AND kind = 'file.upload'`).all(id) as { payload_json: string }[])
    .map((r) => JSON.parse(r.payload_json).fileKey as string);
  const portalSha = (fileId: string) => (portal.store.db.prepare('SELECT sha256 FROM file WHERE id = ?').get(fileId) as { sha256: string }).sha256;

  /** What the portal lists for the dossier, by form code, with the bytes it holds. */
  async function atProvince(id: string) {
    const number = (await must(admin, 'dossiers.get', { id })).number as string;
    return portal.store.record(number)!.TaiLieuNop.map((f) => ({ code: f.MaThanhPhanHoSo, deleted: f.IsDeleted, sha256: portalSha(f.TepDinhKemId) }));
  }
  const expected = (id: string) => localForms(id).filter((d) => d.kind !== 'form06')
    .map((d) => ({ code: `MAU${d.kind.slice(4)}`, deleted: false, sha256: d.sha256 }));

  async function received(): Promise<string> {
    const version = (await must(admin, 'procedures.search', { query: '1.004873' }))[0].id;
    const id = (await must(clerk, 'dossiers.receive', intake(version))).dossier.id as string;
    await step(clerk, 'workflow.handOver', id, { toUserId: officerId });
    await step(officer, 'workflow.confirmReceipt', id);
    return id;
  }

  beforeAll(async () => {
    portal = await startPortal();
    core = await Core.start({ dataDir, shell: 'browser', printerDriver: new RecordingPrinter(), sync: {
      drainer: { retryBaseMs: 50, retryMaxMs: 500, probeBaseMs: 100, probeMaxMs: 600, pollMs: 50 },
    } });
    await must('', 'setup.initialize', { office: OFFICE, admin: ADMIN });
    admin = (await must('', 'auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken;
    officerId = (await must(admin, 'users.create', OFFICER)).id;
    officer = (await must('', 'auth.login', { username: OFFICER.username, password: OFFICER.password })).sessionToken;
    await must(admin, 'users.create', CLERK);
    clerk = (await must('', 'auth.login', { username: CLERK.username, password: CLERK.password })).sessionToken;
    await must(admin, 'sync.setConfig', {
      enabled: true, baseUrl: portal.url, agencyCode: OFFICE.agencyCode, username: 'motcua', password: PORTAL_PASSWORD, timeoutMs: 3000, inboundIntervalSec: 3600,
    });
  }, 60_000);
  afterAll(async () => { await core?.close(); await portal?.close(); });

  it('made after the create went: forms 02, 04 and 05 are uploaded and listed, the control sheet never', async () => {
    const id = await received();
    await drained();
    await step(officer, 'workflow.requestCompletion', id, { reason: 'Thiếu bản sao giấy khai sinh' });
    await step(clerk, 'workflow.resume', id);
    const state = await must(officer, 'workflow.state', { dossierId: id });
    await step(officer, 'workflow.extend', id, { newDueAt: new Date(new Date(state.dueAt).getTime() + 7 * 86_400_000).toISOString(), reason: 'Cần xác minh tại nơi cư trú trước đây' });
    await must(officer, 'forms.controlSheet', { dossierId: id });
    await step(officer, 'workflow.stop', id, { reason: 'Người yêu cầu có đơn xin dừng giải quyết.', legalBasis: 'Khoản 3 Điều 18 Nghị định 61/2018/NĐ-CP' });
    await drained();

    expect(localForms(id).map((d) => d.kind)).toEqual(['form01', 'form02', 'form04', 'form06', 'form05']);
    expect(await atProvince(id)).toEqual(expected(id));
    // Each sent form uploaded once; the control sheet not at all.
    const uploads = uploadsOf(id);
    expect(uploads.sort()).toEqual(localForms(id).filter((d) => d.kind !== 'form06').map((d) => d.id).sort());
  }, 60_000);

  it('made while offline, before the create went: the create lists them, each uploaded once, the control sheet never', async () => {
    await must(admin, 'sync.setConfig', { enabled: false });
    const id = await received();
    const state = await must(officer, 'workflow.state', { dossierId: id });
    await step(officer, 'workflow.extend', id, { newDueAt: new Date(new Date(state.dueAt).getTime() + 3 * 86_400_000).toISOString(), reason: 'Cần xác minh tại nơi cư trú trước đây' });
    await must(officer, 'forms.controlSheet', { dossierId: id });
    await must(admin, 'sync.setConfig', { enabled: true });
    await drained();

    expect(localForms(id).map((d) => d.kind)).toEqual(['form01', 'form04', 'form06']);
    expect(await atProvince(id)).toEqual(expected(id));
    expect(uploadsOf(id).sort()).toEqual(localForms(id).filter((d) => d.kind !== 'form06').map((d) => d.id).sort());
    const number = (await must(admin, 'dossiers.get', { id })).number as string;
    expect(portal.store.counts()[number]).toMatchObject({ creates: 1 });
  }, 60_000);

  it('the contract document says which forms go', () => {
    expect(DOC).toMatch(/MAU04/);
    expect(DOC).toMatch(/MAU05/);
    expect(DOC).toMatch(/control sheet \(06\)/);
  });
});
