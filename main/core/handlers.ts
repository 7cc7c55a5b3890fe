import { vnDateKey } from '../../shared/time/vn-time';
import { AppError } from '../base/errors';
import { requireUser } from '../base/context';
import type { HandlerTable } from './handler-types';
import type { Services } from './services';
import { createDossierHandlers } from './handlers-dossier';
import { createFormsHandlers } from './handlers-forms';
import { createCivilStatusHandlers } from './handlers-civil-status';
import { createCertificateHandlers } from './handlers-certificates';
import { createScanningHandlers } from './handlers-scanning';
import { createScanningAdminHandlers } from './handlers-scanning-admin';
import { createSyncHandlers } from './handlers-sync';
import { createNotifyHandlers } from './handlers-notify';
import { createIndicatorHandlers } from './handlers-indicators';
import { createFeesHandlers } from './handlers-fees';
import { createUserAdminHandlers } from './handlers-users';
import { createWorkflowHandlers } from './handlers-workflow';


/** The one handler table, served unchanged over Electron IPC and over HTTP on 127.0.0.1. */
export function createHandlers(s: Services): HandlerTable {
  const now = () => s.clock.now();
  const office = async () => {
    const o = await s.office.get();
    if (!o) throw new AppError('SETUP_REQUIRED', 'Chưa thiết lập thông tin cơ quan. Hãy hoàn tất bước thiết lập ban đầu.');
    return o;
  };

  return {
    'app.info': async (_i, ctx) => {
      const o = await s.office.get();
      return { setupRequired: o === null, version: s.version, now: now().toISOString(), office: o, shell: ctx.shell, dataIntegrity: s.db.integrityState };
    },
    'setup.initialize': async (input) => {
      if (await s.office.get()) throw new AppError('CONFLICT', 'Ứng dụng đã được thiết lập; hãy đăng nhập bằng tài khoản quản trị.');
      await s.db.write(async (em) => {
        // The office's own checks name its fields; here they sit under 'office.' as in the input.
        await s.office.save(em, input.office, null, now()).catch((e: unknown) => {
          throw e instanceof AppError && e.fields ? new AppError(e.code, e.message, e.fields.map((f) => ({ ...f, field: `office.${f.field}` }))) : e;
        });
        await s.auth.createUser(em, { ...input.admin, role: 'admin' }, null, now());
      });
      return { ok: true as const };
    },
    'auth.login': async (input, ctx) => s.auth.login(input.username, input.password, now(), ctx.client ?? ctx.shell),
    'auth.logout': async (_i, ctx) => {
      if (ctx.token) s.auth.logout(ctx.token);
      return { ok: true as const };
    },
    'auth.me': async (_i, ctx) => requireUser(ctx),

    'office.get': async () => office(),
    'office.update': async (input, ctx) => {
      await s.db.write((em) => s.office.save(em, input, requireUser(ctx).id, now()));
      return office();
    },

    'users.list': async () => s.auth.list(),
    'users.create': async (input, ctx) => s.db.write((em) => s.auth.createUser(em, input, requireUser(ctx).id, now())),

    'procedures.search': async (input) => s.catalogue.search(input.query, input.on ?? vnDateKey(now()), input.limit),
    'procedures.history': async (input) => s.catalogue.history(input.code),
    'procedures.createVersion': async (input, ctx) => s.catalogue.createVersion(input, requireUser(ctx).id, now()),

    'dossiers.previewDue': async (input) => {
      const version = await s.catalogue.getVersion(input.procedureVersionId);
      const r = await s.dossiers.previewDue(version, await office(), input.receivedAt ? new Date(input.receivedAt) : now());
      return { dueAt: r.dueAt.toISOString(), effectiveReceivedAt: r.effectiveReceivedAt.toISOString(), durationText: r.durationText };
    },
    'dossiers.receive': async (input, ctx) => {
      const r = await s.dossiers.receive(input, await office(), requireUser(ctx), now());
      const document = r.dossier.documents.find((d) => d.id === r.documentId)!;
      return { dossier: r.dossier, document, warnings: r.warnings };
    },
    'dossiers.list': async (input) => s.dossiers.list(input.query, input.day, input.limit),
    'dossiers.get': async (input) => s.dossiers.get(input.id),

    'documents.content': async (input) => {
      const row = await s.documents.get(input.id);
      return { base64: s.documents.content(row).toString('base64'), kind: row.kind as 'form01', fileName: row.path.split('/').pop()! };
    },

    'printing.listPrinters': async () => s.printing.listPrinters(),
    'printing.print': async (input, ctx) => s.printing.print(input.documentId, { copies: input.copies, printer: input.printer || undefined }, requireUser(ctx).id, now),
    'printing.getSettings': async () => s.settings.get<Record<string, string>>('printers', {}),
    'printing.setSettings': async (input, ctx) => {
      await s.settings.set('printers', input, requireUser(ctx).id, now());
      return input;
    },

    'calendar.holidays': async (input) => (await s.calendar.get()).holidays(input.year),
    'calendar.overrides': async (input) => s.calendar.overrides(input.year),
    'calendar.problems': async () => s.calendar.problems(),
    'calendar.setOverride': async (input, ctx) => {
      await s.calendar.setOverride(input, requireUser(ctx).id, now());
      return { ok: true as const };
    },
    'calendar.removeOverride': async (input, ctx) => {
      await s.calendar.removeOverride(input.date, requireUser(ctx).id, now());
      return { ok: true as const };
    },

    ...createScanningHandlers(s),
    ...createScanningAdminHandlers(s),
    ...createSyncHandlers(s),
    ...createDossierHandlers(s),
    ...createUserAdminHandlers(s),
    ...createWorkflowHandlers(s),
    ...createNotifyHandlers(s),
    ...createIndicatorHandlers(s),
    ...createFormsHandlers(s),
    ...createCivilStatusHandlers(s),
    ...createCertificateHandlers(s),
    ...createFeesHandlers(s),
  };
}
