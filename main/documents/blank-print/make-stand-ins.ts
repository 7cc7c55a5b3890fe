// Writes the stand-in blank images (assets/blanks/<template>.png, 100 dpi) from the shipped templates.
// A developer tool, run by hand: `node --import tsx main/documents/blank-print/make-stand-ins.ts`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharp } from '../../base/lazy-module';
import { loadShippedTemplates } from './templates';
import { standInSvg } from './stand-in';

const DPI = 100;

async function main(): Promise<void> {
  const dir = join(__dirname, '..', '..', '..', 'assets', 'blanks');
  for (const t of loadShippedTemplates(join(dir, 'templates.json'))) {
    if (!t.blankImage) continue;
    const png = await sharp(Buffer.from(standInSvg(t)), { density: DPI }).flatten({ background: '#ffffff' }).png({ compressionLevel: 9, palette: true }).toBuffer();
    writeFileSync(join(dir, t.blankImage), png);
    console.log(`${t.blankImage}: ${png.length} bytes`);
  }
}

void main();
