// The core's V8 heap limit, one value for every way the core is started (Electron's utility process, the
// browser shell, the tests and benchmarks that start it). Node sizes V8 from the PC's memory: on a 16–24 GB PC
// it lets the old generation grow to 4 GB and collects late, so the core sat at 230–290 MB resident with
// ~40–60 MB live (issue 12). 1 GB is what Node gives itself on a 4 GB counter PC: the same collection rhythm
// everywhere, and room for the largest job (a 20,000-entry register book, PDF and workbook). The value lives in JSON so the
// launch scripts (plain .mjs) read the same number.
import v8 from 'node:v8';
import heap from './core-heap.json';

export const CORE_MAX_OLD_SPACE_MB: number = heap.maxOldSpaceMb;

/** The flags a process running the core is started with (before V8 sizes its heap; they cannot be set later). */
export function coreNodeFlags(): string[] {
  return [`--max-old-space-size=${CORE_MAX_OLD_SPACE_MB}`];
}

/** One log line saying the limit this process got: a shell that dropped the flags shows here. */
export function heapLimitLine(): string {
  const mb = Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20);
  return `[core] V8 heap limit ${mb} MB (asked ${CORE_MAX_OLD_SPACE_MB} MB for the old generation)`;
}
