import path from 'node:path';
import type { certificatesApi } from '../../shared/contract/api-certificates';
import { CERTIFICATE_KIND_NAMES, type CertificateTemplate } from '../../shared/certificates/template';
import { formatDateKeyVn } from '../../shared/text/format';
import { vnDateKey } from '../../shared/time/vn-time';
import { requireUser } from '../base/context';
import { AppError } from '../base/errors';
import type { BlankRenderer } from '../documents/blank-print/blank-renderer';
import type { StoredTemplate } from '../documents/blank-print/templates';
import { CertificateService } from '../services/certificates/certificate-service';
import { civilEntrySource, type CivilCertificateFields } from '../services/certificates/entry-source';
import { TemplateCatalog } from '../services/certificates/template-catalog';
import type { HandlersFor } from './handler-types';
import type { Services } from './services';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Certificates on pre-printed blanks: templates, calibration, preview, printing and the log of issued copies. */
export function createCertificateHandlers(s: Services): HandlersFor<keyof typeof certificatesApi> {
  const assets = s.assetsDir;
  const catalog = new TemplateCatalog(s.db, path.join(assets, 'blanks'));
  let renderer: Promise<BlankRenderer> | null = null;
  const loadRenderer = () => {
    // pdf-lib and fontkit load on the first certificate, not at start-up.
    renderer ??= import('../documents/blank-print/blank-renderer').then((m) => m.BlankRenderer.create({ fontDir: path.join(assets, 'fonts') }));
    renderer.catch(() => { renderer = null; });
    return renderer;
  };
  // The register's values: civil-core's certificateFields (certificateFieldsOf over entry, office, book).
  const civil = (): CivilCertificateFields | undefined => s.civilStatus;
  const service = new CertificateService({ db: s.db, driver: s.printerDriver, catalog, renderer: loadRenderer, entries: civilEntrySource(s.db, civil) });
  const now = () => s.clock.now();

  const summary = async (st: StoredTemplate) => {
    const t = st.template;
    const image: 'scan' | 'stand-in' | 'none' = (await catalog.hasScan(t)) ? 'scan' : t.blankImage ? 'stand-in' : 'none';
    return {
      kind: t.kind, kindName: CERTIFICATE_KIND_NAMES[t.kind], id: t.id, version: t.version, validFrom: t.validFrom, name: t.name, mode: t.mode,
      unverified: t.unverified, source: st.source, page: t.page, landscapeFeed: t.landscapeFeed, fields: t.fields.map((f) => ({ key: f.key, label: f.label })), image,
    };
  };
  const inForceAll = async (day: string) => {
    const all = await catalog.all();
    const out: StoredTemplate[] = [];
    for (const kind of new Set(all.map((t) => t.template.kind))) out.push(await catalog.inForce(kind, day));
    return out;
  };

  return {
    'certificates.templates': async (input) => Promise.all((await inForceAll(input.on ?? vnDateKey(now()))).map(summary)),
    'certificates.exportTemplates': async (input) => {
      const list: CertificateTemplate[] = (input.all ? await catalog.all() : await inForceAll(vnDateKey(now()))).map((t) => t.template);
      return { json: catalog.exportFile(list), fileName: `mau-giay-ho-tich-${vnDateKey(now())}.json` };
    },
    'certificates.importTemplates': async (input, ctx) => {
      const imported = await catalog.import(input.json, requireUser(ctx).id, now());
      return { imported: imported.map((t) => ({ kind: t.kind, id: t.id, version: t.version, validFrom: t.validFrom })) };
    },
    'certificates.blankImage': async (input) => {
      const { template } = await catalog.inForce(input.kind, input.on ?? now());
      const image = await catalog.blankImage(template);
      return image ? { base64: b64(image.bytes), mime: image.mime, image: image.image } : null;
    },
    'certificates.setBlankImage': async (input, ctx) => {
      const t = (await catalog.all()).find((x) => x.template.kind === input.kind && x.template.validFrom === input.validFrom);
      if (!t) throw new AppError('NOT_FOUND', `Không có mẫu ${CERTIFICATE_KIND_NAMES[input.kind]} áp dụng từ ${formatDateKeyVn(input.validFrom)}. Hãy chọn mẫu trong danh sách.`);
      await catalog.setBlankImage(t.template, input.mime, Buffer.from(input.base64, 'base64'), requireUser(ctx).id, now());
      return { ok: true as const };
    },

    'certificates.calibrations': async () => service.calibrations.list(),
    'certificates.calibration': async (input) => service.calibrations.get(input.printer),
    'certificates.setCalibration': async (input, ctx) => service.calibrations.set(input.printer, { x: input.x, y: input.y }, requireUser(ctx).id, now()),
    'certificates.calibrationPage': async (input) => {
      const r = await service.calibrationPage(input.printer, input.applyOffset, input.print, now());
      return { pdf: { base64: b64(r.bytes), fileName: 'trang-can-chinh-may-in.pdf' }, marks: r.marks, printed: r.printed };
    },

    'certificates.preview': async (input) => {
      const r = await service.preview(input.kind, { entryId: input.entryId, fields: input.fields }, input.on ? new Date(`${input.on}T12:00:00+07:00`) : now());
      return { pdf: { base64: b64(r.bytes), fileName: `${r.stored.template.id}-xem-truoc.pdf` }, template: await summary(r.stored) };
    },
    'certificates.testPrint': async (input) => service.testPrint(input.kind, input.printer, input.fields, now()),
    'certificates.print': async (input, ctx) => service.print(input, requireUser(ctx).id, now()),
    'certificates.reprintSpoiled': async (input, ctx) => service.reprintSpoiled(input, requireUser(ctx).id, now()),
    'certificates.settleInterrupted': async (input, ctx) => service.settleInterrupted(input, requireUser(ctx).id, now()),
    'certificates.issues': async (input) => service.issues(input),
  };
}
