// The fee that applies, through the core (issue 9 #14): decided from the child's birth date counted in
// Vietnam days (a receipt at 00:30 in Hà Nội is already the next day), refused without the facts that
// decide it, recorded with the dossier, printed alone on form 01 and sent alone to the portal.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../main/sync/local-state';
import { intake, SettableClock, startCore, type Harness } from '../support/core-harness';

// 2026-03-02 17:30 UTC is 2026-03-03 00:30 in Hà Nội: the receipt day is 3 March.
const clock = new SettableClock(new Date('2026-03-02T17:30:00Z'));
const KS = [{ code: 'TKKS', name: 'Tờ khai đăng ký khai sinh', copyType: 'original', quantity: 1 }];
const KT = [{ code: 'TKKT', name: 'Tờ khai đăng ký khai tử', copyType: 'original', quantity: 1 }];
let h: Harness;
let birth: string;
let death: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-fees-'));

/** The text of a dossier's first slip (form 01). */
async function slipText(documentId: string): Promise<string> {
  const { base64 } = await h.must('documents.content', { id: documentId });
  const file = path.join(tmp, `${documentId}.pdf`);
  fs.writeFileSync(file, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

beforeAll(async () => {
  h = await startCore({ clock });
  birth = (await h.must('procedures.search', { query: '1.001193' }))[0].id;
  death = (await h.must('procedures.search', { query: '1.000656' }))[0].id;
});
afterAll(async () => {
  await h?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the fee of a dossier, decided and recorded by the core', () => {
  it('a birth 61 Vietnam days before the receipt is late: 8.000 đ recorded, printed alone, sent alone to the portal', async () => {
    // In UTC the receipt would still be 2 March, 60 days: on time. The law's day is Vietnam's.
    const r = await h.must('dossiers.receive', intake(birth, { components: KS, fee: { eventDate: '2026-01-01' } }));
    expect(r.dossier.fee).toEqual({
      lines: [{ name: 'Lệ phí đăng ký khai sinh quá hạn', amount: 8000, note: 'Chưa xác minh, theo nghị quyết HĐND tỉnh' }],
      eventDate: '2026-01-01', by: 'rule',
    });
    const text = await slipText(r.document.id);
    expect(text).toContain('Lệ phí đăng ký khai sinh quá hạn: 8.000 đ');
    expect(text).not.toContain('đúng hạn');
    const snapshot = loadSnapshot(h.core.services.db.raw, r.dossier.id)!;
    expect(snapshot.fees).toEqual([{ name: 'Lệ phí đăng ký khai sinh quá hạn', amount: 8000, note: 'Chưa xác minh, theo nghị quyết HĐND tỉnh', collectAt: 1 }]);
    expect((await h.must('dossiers.get', { id: r.dossier.id })).fee.by).toBe('rule');
  });

  it('a birth 60 days before is on time: only the free line is printed, not the late fee', async () => {
    const r = await h.must('dossiers.receive', intake(birth, { components: KS, fee: { eventDate: '2026-01-02' } }));
    expect(r.dossier.fee.lines.map((l: { name: string }) => l.name)).toEqual(['Lệ phí đăng ký khai sinh đúng hạn']);
    const text = await slipText(r.document.id);
    expect(text).toContain('Lệ phí đăng ký khai sinh đúng hạn: Miễn');
    expect(text).not.toContain('8.000');
    expect(loadSnapshot(h.core.services.db.raw, r.dossier.id)!.fees.map((f) => f.amount)).toEqual([0]);
  });

  it('a birth registration without the child\'s birth date, or with one after today, is refused at fee.eventDate', async () => {
    const missing = await h.call('dossiers.receive', intake(birth, { components: KS, fee: {} }));
    expect(missing.ok).toBe(false);
    expect(missing.error.code).toBe('VALIDATION');
    expect(missing.error.fields).toContainEqual(expect.objectContaining({ field: 'fee.eventDate', message: expect.stringContaining('ngày sinh của trẻ') }));
    const future = await h.call('dossiers.receive', intake(birth, { components: KS, fee: { eventDate: '2026-03-04' } }));
    expect(future.error.fields).toContainEqual(expect.objectContaining({ field: 'fee.eventDate' }));
    // A refusal (form 03) carries no fee: nothing is asked.
    const refused = await h.must('dossiers.receive', intake(birth, { components: KS, fee: {}, outcome: 'refuse', reason: 'Không thuộc thẩm quyền của UBND phường.' }));
    expect(refused.dossier.fee).toBeNull();
  });

  it('death registration: the clerk must choose the line; the choice is recorded, printed and sent', async () => {
    const unchosen = await h.call('dossiers.receive', intake(death, { components: KT, fee: {} }));
    expect(unchosen.error.fields).toContainEqual(expect.objectContaining({ field: 'fee.line', message: 'Chọn khoản phí, lệ phí áp dụng cho hồ sơ này.' }));
    const r = await h.must('dossiers.receive', intake(death, { components: KT, fee: { line: 0 } }));
    expect(r.dossier.fee).toMatchObject({ by: 'clerk', lines: [{ name: 'Lệ phí đăng ký khai tử đúng hạn', amount: 0 }] });
    const text = await slipText(r.document.id);
    expect(text).toContain('Lệ phí đăng ký khai tử đúng hạn: Miễn');
    expect(text).not.toContain('quá hạn');
    expect(loadSnapshot(h.core.services.db.raw, r.dossier.id)!.fees).toHaveLength(1);
  });

  it('a procedure with one fee line needs nothing more and prints it', async () => {
    const xnhn = (await h.must('procedures.search', { query: '1.004873' }))[0].id;
    const r = await h.must('dossiers.receive', intake(xnhn));
    expect(r.dossier.fee).toMatchObject({ by: 'only', lines: [{ amount: 15000 }] });
    expect(await slipText(r.document.id)).toContain('Lệ phí cấp Giấy xác nhận tình trạng hôn nhân: 15.000 đ');
  });
});
