// Process trees: the core's helpers (tesseract, PowerShell for WIA, NAPS2, scanimage, pdftoppm) are children
// of the core's process. When the core is closed or killed they must go with it: an orphaned NAPS2 keeps the
// scanner busy and an orphaned tesseract keeps files open in the data folder. Windows has no process groups
// we could signal, so the tree is computed from a snapshot of (pid, parent pid) pairs.
import { execFile } from 'node:child_process';
import fs from 'node:fs';

export interface ProcessEntry { pid: number; ppid: number }

/**
 * Every descendant of root in the snapshot, parents before their children: a parent killed first cannot start
 * a replacement for a child killed a moment later, and its orphans keep their PIDs from the snapshot.
 */
export function descendantsOf(root: number, table: readonly ProcessEntry[]): number[] {
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of table) {
    if (pid === ppid) continue; // PID 0 on Windows lists itself as its parent
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const order: number[] = [];
  const seen = new Set<number>([root]);
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      if (seen.has(child)) continue; // a recycled PID can make the snapshot cyclic
      seen.add(child);
      order.push(child);
      walk(child);
    }
  };
  walk(root);
  return order;
}

/** Parses lines of two integers ("pid ppid"), as printed by `ps -A -o pid=,ppid=` and by the PowerShell query below. */
export function parseProcessTable(text: string): ProcessEntry[] {
  const out: ProcessEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(line);
    if (m) out.push({ pid: Number(m[1]), ppid: Number(m[2]) });
  }
  return out;
}

const WINDOWS_QUERY = 'Get-CimInstance Win32_Process | ForEach-Object { "$($_.ProcessId) $($_.ParentProcessId)" }';

/** Linux: /proc/<pid>/stat, whose 4th field (after the parenthesized name) is the parent PID. No procps needed. */
function linuxProcesses(): ProcessEntry[] {
  const out: ProcessEntry[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (Number.isInteger(ppid)) out.push({ pid: Number(name), ppid });
    } catch {
      // the process ended while we read the list
    }
  }
  return out;
}

/** A snapshot of the running processes; empty when it cannot be taken (then nothing is killed by mistake). */
export function listProcesses(platform: NodeJS.Platform = process.platform): Promise<ProcessEntry[]> {
  if (platform === 'linux' && fs.existsSync('/proc/self/stat')) return Promise.resolve(linuxProcesses());
  const [cmd, args] = platform === 'win32'
    ? ['powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', WINDOWS_QUERY]]
    : ['ps', ['-A', '-o', 'pid=,ppid=']];
  return new Promise((resolve) => {
    const lister = execFile(cmd, args, { timeout: 15_000, windowsHide: true, maxBuffer: 8 * 1024 * 1024 }, (err, stdout) => {
      // The lister itself is a child of ours at that moment: leave it (and its console host) out.
      resolve(err ? [] : parseProcessTable(stdout).filter((p) => p.pid !== lister.pid));
    });
  });
}

function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL'); // TerminateProcess on Windows
  } catch {
    // already gone
  }
}

/**
 * Kills every descendant of root (and root itself when asked, first). Returns the PIDs it killed.
 * On Windows `taskkill /T` would do the same for a live root, but it cannot spare the root, and the core
 * calls this on its own tree right before it exits.
 */
export async function killDescendants(root: number, opts: { includeRoot?: boolean; platform?: NodeJS.Platform } = {}): Promise<number[]> {
  const table = await listProcesses(opts.platform);
  const victims = [...(opts.includeRoot ? [root] : []), ...descendantsOf(root, table)];
  for (const pid of victims) killPid(pid);
  return victims;
}
