#!/usr/bin/env bash
# Counterpart of cups.sh: remove the test queues and stop cupsd if cups.sh started it.
# A cupsd started by anything else (systemd, a developer) is left running.
set -uo pipefail
export LANG=C LC_ALL=C

STATE_DIR="${MOTCUA_CUPS_STATE:-${TMPDIR:-/tmp}/motcua-cups}"
pid_file="$STATE_DIR/cupsd.pid"

if lpstat -r 2>/dev/null | grep -qx 'scheduler is running'; then
  for q in MotCuaPdf MotCuaDisabled MotCuaForms; do
    lpstat -p "$q" >/dev/null 2>&1 && { cancel -a "$q" 2>/dev/null; lpadmin -x "$q"; }
  done
fi

if [ -s "$pid_file" ]; then
  pid="$(cat "$pid_file")"
  # Only kill the pid if it still is a cupsd (pids are reused).
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = cupsd ]; then
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$pid_file"
fi
