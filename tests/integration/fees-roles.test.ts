// Every fees method is refused over HTTP (the browser shell, as the UI calls it) to a role the contract does
// not give it — not only hidden in the UI — in Vietnamese, and the refusal changes nothing: a clerk does not
// close the day or let a dossier go unpaid, a leader does not collect, only the administrator edits the settings.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../shared/contract/api';
import { feesApi } from '../../shared/contract/api-fees';
import { ROLES, type Role } from '../../shared/contract/common';
import { intake } from '../support/core-harness';
import { ADMIN, OFFICE } from '../support/fixtures';
import { apiCaller, startServer, type RunningServer } from '../support/server';

type Caller = ReturnType<typeof apiCaller>;
const PASSWORD = 'matkhau-123';
let server: RunningServer;
const callers = {} as Record<Role, Caller>;
let dossierId = '';
let receiptId = '';

async function must(c: Caller, method: string, input: unknown = {}) {
  const r = await c.call(method, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.data;
}

beforeAll(async () => {
  server = await startServer();
  const admin = apiCaller(server);
  expect((await admin.call('setup.initialize', { office: OFFICE, admin: ADMIN })).ok).toBe(true);
  admin.setSession((await must(admin, 'auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken);
  callers.admin = admin;
  for (const role of ROLES.filter((r) => r !== 'admin')) {
    await must(admin, 'users.create', { username: `u-${role}`, fullName: `Người ${role}`, role, password: PASSWORD });
    const c = apiCaller(server);
    c.setSession((await must(c, 'auth.login', { username: `u-${role}`, password: PASSWORD })).sessionToken);
    callers[role] = c;
  }
  await must(admin, 'fees.setSettings', {
    bank: { bin: '970436', account: '0071000123456', accountName: '' }, exemptions: [],
    templates: [{ id: 'bl', formSymbol: '01BLP0-001', seriesPattern: 'AA/{yy}P', paper: 'a5', active: true }],
    printers: { a5: '', thermal: '' }, eReceiptProvider: 'local',
  });
  const version = (await must(admin, 'procedures.search', { query: 'tình trạng hôn nhân' }))[0].id;
  dossierId = (await must(callers.clerk, 'dossiers.receive', intake(version))).dossier.id;
  receiptId = (await must(callers.clerk, 'fees.collect', { operationId: crypto.randomUUID(), dossierId, method: 'cash' })).receipt.id;
}, 180_000);
afterAll(async () => { await server?.stop(); });

const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
/** A valid input of each method, so that only the role can be the reason for a refusal. */
const inputs = (): Record<keyof typeof feesApi, unknown> => ({
  'fees.getSettings': {},
  'fees.setSettings': { bank: { bin: '', account: '', accountName: '' }, exemptions: [], templates: [], printers: { a5: '', thermal: '' }, eReceiptProvider: 'local' },
  'fees.dossier': { dossierId },
  'fees.paymentQr': { dossierId },
  'fees.collect': { operationId: crypto.randomUUID(), dossierId, method: 'cash' },
  'fees.cancelReceipt': { receiptId, reason: 'Thử quyền hủy biên lai' },
  'fees.receiptFile': { receiptId },
  'fees.printReceipt': { receiptId },
  'fees.dayReport': { day: today },
  'fees.dayReportFile': { day: today, format: 'xlsx' },
  'fees.closeDay': { day: today },
  'fees.overrideReturn': { dossierId, reason: 'Thử quyền cho phép trả' },
});

describe('fees methods over HTTP, per role', () => {
  it('the contract gives each method the roles the work needs', () => {
    const access = (m: keyof typeof feesApi) => api[m].access;
    expect(access('fees.setSettings')).toEqual(['admin']);
    expect(access('fees.closeDay')).toEqual(['leader', 'admin']);
    expect(access('fees.overrideReturn')).toEqual(['leader', 'admin']);
    expect(access('fees.collect')).not.toContain('leader');
  });

  it('refuses each method to every role without the right, in Vietnamese, changing nothing', async () => {
    const before = await must(callers.admin, 'fees.dayReport', { day: today });
    const settings = await must(callers.admin, 'fees.getSettings');
    let refusals = 0;
    for (const method of Object.keys(feesApi) as (keyof typeof feesApi)[]) {
      const allowed = api[method].access as readonly Role[];
      for (const role of ROLES.filter((r) => !allowed.includes(r))) {
        const r = await callers[role].call(method, inputs()[method]);
        expect(r.ok, `${role} ${method}`).toBe(false);
        expect(r.error!.code).toBe('FORBIDDEN');
        expect(r.error!.message).toMatch(/[àáảãạăâđêôơưÀ-ỹ]/);
        refusals++;
      }
    }
    expect(refusals).toBeGreaterThanOrEqual(6);
    expect(await must(callers.admin, 'fees.dayReport', { day: today })).toEqual(before);
    expect(await must(callers.admin, 'fees.getSettings')).toEqual(settings);
  });
});
