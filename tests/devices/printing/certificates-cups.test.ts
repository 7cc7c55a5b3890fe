// Certificates through a real CUPS queue (issue 11 #3): a birth certificate test-printed with the printer's
// calibration and the calibration page go through lp into a file: queue (Generic PDF PPD, keeps text), and what
// comes out still has every sampled field at template + offset within 0.5 mm (pdftotext -bbox on the spooled
// output, not on what we sent).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CupsDriver } from '../../../main/devices/printing';
import { BlankRenderer } from '../../../main/documents/blank-print/blank-renderer';
import { Database } from '../../../main/persistence/database';
import { CertificateService } from '../../../main/services/certificates/certificate-service';
import { TemplateCatalog } from '../../../main/services/certificates/template-catalog';
import { MM, wordBoxes } from '../../documents/pdf-checks';
import { CUPS_OUT_DIR, startTestCups, waitForPrintedFile } from '../../support/cups';

const QUEUE = 'MotCuaCertificates';
const OUT = path.join(CUPS_OUT_DIR, 'certificates.pdf');
const PPD = 'lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd';
const ROOT = path.join(__dirname, '..', '..', '..');
const AT = new Date('2026-03-20T03:00:00Z');

let db: Database;
let service: CertificateService;
let catalog: TemplateCatalog;

beforeAll(async () => {
  startTestCups();
  // A queue of this file's own, so the other printing tests' outputs never mix with it.
  execFileSync('lpadmin', ['-p', QUEUE, '-v', `file://${OUT}`, '-m', PPD, '-E'], { stdio: 'ignore' });
  execFileSync('cupsenable', [QUEUE]);
  execFileSync('cupsaccept', [QUEUE]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-cert-cups-'));
  db = await Database.open(path.join(dir, 'db.sqlite'));
  catalog = new TemplateCatalog(db, path.join(ROOT, 'assets', 'blanks'));
  const renderer = BlankRenderer.create();
  service = new CertificateService({ db, driver: new CupsDriver(), catalog, renderer: async () => renderer, entries: async () => null });
}, 60_000);
afterAll(async () => { await db?.close(); });

const baselineOf = (w: { yMin: number; yMax: number }) => (w.yMin + (w.yMax - w.yMin) * 0.8047) / MM;

describe('certificates through CUPS', () => {
  it('a test print with the calibration: every field of the birth certificate at template + offset in the spooled PDF, on A4', async () => {
    await service.calibrations.set(QUEUE, { x: 1.5, y: -2.0 }, 'officer-1', AT);
    const { template } = await catalog.inForce('birth', AT);
    // One word per field, told apart by its number.
    const fields = Object.fromEntries(template.fields.map((f, i) => [f.key, `ẤQ${i}Ư`]));
    fs.rmSync(OUT, { force: true });
    const r = await service.testPrint('birth', QUEUE, fields, AT);
    expect(r.offset).toEqual({ x: 1.5, y: -2 });
    await waitForPrintedFile(r.jobId, QUEUE, OUT, 60_000);
    const pages = wordBoxes(OUT);
    expect(pages).toHaveLength(1);
    expect(execFileSync('pdfinfo', [OUT], { encoding: 'utf8' })).toMatch(/Page size:\s+595(\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
    template.fields.forEach((f, i) => {
      const w = pages[0]!.find((x) => x.text === `ẤQ${i}Ư`);
      expect(w, f.key).toBeDefined();
      const x = f.align === 'center' ? (w!.xMin + w!.xMax) / 2 / MM : w!.xMin / MM;
      const expected = f.x + 1.5 + (f.align === 'center' ? f.width / 2 : 0);
      expect(Math.abs(x - expected), `${f.key} x`).toBeLessThanOrEqual(0.5);
      expect(Math.abs(baselineOf(w!) - (f.y - 2)), `${f.key} baseline`).toBeLessThanOrEqual(0.5);
    });
  }, 90_000);

  it('the calibration page prints its marks’ labels where they belong', async () => {
    fs.rmSync(OUT, { force: true });
    await service.calibrationPage(QUEUE, false, true, AT);
    const jobs = execFileSync('lpstat', ['-W', 'all', '-o', QUEUE], { encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
    const last = jobs.trim().split('\n').map((l) => l.split(/\s+/)[0]!).filter(Boolean).sort((a, b) => Number(a.split('-').pop()) - Number(b.split('-').pop())).at(-1)!;
    await waitForPrintedFile(last, QUEUE, OUT, 60_000);
    const words = wordBoxes(OUT)[0]!;
    // "A (20; 20)": the label's baseline is 0.5 mm above the mark's horizontal arm, right of the cross.
    const a = words.find((w) => w.text === 'A' && Math.abs(baselineOf(w) - 19.5) < 0.5);
    expect(a).toBeDefined();
    expect(Math.abs(a!.xMin / MM - 27.5)).toBeLessThanOrEqual(0.5);
  }, 90_000);
});
