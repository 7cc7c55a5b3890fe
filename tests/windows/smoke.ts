// Windows smoke test of the INSTALLED app (issue 8, #18/#19). Runs on a Windows x64 machine after
// tests/windows/install.ps1 and tests/windows/pdf-printer.ps1 (the workflow .github/workflows/windows.yml
// does exactly that; README "Windows: by-hand check list" runs the same commands one by one):
//
//   npm run smoke:win -- --install-dir "<folder>" [--printer "MotCua PDF"] [--pdf C:\motcua-smoke\print.pdf]
//                        [--artifacts tests\artifacts\windows] [--only checks|start|failure|drive]
//
// checks   the installed files: natives for win32-x64 and Electron's ABI (scripts/check-package.mjs) and the
//          fuses electron-builder.yml asks for (read back with @electron/fuses);
// start    the installed exe as a clerk starts it: the core gets ready (log), a second start exits and
//          leaves one instance, closing the window closes the core, and no process of the app is left;
// failure  a damaged database: the app stays up with a window titled with the reason;
// drive    Playwright's Electron driver on a COPY of the installed app whose only change is the inspect fuse
//          (Playwright needs it; the installed app keeps it off): first-run set-up, login, printer, one
//          intake printed to the PDF printer, permissions denied, navigation away refused, quit.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { flipFuses, getCurrentFuseWire } from '@electron/fuses';
import { PDFDocument } from 'pdf-lib';
import { _electron, type Page } from 'playwright-core';
import { ADMIN, OFFICE } from '../support/fixtures';
import { builderFuses, PLAYWRIGHT_COPY_FLIP, ROOT, toFuseConfig, wireMismatches } from './fuse-policy';

const { values: opt } = parseArgs({
  options: {
    'install-dir': { type: 'string' },
    printer: { type: 'string', default: 'MotCua PDF' },
    pdf: { type: 'string', default: 'C:\\motcua-smoke\\print.pdf' },
    artifacts: { type: 'string', default: path.join(ROOT, 'tests', 'artifacts', 'windows') },
    only: { type: 'string' },
  },
});

const installDir = path.resolve(opt['install-dir'] ?? defaultInstallDir());
const artifacts = path.resolve(opt.artifacts!);
fs.mkdirSync(artifacts, { recursive: true });

function defaultInstallDir(): string {
  return path.join(process.env.LOCALAPPDATA ?? os.homedir(), 'Programs', 'mot-cua-desk');
}

function step(name: string): void {
  console.log(`\n== ${name}`);
}

function fail(message: string): never {
  throw new Error(message);
}

async function until<T>(what: string, probe: () => T | Promise<T>, ms = 120_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) fail(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function appExe(dir: string): string {
  const exe = fs.readdirSync(dir).find((f) => f.toLowerCase().endsWith('.exe') && !/^uninstall/i.test(f));
  return exe ? path.join(dir, exe) : fail(`no application .exe in ${dir}`);
}

/** A new data folder per step, under the artifacts so its log (logs/motcua.log) is kept with the screenshots. */
function freshDataDir(name: string): string {
  const dir = path.join(artifacts, `data-${name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function logOf(dataDir: string): string {
  const file = path.join(dataDir, 'logs', 'motcua.log');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

function ps(command: string): string {
  return execFileSync('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', command], { encoding: 'utf8' });
}

/** PIDs of running processes whose executable lies under dir (the app, its GPU/renderer/utility children). */
function processesUnder(dir: string): number[] {
  const out = ps(`Get-CimInstance Win32_Process | Where-Object { $_.ExecutablePath -and $_.ExecutablePath.StartsWith('${dir.replace(/'/g, "''")}', 'OrdinalIgnoreCase') } | ForEach-Object { $_.ProcessId }`);
  return out.split(/\r?\n/).map((l) => Number(l.trim())).filter((n) => n > 0);
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));
}

async function checks(): Promise<void> {
  step(`installed files in ${installDir}`);
  const check = await import('../../scripts/check-package.mjs' as string);
  const { problems, warnings } = check.checkAppOutDir(installDir, { platform: 'win32', arch: 'x64' });
  for (const w of warnings) console.log(`  warning: ${w}`);
  if (problems.length) fail(`natives:\n  ${problems.join('\n  ')}`);
  console.log('  natives for win32-x64 and Electron ABI: ok');
  const wire = await getCurrentFuseWire(appExe(installDir));
  const mismatches = wireMismatches(wire as unknown as Record<number, number>, builderFuses());
  if (mismatches.length) fail(`fuses of the installed exe:\n  ${mismatches.join('\n  ')}`);
  console.log('  fuses as in electron-builder.yml: ok');
}

async function start(): Promise<void> {
  step('start as a clerk does, second instance, close');
  const exe = appExe(installDir);
  const dataDir = freshDataDir('start');
  const env = { ...process.env, MOTCUA_DATA_DIR: dataDir };
  const first = spawn(exe, [], { env, stdio: 'ignore' });
  await until('core ready in the log', () => {
    const log = logOf(dataDir);
    if (/core did not start|failure shown/.test(log)) fail(`the core did not start:\n${log}`);
    return log.includes('core ready');
  });
  console.log('  core ready');
  // The utility process took the shipped heap limit (execArgv; main/base/core-heap.ts): Electron sizes it otherwise.
  const heap = /\[core\] V8 heap limit (\d+) MB \(asked (\d+) MB/.exec(logOf(dataDir));
  if (!heap) fail(`the core did not log its heap limit:\n${logOf(dataDir)}`);
  if (Number(heap[1]) < Number(heap[2]) || Number(heap[1]) > Number(heap[2]) + 100) fail(`the core's heap limit is ${heap[1]} MB, not the ${heap[2]} MB asked: execArgv was not applied`);
  console.log(`  core heap limit ${heap[1]} MB (asked ${heap[2]})`);
  const second = spawn(exe, [], { env, stdio: 'ignore' });
  const code = await Promise.race([exited(second), new Promise<'running'>((r) => setTimeout(() => r('running'), 30_000))]);
  if (code === 'running') { second.kill(); fail('a second start with the same data folder kept running'); }
  if (first.exitCode !== null) fail('the first instance exited when the second started');
  console.log('  second start exited, first still running');
  // WM_CLOSE to the window (no /F): the path of a clerk closing it.
  execFileSync('taskkill', ['/PID', String(first.pid)], { stdio: 'ignore' });
  await until('first instance exited', () => first.exitCode !== null, 60_000);
  const log = logOf(dataDir);
  if (!/core closed \(quit\)/.test(log)) fail(`the core was not closed on quit:\n${log}`);
  await until('no process of the app left', () => processesUnder(installDir).length === 0, 30_000);
  console.log('  closed: core closed (quit), no process left');
}

async function failure(): Promise<void> {
  step('a damaged database shows the reason');
  // Electron's own profile lives in the data folder too, so the folder stays usable: only the core fails.
  const dataDir = freshDataDir('failure');
  fs.writeFileSync(path.join(dataDir, 'motcua.sqlite'), 'this is not a database\n'.repeat(512));
  const app = spawn(appExe(installDir), [], { env: { ...process.env, MOTCUA_DATA_DIR: dataDir }, stdio: 'ignore' });
  try {
    const title = await until('a window with the reason', () => {
      if (app.exitCode !== null) fail(`the app exited (${app.exitCode}) without a window:\n${logOf(dataDir)}`);
      return ps(`(Get-Process -Id ${app.pid}).MainWindowTitle`).trim();
    }, 90_000);
    if (!title.includes('không khởi động được')) fail(`unexpected window title: ${title}`);
    const shown = /failure shown: (.*)/.exec(logOf(dataDir))?.[1] ?? '';
    if (!shown.includes('Tệp dữ liệu bị hỏng')) fail(`unexpected reason in the log: ${shown}`);
    console.log(`  window "${title}": ${shown}`);
  } finally {
    execFileSync('taskkill', ['/PID', String(app.pid), '/T', '/F'], { stdio: 'ignore' });
  }
}

async function shot(page: Page, name: string, n: { i: number }): Promise<void> {
  n.i += 1;
  await page.screenshot({ path: path.join(artifacts, `${String(n.i).padStart(2, '0')}-${name}.png`) });
}

async function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('data-testid') || '');
}

async function drive(): Promise<void> {
  step('Playwright on a copy with the inspect fuse on');
  const copy = path.join(os.tmpdir(), `motcua-smoke-copy-${Date.now()}`);
  fs.cpSync(installDir, copy, { recursive: true });
  const exe = appExe(copy);
  await flipFuses(exe, toFuseConfig(PLAYWRIGHT_COPY_FLIP));
  const mismatches = wireMismatches(await getCurrentFuseWire(exe) as unknown as Record<number, number>, builderFuses());
  if (mismatches.join() !== 'enableNodeCliInspectArguments: expected off, binary has on') fail(`copy fuses: ${mismatches.join('; ')}`);
  const dataDir = freshDataDir('drive');
  const pdf = path.resolve(opt.pdf!);
  fs.rmSync(pdf, { force: true });
  const app = await _electron.launch({ executablePath: exe, env: { ...process.env, MOTCUA_DATA_DIR: dataDir } as Record<string, string>, timeout: 120_000 });
  const n = { i: 0 };
  try {
    const page = await app.firstWindow({ timeout: 120_000 });
    page.setDefaultTimeout(30_000);
    await page.getByRole('heading', { name: 'Thiết lập lần đầu' }).waitFor();
    await shot(page, 'setup', n);

    // Deny by default: the permission check handler answers queries, the navigation guard keeps the page home.
    const permissions = await page.evaluate(async () => Promise.all(['geolocation', 'notifications', 'camera'].map(async (name) => (await navigator.permissions.query({ name: name as PermissionName })).state)));
    if (permissions.some((s) => s !== 'denied')) fail(`permissions not denied: ${permissions.join(', ')}`);
    await page.evaluate(() => { window.location.href = 'https://example.com/'; });
    await page.waitForTimeout(2000);
    if (!page.url().startsWith('app://motcua/')) fail(`navigated away to ${page.url()}`);
    console.log('  permissions denied, navigation away refused');

    await page.getByLabel('Cơ quan chủ quản').fill(OFFICE.governingBody);
    await page.getByLabel('Tên bộ phận').fill(OFFICE.officeName);
    await page.getByLabel('Địa danh ghi trên phiếu').fill(OFFICE.place);
    await page.getByLabel('Mã định danh cơ quan').fill(OFFICE.agencyCode);
    await page.getByLabel('Địa chỉ', { exact: true }).fill(OFFICE.address);
    await page.getByLabel('Điện thoại').fill(OFFICE.phone);
    await page.locator('#setup-username').fill(ADMIN.username);
    await page.locator('#setup-fullName').fill(ADMIN.fullName);
    await page.locator('#setup-password').fill(ADMIN.password);
    await page.locator('#setup-password2').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Hoàn tất thiết lập' }).press('Enter');
    await page.getByTestId('login-form').waitFor();
    await page.locator('#login-password').fill(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
    console.log('  first-run set-up and login');

    await page.keyboard.press('Alt+3');
    await page.getByTestId('admin-tab-printers').press('Enter');
    const select = page.getByTestId('printer-form01');
    await select.locator(`option[value="${opt.printer}"]`).waitFor({ state: 'attached', timeout: 60_000 });
    await select.selectOption(opt.printer!);
    await page.getByTestId('printers-save').press('Enter');
    await page.getByText('Đã lưu cấu hình máy in.').waitFor();
    await shot(page, 'printers', n);
    await page.keyboard.press('Alt+1');
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();

    await until('procedure box focused', async () => (await focusedId(page)) === 'procedure', 30_000);
    await page.keyboard.type('xac nhan hon nhan');
    await page.getByRole('option').first().waitFor();
    await page.keyboard.press('Enter');
    await until('name box focused', async () => (await focusedId(page)) === 'applicant-fullName', 30_000);
    await page.keyboard.type('Nguyễn Thị Hoa');
    await page.keyboard.press('Tab');
    await page.keyboard.type('001190012345');
    for (const value of ['05/03/1990', 'Số 12 phố Đội Cấn, phường Ba Đình, Hà Nội', '0912 345 678', 'hoa@example.vn']) {
      await page.keyboard.press('Enter');
      await page.keyboard.type(value);
    }
    await page.keyboard.press('Enter');
    await until('checklist focused', async () => (await focusedId(page)) === 'component-check-0', 30_000);
    await page.keyboard.press('Space');
    await shot(page, 'intake', n);
    await page.keyboard.press('Control+P');
    await page.getByTestId('preview-dialog').waitFor({ timeout: 60_000 });
    const number = (await page.getByTestId('saved-number').textContent()) ?? '';
    await shot(page, 'preview', n);
    await until('print button focused', async () => (await focusedId(page)) === 'print-button', 30_000);
    await page.keyboard.press('Enter');
    await until('print status', async () => (await page.getByTestId('print-status').textContent())?.trim(), 60_000);
    const status = (await page.getByTestId('print-status').textContent()) ?? '';
    await shot(page, 'printed', n);
    if (!status.includes(opt.printer!)) fail(`print status: ${status}`);
    console.log(`  dossier ${number} saved; ${status}`);

    const bytes = await until(`PDF written to ${pdf}`, () => {
      if (!fs.existsSync(pdf)) return null;
      const b = fs.readFileSync(pdf);
      return b.length > 0 && b.subarray(-1024).toString('latin1').includes('%%EOF') ? b : null;
    }, 120_000);
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') fail('the printer output is not a PDF');
    const pages = (await PDFDocument.load(bytes, { ignoreEncryption: true })).getPageCount();
    if (pages < 1) fail('the printed PDF has no page');
    fs.copyFileSync(pdf, path.join(artifacts, 'printed.pdf'));
    console.log(`  printer wrote ${pdf}: ${bytes.length} bytes, ${pages} page(s)`);
  } finally {
    await app.close().catch(() => undefined);
  }
  await until('no process of the copy left', () => processesUnder(copy).length === 0, 30_000);
  if (!/core closed/.test(logOf(dataDir))) fail(`the core was not closed on quit:\n${logOf(dataDir)}`);
  console.log('  quit: core closed, no process left');
}

const STEPS: Record<string, () => Promise<void>> = { checks, start, failure, drive };

async function main(): Promise<void> {
  if (process.platform !== 'win32') fail('the Windows smoke test runs on Windows (see README "Windows: by-hand check list")');
  if (!fs.existsSync(installDir)) fail(`no installed app in ${installDir} (run tests/windows/install.ps1 first)`);
  const names = opt.only ? opt.only.split(',') : Object.keys(STEPS);
  for (const name of names) await (STEPS[name] ?? (() => fail(`unknown step ${name}`)))();
  console.log(`\nWindows smoke: ${names.join(', ')} passed`);
}

main().catch((e: Error) => {
  console.error(`\nWindows smoke FAILED: ${e.message}`);
  process.exit(1);
});
