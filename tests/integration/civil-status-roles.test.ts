// Who may do what with the civil-status registers, through the HTTP API as the UI calls it (issue 11): the
// officer registers; the leader views, closes a book and cancels an entry; the counter clerk views (it hands the
// certificates back) but registers nothing; the administrator sees only the schemas. Every refusal is FORBIDDEN
// with a Vietnamese message and writes nothing; the roles allowed get past the role check.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../shared/contract';
import { civilStatusApi } from '../../shared/contract/api-civil-status';
import { ROLES, type Role } from '../../shared/contract/common';
import { intake } from '../support/core-harness';
import { ADMIN, OFFICE } from '../support/fixtures';
import { apiCaller, startServer, type RunningServer } from '../support/server';

type Caller = ReturnType<typeof apiCaller>;
const PASSWORD = 'matkhau-123';
let server: RunningServer;
const callers = {} as Record<Role, Caller>;
let dossierId = '';
let entryId = '';
let bookId = '';

async function must(c: Caller, method: string, input: unknown = {}) {
  const r = await c.call(method, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.data;
}

const birth = {
  'child.fullName': 'Nguyễn Thị An', 'child.sex': 'Nữ', 'child.birthDate': '2026-03-01', 'child.birthPlace': 'Trạm Y tế xã An Phú',
  'child.ethnicity': 'Kinh', 'child.nationality': 'Việt Nam', 'declarant.fullName': 'Trần Thị Hoà Bình',
};
/** A valid input of each method, so that only the role can be the problem. */
const inputs = (): Record<keyof typeof civilStatusApi, unknown> => ({
  'civilStatus.eventTypes': {},
  'civilStatus.draft': { dossierId },
  'civilStatus.validate': { eventType: 'birth', schemaVersion: 1, fields: birth },
  'civilStatus.register': { operationId: crypto.randomUUID(), dossierId, eventType: 'birth', schemaVersion: 1, fields: birth },
  'civilStatus.get': { id: entryId },
  'civilStatus.forDossier': { dossierId },
  'civilStatus.search': { query: 'Nguyễn Thị An' },
  'civilStatus.cancel': { entryId, reason: 'Thử quyền: không được hủy.' },
  'civilStatus.books': {},
  'civilStatus.bookEntries': { bookId },
  'civilStatus.closeBook': { bookId },
  'civilStatus.bookPdf': { bookId },
  'civilStatus.bookXlsx': { bookId },
  'civilStatus.certificateFields': { entryId },
  'civilStatus.logCopies': { entryId, copies: 1 },
  'civilStatus.resultReady': { operationId: crypto.randomUUID(), entryId },
});

beforeAll(async () => {
  server = await startServer();
  const admin = apiCaller(server);
  await must(admin, 'setup.initialize', { office: OFFICE, admin: ADMIN });
  admin.setSession((await must(admin, 'auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken);
  callers.admin = admin;
  for (const role of ROLES.filter((r) => r !== 'admin')) {
    await must(admin, 'users.create', { username: `thu.${role}`, fullName: 'Người Thử Quyền', role, password: PASSWORD });
    const c = apiCaller(server);
    c.setSession((await must(c, 'auth.login', { username: `thu.${role}`, password: PASSWORD })).sessionToken);
    callers[role] = c;
  }
  const version = (await must(callers.clerk, 'procedures.search', { query: '1.001193' })).find((p: { code: string }) => p.code === '1.001193').id;
  dossierId = (await must(callers.clerk, 'dossiers.receive', intake(version, { fee: { eventDate: '2026-03-01' } }))).dossier.id;
  const entry = (await must(callers.officer, 'civilStatus.register', inputs()['civilStatus.register'])).entry;
  entryId = entry.id;
  bookId = entry.bookId;
}, 180_000);
afterAll(async () => { await server?.stop(); });

describe('civil-status methods over HTTP', () => {
  it('gives the roles the office decided', () => {
    const access = Object.fromEntries(Object.keys(civilStatusApi).map((m) => [m, api[m as keyof typeof api].access]));
    expect(access['civilStatus.register']).toEqual(['officer']);
    expect(access['civilStatus.resultReady']).toEqual(['officer']);
    expect(access['civilStatus.cancel']).toEqual(['officer', 'leader']);
    expect(access['civilStatus.closeBook']).toEqual(['officer', 'leader']);
    expect(access['civilStatus.bookPdf']).toEqual(['clerk', 'officer', 'leader']);
    expect(access['civilStatus.eventTypes']).toContain('admin');
  });

  it.each(Object.keys(civilStatusApi))('%s is refused to every other role, in Vietnamese, and writes nothing', async (method) => {
    const allowed = api[method as keyof typeof api].access as readonly Role[];
    const before = await must(callers.leader, 'civilStatus.bookEntries', { bookId });
    for (const role of ROLES.filter((r) => !allowed.includes(r))) {
      const r = await callers[role].call(method, inputs()[method as keyof typeof civilStatusApi]);
      expect(r.ok, `${role} was allowed ${method}`).toBe(false);
      expect(r.error!.code).toBe('FORBIDDEN');
      expect(r.error!.message).toMatch(/[ạ-ỹđ]/);
    }
    const after = await must(callers.leader, 'civilStatus.bookEntries', { bookId });
    expect(after.total).toBe(before.total);
    expect(after.entries.map((e: { state: string }) => e.state)).toEqual(before.entries.map((e: { state: string }) => e.state));
  });

  it('lets the clerk read an entry, its certificate values and the register, but not register one', async () => {
    expect((await must(callers.clerk, 'civilStatus.get', { id: entryId })).fields['child.fullName']).toBe('Nguyễn Thị An');
    expect((await must(callers.clerk, 'civilStatus.certificateFields', { entryId })).values['registration.book']).toMatch(/^01\/\d{4}$/);
    expect((await must(callers.clerk, 'civilStatus.bookXlsx', { bookId })).fileName).toMatch(/\.xlsx$/);
    expect((await callers.clerk.call('civilStatus.register', inputs()['civilStatus.register'])).error!.code).toBe('FORBIDDEN');
  });
});
