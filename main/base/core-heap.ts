// The core's V8 heap limit, one value for every way the core is started (Electron's utility process, the
// browser shell, the tests and benchmarks that start it). Node sizes V8 from the PC's memory: on a 16–24 GB PC
// it lets the old generation grow to 4 GB and collects late, so the core sat at 230–290 MB resident with
// ~40–60 MB live (issue 12). 1 GB is what Node gives itself on a 4 GB counter PC: the same collection rhythm
// everywhere, and room for the largest job (a 20,000-entry register book, PDF and workbook). The value lives in JSON so the
// launch scripts (plain .mjs) read the same number.
//
// On Linux the core also gets glibc's malloc limited to two arenas (MALLOC_ARENA_MAX, read by glibc when the
// process starts). libvips allocates from its worker threads, and glibc gives each thread its own arena and
// keeps what they free: 100 scanned pages left the core at 266–281 MB resident, 203–222 MB with two arenas,
// the same CPU a page (scan-bench, alternating). Windows' heap has no such setting, and needs none.
import v8 from 'node:v8';
import heap from './core-heap.json';

export const CORE_MAX_OLD_SPACE_MB: number = heap.maxOldSpaceMb;

/** The flags a process running the core is started with (before V8 sizes its heap; they cannot be set later). */
export function coreNodeFlags(): string[] {
  return [`--max-old-space-size=${CORE_MAX_OLD_SPACE_MB}`];
}

export const CORE_GLIBC_MALLOC_ARENAS: number = heap.glibcMallocArenas;

/**
 * The environment a process running the core is started with: `base` (the launcher's own), plus the malloc
 * arena limit on Linux unless the person starting it set one.
 */
export function coreEnv(base: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): NodeJS.ProcessEnv {
  if (platform !== 'linux' || base.MALLOC_ARENA_MAX) return { ...base };
  return { ...base, MALLOC_ARENA_MAX: String(CORE_GLIBC_MALLOC_ARENAS) };
}

/** One log line saying the limits this process got: a shell that dropped the flags or the variable shows here. */
export function heapLimitLine(): string {
  const mb = Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20);
  const arenas = process.platform === 'linux' ? `; glibc malloc arenas ${process.env.MALLOC_ARENA_MAX || 'unlimited'}` : '';
  return `[core] V8 heap limit ${mb} MB (asked ${CORE_MAX_OLD_SPACE_MB} MB for the old generation)${arenas}`;
}
