// Test helpers around the local CUPS prepared by tests/support/cups.sh.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const C_ENV = { ...process.env, LANG: 'C', LC_ALL: 'C' };

export const CUPS_OUT_DIR = '/var/tmp/motcua-print';
export const CUPS_OUT_FILE = join(CUPS_OUT_DIR, 'out.pdf');
/** Output of the MotCuaForms queue (the core's printing tests). */
export const CUPS_FORMS_FILE = join(CUPS_OUT_DIR, 'forms.pdf');

/** Runs tests/support/cups.sh; throws with its stderr when CUPS cannot be prepared (never skips). */
export function startTestCups(): string[] {
  const script = resolve(__dirname, 'cups.sh');
  try {
    const out = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    return out.split('\n').filter(Boolean);
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(
      `Could not prepare CUPS for the printing tests (needs root and: apt-get install -y cups cups-client cups-filters poppler-utils).\n` +
        `${e.stderr?.trim() || e.message}`,
    );
  }
}

/** Pending jobs of a queue ("Queue-12" ids); `lpstat -o` prints nothing when none. */
export async function pendingJobs(queue: string): Promise<string[]> {
  const { stdout } = await run('lpstat', ['-W', 'not-completed', '-o', queue], { env: C_ENV });
  return stdout.split('\n').map((l) => l.split(/\s+/)[0]).filter(Boolean);
}

/** Waits until the job left the queue and `file` is a complete PDF; returns the elapsed milliseconds. */
export async function waitForPrintedFile(jobId: string, queue: string, file: string, limitMs = 20_000): Promise<number> {
  const start = Date.now();
  for (;;) {
    const done = !(await pendingJobs(queue)).includes(jobId);
    if (done && existsSync(file)) {
      const tail = readFileSync(file).subarray(-64).toString('latin1');
      if (tail.includes('%%EOF')) return Date.now() - start;
    }
    if (Date.now() - start > limitMs) {
      throw new Error(`Job ${jobId} did not produce a complete ${file} within ${limitMs} ms (pending: ${done ? 'no' : 'yes'})`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function cancelAll(queue: string): Promise<void> {
  await run('cancel', ['-a', queue], { env: C_ENV });
}

/** Job attributes as the scheduler recorded them (via ipptool, from cups-ipp-utils). */
export async function jobAttributes(jobId: string, workDir: string): Promise<Record<string, string>> {
  const m = /^(.*)-(\d+)$/.exec(jobId);
  if (!m) throw new Error(`unexpected job id ${jobId}`);
  const testFile = join(workDir, 'get-job.test');
  writeFileSync(
    testFile,
    `{
  OPERATION Get-Job-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR integer job-id ${m[2]}
  ATTR name requesting-user-name root
  STATUS successful-ok
  DISPLAY copies
  DISPLAY media
  DISPLAY sides
  DISPLAY job-state
  DISPLAY job-name
}
`,
  );
  const { stdout } = await run('ipptool', ['-t', `ipp://localhost/printers/${m[1]}`, testFile], { env: C_ENV });
  const attrs: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const a = /^\s+([\w-]+) \([^)]*\) = (.*)$/.exec(line);
    if (a) attrs[a[1]] = a[2];
  }
  return attrs;
}
