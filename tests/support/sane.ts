// A private SANE configuration for the tests: the `test` backend (a real SANE driver that needs no device)
// with geometry_max raised so an A4 page is not clipped, and optionally the airscan backend for an eSCL URL.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SaneConfig {
  dir: string;
  /** Value for SANE_CONFIG_DIR (no trailing ':', so /etc/sane.d is not read). */
  configDir: string;
  cleanup(): void;
}

export function hasScanimage(): boolean {
  try {
    execFileSync('scanimage', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function makeSaneConfig(opts: { test?: boolean; airscan?: { name: string; url: string }[] } = { test: true }): SaneConfig {
  const dir = mkdtempSync(join(tmpdir(), 'mcd-sane-'));
  const configDir = join(dir, 'sane.d');
  mkdirSync(configDir);
  const backends: string[] = [];
  if (opts.test !== false) {
    backends.push('test');
    const stock = readFileSync('/etc/sane.d/test.conf', 'utf8');
    const raised = stock.replace(/^geometry_max\s+[\d.]+/m, 'geometry_max 300.0');
    if (raised === stock) throw new Error('test.conf has no geometry_max line to raise');
    writeFileSync(join(configDir, 'test.conf'), raised);
  }
  if (opts.airscan) {
    backends.push('airscan');
    const devices = opts.airscan.map((d) => `"${d.name}" = ${d.url}`).join('\n');
    writeFileSync(join(configDir, 'airscan.conf'), `[devices]\n${devices}\n\n[options]\ndiscovery = disable\n`);
  }
  writeFileSync(join(configDir, 'dll.conf'), backends.join('\n') + '\n');
  return { dir, configDir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function makeWorkDir(prefix = 'mcd-scan-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
