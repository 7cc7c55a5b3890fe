// The one test command (`npm test`, also run by .ci/run): lint (layering rules), typecheck, then every
// Vitest suite (unit, integration, documents, devices, CLI, end-to-end). Ends with one line
// `N passed, N failed` summing them all; lint and typecheck count as one check each.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
let passed = 0;
let failed = 0;

function check(label, cmd, args) {
  console.log(`\n== ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status === 0) passed++; else { failed++; console.log(`${label}: FAILED`); }
}

check('lint (eslint, layering rules)', bin('eslint'), ['.']);
check('typecheck (tsc --noEmit)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
check('build (core + UI)', process.execPath, [path.join(root, 'scripts', 'build.mjs')]);

console.log('\n== vitest (all suites)');
const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-vitest-')), 'report.json');
const extra = process.argv.slice(2);
const v = spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra], { cwd: root, stdio: 'inherit' });
if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  // A suite that failed to load has no failed tests of its own: count it, so it cannot pass silently.
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).every((a) => a.status !== 'failed'));
  failed += brokenFiles.length;
  for (const f of brokenFiles) console.log(`suite failed to run: ${path.relative(root, f.name)} ${f.message ?? ''}`);
} else {
  failed++;
  console.log(`vitest produced no report (exit ${v.status})`);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && v.status === 0 ? 0 : 1);
