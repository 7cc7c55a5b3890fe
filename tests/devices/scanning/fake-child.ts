// A stand-in for a helper process (powershell.exe, NAPS2.Console.exe) that cannot run on Linux: the test
// writes its stdout lines and decides how it exits; the calls it received are recorded.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import type { SpawnFn } from '../../../main/devices/scanning/child';

export class FakeChild extends EventEmitter {
  stdout = new PassThrough();
  stderr = new PassThrough();
  stdin = null;
  pid = 4242;
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  killed: (NodeJS.Signals | number | undefined)[] = [];

  line(obj: unknown): void {
    this.stdout.write((typeof obj === 'string' ? obj : JSON.stringify(obj)) + '\r\n');
  }

  exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    if (this.exitCode !== null || this.signalCode !== null) return;
    this.stdout.end();
    this.stderr.end();
    this.exitCode = code;
    this.signalCode = signal;
    setImmediate(() => {
      this.emit('exit', code, signal);
      this.emit('close', code, signal);
    });
  }

  kill(signal?: NodeJS.Signals | number): boolean {
    this.killed.push(signal);
    this.exit(null, typeof signal === 'string' ? signal : 'SIGTERM');
    return true;
  }
}

export interface SpawnCall {
  command: string;
  args: readonly string[];
  options: SpawnOptions;
  child: FakeChild;
}

/** A spawn function that hands each call to `script` (which drives the fake child) and records it. */
export function fakeSpawn(script: (call: SpawnCall) => void): { spawn: SpawnFn; calls: SpawnCall[] } {
  const calls: SpawnCall[] = [];
  const spawn: SpawnFn = (command, args, options) => {
    const child = new FakeChild();
    const call = { command, args, options, child };
    calls.push(call);
    setImmediate(() => script(call));
    return child as unknown as ChildProcess;
  };
  return { spawn, calls };
}
