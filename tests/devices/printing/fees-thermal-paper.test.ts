// A receipt on an 80 mm thermal roll (issue 11) goes through the same drivers as the forms: the page is the
// document's own size, so no paper size is asked of the queue (CUPS) or of SumatraPDF (Windows), which know no
// 80 mm paper name; A4 and A5 are asked as before, and anything else is refused before reaching a spooler.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePrintRequest } from '../../../main/devices/printing/printer';
import { toPdfToPrinterOptions } from '../../../main/devices/printing/windows-driver';

const pdf = join(mkdtempSync(join(tmpdir(), 'motcua-roll-')), 'r.pdf');
writeFileSync(pdf, '%PDF-1.7\n%%EOF\n');
const req = (paper: string) => ({ printer: 'POS-80', filePath: pdf, copies: 1, paper, duplex: 'one-sided' }) as never;

describe('the 80 mm roll', () => {
  it('asks SumatraPDF for no paper size, and keeps A5 for the A5 receipt', () => {
    expect(toPdfToPrinterOptions(req('roll-80mm'), 'POS-80')).not.toHaveProperty('paperSize');
    expect(toPdfToPrinterOptions(req('A5'), 'HP').paperSize).toBe('A5');
  });
  it('is a paper the printing layer accepts; an unknown one is refused in Vietnamese', async () => {
    await expect(validatePrintRequest(req('roll-80mm'))).resolves.toBeUndefined();
    await expect(validatePrintRequest(req('A3'))).rejects.toThrow('cuộn 80 mm');
  });
});
