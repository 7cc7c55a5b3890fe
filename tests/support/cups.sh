#!/usr/bin/env bash
# Prepare a local CUPS with two test queues for tests/devices/printing (runs as root; idempotent).
#   MotCuaPdf      file:///var/tmp/motcua-print/out.pdf, Generic PDF PPD (keeps text, honours -n and media)
#   MotCuaDisabled same kind of queue, stopped with cupsdisable (accepts jobs, never prints them)
#   MotCuaForms    like MotCuaPdf, into forms.pdf: the core's printing tests, apart from the driver's and the e2e's
# Prints "MotCuaPdf", "MotCuaDisabled" and "MotCuaForms" on stdout, one per line. Diagnostics go to stderr.
# Stop a cupsd started here with tests/support/cups-stop.sh.
set -euo pipefail
export LANG=C LC_ALL=C

STATE_DIR="${MOTCUA_CUPS_STATE:-${TMPDIR:-/tmp}/motcua-cups}"
OUT_DIR=/var/tmp/motcua-print
PPD=lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd
FILES_CONF=/etc/cups/cups-files.conf

die() { echo "cups.sh: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (lpadmin and cupsd need it)"
for bin in cupsd lpadmin lpstat cancel cupsenable cupsdisable cupsaccept; do
  command -v "$bin" >/dev/null || die "'$bin' missing: apt-get install -y cups cups-client cups-filters"
done
mkdir -p "$STATE_DIR"

scheduler_running() { lpstat -r 2>/dev/null | grep -qx 'scheduler is running'; }

# file: URIs other than /dev/null are refused unless FileDevice is on.
config_changed=no
if ! grep -Eq '^[[:space:]]*FileDevice[[:space:]]+Yes' "$FILES_CONF"; then
  sed -i -E '/^[[:space:]]*FileDevice[[:space:]]/d' "$FILES_CONF"
  echo 'FileDevice Yes' >> "$FILES_CONF"
  config_changed=yes
fi

if scheduler_running; then
  if [ "$config_changed" = yes ]; then
    # cups-files.conf is only read at start-up: a running cupsd must be restarted, not signalled.
    pid_file="$STATE_DIR/cupsd.pid"
    [ -s "$pid_file" ] || die "cupsd is running without FileDevice Yes and was not started by this script; restart it"
    kill "$(cat "$pid_file")"
    for _ in $(seq 50); do scheduler_running || break; sleep 0.1; done
  fi
fi

if ! scheduler_running; then
  mkdir -p /run/cups /var/spool/cups/tmp /var/log/cups
  cupsd -t >/dev/null 2>"$STATE_DIR/cupsd-test.log" || die "invalid CUPS configuration: $(cat "$STATE_DIR/cupsd-test.log")"
  nohup cupsd -f >"$STATE_DIR/cupsd.log" 2>&1 &
  echo $! > "$STATE_DIR/cupsd.pid"
  for _ in $(seq 100); do scheduler_running && break; sleep 0.1; done
  scheduler_running || die "cupsd did not start within 10 s; see $STATE_DIR/cupsd.log and /var/log/cups/error_log"
fi

# cupsd (root) creates the output file itself, but the filters run as the unprivileged 'lp' user:
# give the folder to lp so either side can write there.
mkdir -p "$OUT_DIR"
chown lp:lp "$OUT_DIR"
chmod 0775 "$OUT_DIR"

ensure_queue() { # name uri
  # lpadmin warns that PPD drivers are deprecated on every call: expected here, so keep stderr quiet.
  lpadmin -p "$1" -v "$2" -m "$PPD" -D "Một Cửa test queue $1" -o printer-error-policy=abort-job 2>"$STATE_DIR/lpadmin.log" \
    || die "lpadmin failed for $1: $(cat "$STATE_DIR/lpadmin.log")"
  cancel -a "$1" 2>/dev/null || true   # jobs left over from an earlier run
  cupsaccept "$1"
}

ensure_queue MotCuaPdf "file://$OUT_DIR/out.pdf"
cupsenable MotCuaPdf
ensure_queue MotCuaDisabled "file://$OUT_DIR/disabled.pdf"
cupsdisable -r 'Tắt để thử lỗi' MotCuaDisabled
ensure_queue MotCuaForms "file://$OUT_DIR/forms.pdf"
cupsenable MotCuaForms

echo MotCuaPdf
echo MotCuaDisabled
echo MotCuaForms
