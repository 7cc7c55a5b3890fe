// The QR's look-up code reaches the province (issue 8 follow-up c): sent as the optional MaTraCuu of the
// dossier (docs/portal-openapi.yaml), so a province look-up page can check the code a phone read from the paper.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core';
import { DEFAULT_PORTAL_CONFIG } from '../../main/sync/config';
import { toPortalDossier, type DossierSnapshot } from '../../main/sync/mapping';
import { decodeQr } from '../documents/fixtures';
import { ADMIN, OFFICE } from '../support/fixtures';
import { intake } from '../support/core-harness';
import { RecordingPrinter } from '../support/recording-printer';
import type { ReferencePortal } from '../support/reference-portal/server';
import { PORTAL_PASSWORD, startPortal, until } from './support/portal';

const DOC = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'portal-openapi.yaml'), 'utf8');

const snapshot: DossierSnapshot = {
  number: '000.00.13.H42.26.000042', channel: 1, status: 2, procedureCode: '1.004873', procedureName: 'Cấp Giấy xác nhận tình trạng hôn nhân',
  sector: 'Hộ tịch', sectorCode: null, applicantName: 'Trần Thị Hoà Bình', applicantIdNumber: '001190012345', applicantEmail: '', applicantPhone: '',
  applicantAddress: '', receivedAt: '2026-11-27T08:30:00.000Z', dueAt: null, finishedAt: null, returnedAt: null, received: true, deliveryMethod: 'counter',
  note: '', reason: '', receivedByName: '', components: [], fees: [], files: [], results: [], lookupCode: 'K7M2Q9XR4T1B',
};

describe('MaTraCuu in the mapping', () => {
  it('is the dossier\'s look-up code; absent (not empty) for a dossier without one, as the document says', () => {
    const cfg = { ...DEFAULT_PORTAL_CONFIG, agencyCode: '000.00.13.H42' };
    expect(toPortalDossier(snapshot, cfg).MaTraCuu).toBe('K7M2Q9XR4T1B');
    expect('MaTraCuu' in toPortalDossier({ ...snapshot, lookupCode: '' }, cfg)).toBe(false);
    expect(DOC).toMatch(/MaTraCuu:\n\s+type: string\n\s+pattern: '\^\[0-9A-HJKMNP-TV-Z\]\{12\}\$'/);
    expect(DOC).toMatch(/a portal\s+that does not know it ignores it/);
  });
});

describe('the look-up code at the province, through the API and the reference portal', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-lookup-sync-'));
  let core: Core;
  let portal: ReferencePortal;
  let session = '';
  const must = async (method: string, input: unknown = {}) => {
    const r = await core.handle(method, input, session);
    if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
    return r.data as any;
  };
  const drained = () => until(async () => { const s = await must('sync.status'); return s.waiting === 0 && s.parked === 0 && s.blocked === 0; }, 30_000, 'drained');
  const lookUp = async (params: Record<string, string>) => {
    const res = await fetch(`${portal.url}/tra-cuu?${new URLSearchParams(params)}`);
    return { status: res.status, body: await res.json() as any };
  };

  beforeAll(async () => {
    portal = await startPortal();
    core = await Core.start({ dataDir, shell: 'browser', printerDriver: new RecordingPrinter(), sync: {
      drainer: { retryBaseMs: 50, retryMaxMs: 500, probeBaseMs: 100, probeMaxMs: 600, pollMs: 50 },
    } });
    await must('setup.initialize', { office: { ...OFFICE, lookupUrl: `${portal.url}/tra-cuu` }, admin: ADMIN });
    session = (await must('auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken;
    await must('sync.setConfig', {
      enabled: true, baseUrl: portal.url, agencyCode: OFFICE.agencyCode, username: 'motcua', password: PORTAL_PASSWORD, timeoutMs: 3000, inboundIntervalSec: 3600,
    });
  });
  afterAll(async () => { await core.close(); await portal.close(); });

  it('the code in the slip\'s QR is the one the province holds; its look-up page finds the dossier with it, and only with it', async () => {
    const version = (await must('procedures.search', { query: '1.004873' }))[0].id;
    const saved = await must('dossiers.receive', intake(version));
    // What a phone reads from the paper: the look-up address with the provisional number and the code.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-lookup-qr-'));
    const pdf = path.join(work, 'form01.pdf');
    fs.writeFileSync(pdf, Buffer.from((await must('documents.content', { id: saved.document.id })).base64, 'base64'));
    const qr = new URL(decodeQr(pdf, 1, work)[0]!);
    const printed = { maHoSo: qr.searchParams.get('maHoSo')!, maTraCuu: qr.searchParams.get('maTraCuu')! };
    expect(printed.maHoSo).toBe(saved.dossier.number);
    await drained();

    const official = (await must('dossiers.get', { id: saved.dossier.id })).number as string;
    expect(official).not.toBe(printed.maHoSo); // the province issued its number after the slip was printed
    expect(portal.store.record(official)!.MaTraCuu).toBe(printed.maTraCuu);

    // The page opened from the QR: found by the code, although the number on the paper is the provisional one.
    const found = await lookUp({ maHoSo: printed.maHoSo, maTTHC: qr.searchParams.get('maTTHC')!, maTraCuu: printed.maTraCuu });
    expect(found.status).toBe(200);
    expect(found.body.data).toMatchObject({ MaHoSo: official, TrangThaiHoSo: 2 });
    expect(JSON.stringify(found.body)).not.toContain(saved.dossier.applicant.idNumber);
    expect(JSON.stringify(found.body)).not.toContain(saved.dossier.applicant.fullName);
    // Typed by hand from the paper: lower case, O for 0, I or L for 1.
    const typed = printed.maTraCuu.toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l');
    expect((await lookUp({ maHoSo: official, maTraCuu: typed })).status).toBe(200);
    // A wrong code answers as an unknown dossier.
    const wrong = printed.maTraCuu.slice(0, 11) + (printed.maTraCuu.endsWith('2') ? '3' : '2');
    const refused = await lookUp({ maHoSo: official, maTraCuu: wrong });
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual((await lookUp({ maHoSo: 'KHONG-CO', maTraCuu: 'ZZZZZZZZZZZZ' })).body);

    // A correction sends the dossier again: the code goes with it, unchanged.
    const form = await must('dossiers.correctionForm', { id: saved.dossier.id });
    await must('dossiers.correct', {
      operationId: crypto.randomUUID(), dossierId: saved.dossier.id, applicant: { ...form.dossier.applicant, address: '7 Phan Đình Phùng, Ba Đình' },
      setCount: form.dossier.setCount, delivery: form.dossier.delivery, note: form.dossier.note, reason: 'Sửa địa chỉ theo căn cước.', reprint: false,
      components: form.components.map((c: any) => ({ position: c.position, code: c.code, name: c.name, copyType: c.copyType, quantity: c.quantity })),
    });
    await drained();
    expect(portal.store.record(official)).toMatchObject({ DiaChi: '7 Phan Đình Phùng, Ba Đình', MaTraCuu: printed.maTraCuu });
    expect(portal.store.counts()[official]).toMatchObject({ creates: 1, updates: 1 });
  }, 60_000);
});
