#!/usr/bin/env bash
# Low-spec profile of the benchmarks (issue 12 target 5): each benchmark as on an old counter PC — one core
# and 1 GB of memory — to show that nothing falls over and what slows. Run: npm run bench:lowspec
#   one core:  taskset -c 0 (the benchmark and every process it starts: core, Chromium, portal)
#   1 GB:      prlimit --data=1G (RLIMIT_DATA: the private writable memory a process may map, per process,
#              inherited by its children). A total for the process tree needs a memory cgroup
#              (systemd-run --scope -p MemoryMax=1G where systemd is PID 1; not on this test machine);
#              prlimit --as=1G is no substitute: V8 reserves more address space than that and Node will not start.
# Environment: LOWSPEC_ONLY=intake|form|scan|ocr (one part), INTAKE_DATA=DIR (a database intake-bench kept with
# --keep: skips loading 200,000 dossiers), INTAKE_ARGS (more options, e.g. "--saves 100"), LOWSPEC_ROUNDS
# (form rounds, default 4).
set -u
cd "$(dirname "$0")/../.."
LIMIT=(taskset -c 0 prlimit --data=1073741824 --)
ONLY="${LOWSPEC_ONLY:-}"
status=0
run() {
  echo "== $* (one core, 1 GB data limit; load average $(cut -d' ' -f1-3 /proc/loadavg))"
  "${LIMIT[@]}" "$@" || { echo "!! failed with status $?: $*"; status=1; }
}

if [ -z "$ONLY" ] || [ "$ONLY" = form ]; then
  run node --import tsx tests/bench/form01-bench.ts --rounds "${LOWSPEC_ROUNDS:-4}" --docs 10
fi
if [ -z "$ONLY" ] || [ "$ONLY" = intake ]; then
  # --ram-gb 1: the core's V8 heap limit as Node sets it on a 1 GB PC (prlimit does not change what Node reads
  # as the machine's memory, so without it the core would size its heap for this 24 GB machine).
  run node --import tsx tests/bench/intake-bench.ts --only main --ram-gb 1 ${INTAKE_DATA:+--data "$INTAKE_DATA"} ${INTAKE_ARGS:-}
fi
# Scanning and OCR: on one core os.availableParallelism() is 1, so the scan job processes one page at a time
# with one libvips thread. LOWSPEC_SCAN_ARGS: scan-bench options (default 100 pages, 2 rounds, all sets).
if [ -z "$ONLY" ] || [ "$ONLY" = scan ]; then
  run node --import tsx tests/bench/scan-bench.ts ${LOWSPEC_SCAN_ARGS:---pages 100 --rounds 2}
fi
if [ -z "$ONLY" ] || [ "$ONLY" = ocr ]; then
  run node --import tsx tests/bench/ocr-bench.ts --pages 4 --rounds 1
fi
exit $status
