import { describe, expect, it } from 'vitest';
import { classifyCupsError, parseLpRequestId, parseLpstat } from '../../../main/devices/printing/cups-parse';

// Captured with LANG=C from CUPS 2.4 (Debian) on this project's test queues.
const LONG_TAIL = [
  '\tForm mounted:',
  '\tContent types: any',
  '\tPrinter types: unknown',
  '\tDescription: DESC',
  '\tAlerts: ALERTS',
  '\tLocation: ',
  '\tConnection: direct',
  '\tInterface: /etc/cups/ppd/NAME.ppd',
  '\tOn fault: no alert',
  '\tAfter fault: continue',
  '\tUsers allowed:',
  '\t\t(all)',
  '\tForms allowed:',
  '\t\t(none)',
  '\tBanner required',
  '\tCharset sets:',
  '\t\t(none)',
  '\tDefault pitch:',
  '\tDefault page size:',
  '\tDefault port settings:',
];
const tail = (name: string, desc: string, alerts: string) =>
  LONG_TAIL.map((l) => l.replace('DESC', desc).replace('ALERTS', alerts).replace('NAME', name)).join('\n');

// `lpstat -d -l -p` while MotCuaPdf was printing a 900-page job.
const WHILE_PRINTING = [
  'no system default destination',
  'printer MotCuaDisabled disabled since Sat Nov 28 15:19:01 2026 -',
  '\tTắt để thử lỗi',
  tail('MotCuaDisabled', 'Một Cửa test queue MotCuaDisabled', 'paused'),
  'printer MotCuaPdf now printing MotCuaPdf-6.  enabled since Sat Nov 28 15:19:49 2026',
  tail('MotCuaPdf', 'Một Cửa test queue MotCuaPdf', 'none'),
].join('\n');

// `lpstat -d -p` (short form) during the same job: the filter's warning shows as the state message.
const SHORT_PRINTING = [
  'system default destination: MotCuaPdf',
  'printer MotCuaPdf now printing MotCuaPdf-5.  enabled since Sat Nov 28 15:19:42 2026',
  '\t/var/spool/cups/d00005-001: reported number of objects (2102) is not one plus the highest object number (3901)',
].join('\n');

// `lpstat -d -l -p -a` (long blocks trimmed to Description) with MotCuaDisabled also rejecting jobs.
const WITH_ACCEPTING = [
  'no system default destination',
  'printer MotCuaDisabled disabled since Sat Nov 28 15:19:01 2026 -',
  '\thết giấy',
  '\tDescription: Một Cửa test queue MotCuaDisabled',
  'printer MotCuaPdf is idle.  enabled since Sat Nov 28 15:20:11 2026',
  '\tDescription: Một Cửa test queue MotCuaPdf',
  'MotCuaDisabled not accepting requests since Sat Nov 28 15:19:01 2026 -',
  '\thết giấy',
  'MotCuaPdf accepting requests since Sat Nov 28 15:20:11 2026',
].join('\n');

describe('parseLpstat', () => {
  it('reads states, state messages and descriptions from the long form', () => {
    const snap = parseLpstat(WHILE_PRINTING);
    expect(snap.defaultName).toBeUndefined();
    expect(snap.printers).toEqual([
      {
        name: 'MotCuaDisabled',
        description: 'Một Cửa test queue MotCuaDisabled',
        isDefault: false,
        state: 'disabled',
        stateMessage: 'Tắt để thử lỗi',
      },
      { name: 'MotCuaPdf', description: 'Một Cửa test queue MotCuaPdf', isDefault: false, state: 'printing' },
    ]);
  });

  it('marks the default destination and keeps short-form messages', () => {
    const snap = parseLpstat(SHORT_PRINTING);
    expect(snap.defaultName).toBe('MotCuaPdf');
    expect(snap.printers).toHaveLength(1);
    expect(snap.printers[0]).toMatchObject({ name: 'MotCuaPdf', isDefault: true, state: 'printing' });
    expect(snap.printers[0].stateMessage).toMatch(/reported number of objects/);
  });

  it('treats a queue that rejects jobs as disabled and ignores the -a reason lines as printer data', () => {
    const snap = parseLpstat(WITH_ACCEPTING);
    const byName = Object.fromEntries(snap.printers.map((p) => [p.name, p]));
    expect(byName.MotCuaDisabled).toMatchObject({ state: 'disabled', stateMessage: 'hết giấy' });
    expect(byName.MotCuaPdf).toEqual({ name: 'MotCuaPdf', description: 'Một Cửa test queue MotCuaPdf', isDefault: false, state: 'idle' });
  });

  it('rejects an idle-but-not-accepting queue with the -a reason as its message', () => {
    const text = [
      'printer Counter1 is idle.  enabled since Sat Nov 28 15:20:11 2026',
      'Counter1 not accepting requests since Sat Nov 28 15:20:11 2026 -',
      '\ttest reject',
    ].join('\n');
    expect(parseLpstat(text).printers).toEqual([{ name: 'Counter1', isDefault: false, state: 'disabled', stateMessage: 'test reject' }]);
  });

  it("drops lpstat's 'reason unknown' filler and copes with CRLF and blank output", () => {
    const text = 'printer Q disabled since Sat Nov 28 15:19:01 2026 -\r\n\treason unknown\r\n';
    expect(parseLpstat(text).printers).toEqual([{ name: 'Q', isDefault: false, state: 'disabled' }]);
    expect(parseLpstat('')).toEqual({ printers: [] });
    expect(parseLpstat('no system default destination\n')).toEqual({ printers: [] });
  });
});

describe('parseLpRequestId', () => {
  it('reads the job id from lp', () => {
    expect(parseLpRequestId('request id is MotCuaPdf-1 (1 file(s))\n')).toBe('MotCuaPdf-1');
    expect(parseLpRequestId('')).toBeUndefined();
  });
});

describe('classifyCupsError', () => {
  it.each([
    ['lpstat: Scheduler is not running.', 'scheduler-down'],
    ['lp: Error - The printer or class does not exist.', 'not-found'],
    ['lpstat: Invalid destination name in list "NoSuch".', 'not-found'],
    ['lp: Destination "MotCuaPdf" is not accepting jobs.', 'not-accepting'],
    ['lp: Error - No default destination.', 'no-default'],
    ['lp: Error - unable to access "/nonexist.pdf" - No such file or directory', 'file-unreadable'],
    ['lpstat: No destinations added.', 'no-destinations'],
  ] as const)('%s → %s', (text, kind) => {
    expect(classifyCupsError(text)).toBe(kind);
  });

  it('returns undefined for wording it does not know', () => {
    expect(classifyCupsError('lp: Error - something new')).toBeUndefined();
  });
});
