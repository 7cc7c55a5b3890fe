// Runs exactly the documented commands: npm run --silent cli -- words | date-words | vietqr.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseVietQr } from '../../shared/fees/vietqr';
import { ROOT } from '../support/server';

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'America/Los_Angeles' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
function ok(...args: string[]): { out: unknown; stderr: string } {
  const r = run(...args);
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { out: JSON.parse(r.stdout), stderr: r.stderr };
}
function refused(args: string[], message: RegExp): void {
  const r = run(...args);
  expect(r.status, args.join(' ')).toBe(2);
  expect(r.stdout, args.join(' ')).toBe('');
  expect(JSON.parse(r.stderr).error, args.join(' ')).toMatch(message);
}

describe('npm run cli -- words', () => {
  it('prints the amount as the receipt does, with or without dot grouping', () => {
    expect(ok('words', '15000').out).toEqual({ words: 'Mười lăm nghìn đồng' });
    expect(ok('words', '1.005.000').out).toEqual({ words: 'Một triệu không trăm linh năm nghìn đồng' });
    expect(ok('words', '0').out).toEqual({ words: 'Không đồng' });
  });
  it('refuses negatives, fractions, too large and missing amounts in Vietnamese with exit code 2', () => {
    refused(['words', '-5'], /không được âm/);
    refused(['words', '15000,5'], /số nguyên đồng/);
    refused(['words', '1000000000000'], /quá lớn/);
    refused(['words'], /^Cú pháp: words/);
  });
});

describe('npm run cli -- date-words', () => {
  it('prints the date as the certificate writes it', () => {
    expect(ok('date-words', '2026-03-15').out).toEqual({ words: 'ngày mười lăm tháng ba năm hai nghìn không trăm hai mươi sáu' });
    expect(ok('date-words', '2001-04-01').out).toEqual({ words: 'ngày một tháng tư năm hai nghìn không trăm linh một' });
  });
  it('refuses a day that does not exist and a wrong format', () => {
    refused(['date-words', '2026-02-29'], /không có ngày 29/);
    refused(['date-words', '15/03/2026'], /YYYY-MM-DD/);
  });
});

describe('npm run cli -- vietqr', () => {
  it('reproduces the published example (fees.md)', () => {
    expect(ok('vietqr', '--bin', '970415', '--account', '0011001932418', '--amount', '120000', '--content', 'ung ho lu lut').out).toEqual({
      payload: '00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C',
    });
  });
  it('without --amount: a static code; long Vietnamese content folded and cut with a warning', () => {
    const { out, stderr } = ok('vietqr', '--bin', '970436', '--account', '0071000123456', '--content', 'Lệ phí xác nhận tình trạng hôn nhân');
    const parsed = parseVietQr((out as { payload: string }).payload);
    expect(parsed).toMatchObject({ initiation: 'static', amount: undefined, bin: '970436', content: 'Le phi xac nhan tinh tran' });
    expect(JSON.parse(stderr.trim())).toEqual({ warning: expect.stringContaining('"g hon nhan"') });
  });
  it('refuses bad bank details and amounts in Vietnamese with exit code 2', () => {
    refused(['vietqr', '--bin', '97041', '--account', '0011001932418'], /BIN.*6 chữ số/);
    refused(['vietqr', '--bin', '970415', '--account', '0011-0019'], /Số tài khoản/);
    refused(['vietqr', '--bin', '970415', '--account', '1', '--amount', '0'], /Số tiền/);
    refused(['vietqr', '--bin', '970415', '--account', '1', '--amount', 'abc'], /--amount/);
    refused(['vietqr', '--account', '1'], /^Cú pháp: vietqr/);
  });
});
