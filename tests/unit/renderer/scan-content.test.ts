// What the "Trả kết quả" box makes of a USB barcode scanner's keys: form 01's QR content as it is printed
// today (main/documents/qr.ts builds it here, so a change of the QR breaks this test), the look-up URL form,
// an older slip's soDinhDanh, and the same content after a Telex typing tool (Unikey/EVKey) mangled it.
import { describe, expect, it } from 'vitest';
import { buildQrContent } from '../../../main/documents/qr';
import {
  canonicalLookupCode, LOOKUP_ALPHABET, lookupCandidates, parseScan, repairs, unreadable,
} from '../../../renderer/src/work/scan-content';
import { telex } from './telex';

const NUMBER = '000.00.13.H42-261128-0001';
const CODE = 'K7M2Q9XR4T1B';
const subject = { dossierNumber: NUMBER, procedureCode: '1.004873', lookupCode: CODE };

describe('form 01 QR content as printed', () => {
  it('the query string', () => {
    const p = parseScan(buildQrContent(subject));
    expect(p).toEqual({ kind: 'qr', numbers: [NUMBER], lookupCodes: [CODE], procedureCode: '1.004873', idNumber: null, mangled: false });
  });

  it('the look-up URL, with and without its own query', () => {
    for (const url of ['https://dichvucong.example.vn/tra-cuu', 'https://dvc.example.vn/tra-cuu?tinh=42']) {
      const p = parseScan(buildQrContent(subject, url));
      expect(p.kind === 'qr' && p.numbers).toEqual([NUMBER]);
      expect(p.kind === 'qr' && p.lookupCodes).toEqual([CODE]);
    }
  });

  it('a number the pattern made with characters that are percent-encoded, and a portal dossier without a code', () => {
    const p = parseScan(buildQrContent({ dossierNumber: 'HS/2026 01', procedureCode: '1.001193' }));
    expect(p).toMatchObject({ kind: 'qr', numbers: ['HS/2026 01'], lookupCodes: [], procedureCode: '1.001193' });
  });

  it('an older slip that carried the ID number', () => {
    const p = parseScan('maHoSo=000.00.13.H42-240101-0007&maTTHC=1.001193&soDinhDanh=001090012345');
    expect(p).toMatchObject({ kind: 'qr', numbers: ['000.00.13.H42-240101-0007'], idNumber: '001090012345' });
  });

  it('a code typed by hand: lower case, O for 0, I or L for 1, a hyphen', () => {
    expect(canonicalLookupCode('k7m2-q9xr-4tlb')).toBe(CODE);
    expect(canonicalLookupCode('K7M2Q9XR4T1')).toBeNull();
    expect(canonicalLookupCode('K7M2Q9XR4TUB')).toBeNull();
  });

  it('the Enter and line breaks a scanner may add, and plain text', () => {
    expect(parseScan(`${buildQrContent(subject)}\r\n`)).toMatchObject({ numbers: [NUMBER], lookupCodes: [CODE] });
    expect(parseScan('  Nguyễn Văn An ')).toEqual({ kind: 'text', query: 'Nguyễn Văn An' });
    expect(parseScan('001090012345')).toEqual({ kind: 'text', query: '001090012345' });
    expect(parseScan('   ')).toEqual({ kind: 'empty' });
  });
});

describe('a Telex typing tool left on', () => {
  it('mangles the keys of the content (the brief\'s example) and the parser still reads it', () => {
    const typed = telex(buildQrContent(subject));
    expect(typed).toContain('Hô'); // 'HoSo' → 'Hố'/'Hô': the keys are not what was printed
    expect(typed).not.toContain('maHoSo');
    expect(parseScan(typed)).toMatchObject({ kind: 'qr', numbers: [NUMBER], lookupCodes: [CODE], mangled: true });
  });

  it('puts back the keys eaten inside a look-up code', () => {
    // A S → Á, E E → Ê, D D → Đ: each eaten key goes back after its letter.
    for (const code of ['K7ASM2EE9QPN', 'MMAS9EEPQYN0', 'K7M2Q9XR4TAS']) {
      for (const digitsBreakWords of [false, true]) {
        const typed = telex(code, { digitsBreakWords });
        expect(typed).not.toBe(code);
        expect(lookupCandidates(typed), `${code} typed as ${typed}`).toContain(code);
      }
    }
  });

  it('finds every random code that was only accented, and never offers a candidate outside the alphabet', () => {
    let changed = 0;
    let repaired = 0;
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 1500; i++) {
      const code = Array.from({ length: 12 }, () => LOOKUP_ALPHABET[Math.floor(rnd() * 32)]).join('');
      const typed = telex(`maHoSo=${NUMBER}&maTTHC=1.004873&maTraCuu=${code}`, { digitsBreakWords: i % 2 === 0 });
      const p = parseScan(typed);
      if (p.kind !== 'qr') throw new Error('not read as a QR');
      // The number has no vowel: the typing tool never changes it, so the dossier is found by it anyway.
      expect(p.numbers).toContain(NUMBER);
      for (const c of p.lookupCodes) expect(canonicalLookupCode(c)).toBe(c);
      expect(p.lookupCodes.length).toBeLessThanOrEqual(513);
      if (typed.endsWith(code)) continue;
      changed += 1;
      if (p.lookupCodes.includes(code)) repaired += 1;
      // A code whose every eaten key left an accent (no tone replaced another, no mark undone, no 'ư' typed
      // as a lone w) is found whenever the ways to read it are few enough to check.
      const value = typed.slice(typed.lastIndexOf('=') + 1);
      const intact = [...value].length + eatenCount(value) === 12 && !/[uU]\u031B/.test(value.normalize('NFD'));
      if (intact && repairs(value).length > 1) expect(p.lookupCodes, `${code} → ${value}`).toContain(code);
    }
    console.log(`Telex: ${changed} of 1500 codes changed, ${repaired} put back (${Math.round((100 * repaired) / changed)} %), the number read in all`);
    expect(repaired).toBeGreaterThan(changed / 3);
  });

  it('content mangled beyond repair says so (nothing to look for)', () => {
    // Even the number carries vowels the tool ate, and the code lost keys without leaving a mark.
    const p = parseScan(telex('maHoSo=AAS-EES&maTraCuu=ASSAFFEJJ'));
    expect(p.kind).toBe('qr');
    expect(unreadable(p)).toBe(false); // the number's accented letters still give candidates to look up
    expect(unreadable(parseScan('maHoSo=&maTraCuu=ÁÂ'))).toBe(true);
  });

  it('repairs keeps the value as typed first and gives up on a value with too many accents', () => {
    expect(repairs('K7M2')).toEqual(['K7M2']);
    expect(repairs('ÁB')[0]).toBe('ÁB');
    expect(repairs('ÁB')).toEqual(expect.arrayContaining(['ASB', 'ABS']));
    expect(repairs('ẤẾẤẾẤẾẤẾẤẾẤẾ')).toEqual(['ẤẾẤẾẤẾẤẾẤẾẤẾ']);
  });
});

/** Keys a value's accents stand for. */
function eatenCount(value: string): number {
  let n = 0;
  for (const ch of value) {
    if (ch === 'Đ' || ch === 'đ') n += 1;
    else n += ch.normalize('NFD').length - 1;
  }
  return n;
}

