// Rarely used packages are loaded on first use (main/base/lazy-module.ts), not when the core starts
// (issue 12, target 4: core memory at the counter). A package that does not load says so in Vietnamese
// when it is first needed, instead of stopping the core at start-up.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/base/errors';
import { createRequire } from 'node:module';
import { checkNativePackages, lazyModule, sharp } from '../../../main/base/lazy-module';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('lazily loaded packages', () => {
  it('a package that cannot be loaded fails at first use with a Vietnamese message saying what to do', () => {
    let asked = 0;
    const missing = lazyModule<{ run(): number }>('goi-khong-co', 'bộ xử lý ảnh quét', undefined, (name) => {
      asked++;
      throw new Error(`Cannot find module '${name}'`);
    });
    expect(asked).toBe(0); // nothing is loaded by the import itself
    let error: unknown;
    try { missing.run(); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INTERNAL');
    expect((error as AppError).message).toMatch(/^Không nạp được bộ xử lý ảnh quét \(thư viện goi-khong-co: Cannot find module/);
    expect((error as AppError).message).toContain('Hãy cài lại Một Cửa Desk');
    // Tried again on the next use (a repaired install needs no restart of the check), still in Vietnamese.
    expect(() => missing.run()).toThrow(AppError);
    expect(asked).toBe(2);
  });

  it('the stand-in is the package once loaded: calls, members, and the settings made on load', async () => {
    const png = await sharp({ create: { width: 4, height: 3, channels: 3, background: '#fff' } }).png().toBuffer();
    expect((await sharp(png).metadata()).width).toBe(4);
    expect(sharp.concurrency()).toBe(Math.min(2, (await import('node:os')).availableParallelism()));
    expect(sharp.cache().items.max).toBe(0); // libvips' cache off
  });

  it('a broken install is still found at start-up: sharp\'s native packages are resolved there, not loaded', () => {
    const real = createRequire(path.join(ROOT, 'main/base/lazy-module.ts')).resolve;
    expect(() => checkNativePackages(real)).not.toThrow();
    // The platform's package missing (an installer built for another platform): sharp's own wording, which the
    // shell turns into "Thiếu thư viện xử lý ảnh (sharp)".
    expect(() => checkNativePackages((id) => { if (id.startsWith('@img/sharp-') && !id.includes('libvips')) throw new Error('not found'); return real(id); }))
      .toThrow(/Could not load the "sharp" module using the \w+-\w+ runtime: @img\/sharp-/);
    // Its libvips missing (Linux: a separate package).
    if (process.platform === 'linux') {
      expect(() => checkNativePackages((id) => { if (id.includes('libvips')) throw new Error('not found'); return real(id); }))
        .toThrow(/@img\/sharp-libvips-linux/);
    }
  });

  it("the core's start-up loads none of them", () => {
    const script = `
      const fs = require('node:fs'), os = require('node:os'), path = require('node:path');
      const { Core } = require(${JSON.stringify(path.join(ROOT, 'main/core/core.ts'))});
      (async () => {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-lazy-'));
        const core = await Core.start({ dataDir, shell: 'browser' });
        await core.handle('app.info', {});
        await core.services.documents.renderer();
        const loaded = Object.keys(require.cache).map((k) => /node_modules\\/(sharp|axios|nodemailer|pdf-to-printer)\\//.exec(k)?.[1]).filter(Boolean);
        await core.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
        console.log('LOADED=' + JSON.stringify([...new Set(loaded)]));
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).not.toMatch(/Error/);
    expect(/LOADED=(.*)/.exec(r.stdout)?.[1]).toBe('[]');
  }, 150_000);
});
