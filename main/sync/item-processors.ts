// What sending one outbox item means, per kind. Each returns the local writes to commit together with
// marking the item done (one transaction), so "sent" and "recorded as sent" cannot drift apart locally.
import path from 'node:path';
import type { Database as Raw } from 'better-sqlite3';
import { prepared } from '../persistence/prepared';
import type { PortalConfig } from './config';
import { progressKey, toPortalDossier, toPortalProgress } from './mapping';
import {
  applyOfficialNumber, currentFileName, dossierNumbers, loadDossierBasics, loadSnapshot, loadSyncState, officeName, upsertSyncState, userName,
} from './local-state';
import { createOperationIdOf, deliveredProgressBefore, payloadOf, type OutboxItem, type OutboxStore } from './outbox';
import type { PortalClient } from './portal/client';
import { LocalItemError, PortalError } from './portal/errors';

export interface ProcessContext {
  store: OutboxStore; client: PortalClient; config: PortalConfig; filesRoot: string; now: () => Date;
  /** Upload progress of items in flight, for sync.items. */
  progress: Map<number, { sent: number; size: number }>;
}
export type Commit = (raw: Raw) => void;

export async function processItem(ctx: ProcessContext, item: OutboxItem): Promise<Commit> {
  switch (item.kind) {
    case 'file.upload': return uploadFile(ctx, item);
    case 'dossier.create': return createDossier(ctx, item);
    case 'dossier.update': return updateDossier(ctx, item);
    case 'dossier.progress': return postProgress(ctx, item);
    default: throw new LocalItemError(`Loại mục đồng bộ "${item.kind}" chưa được hỗ trợ.`);
  }
}

async function uploadFile(ctx: ProcessContext, item: OutboxItem): Promise<Commit> {
  const f = payloadOf(item, 'file.upload');
  // The number first (the contract's order: number, files, dossier), so the file goes under the official number.
  if (item.dossierId) await ensureOfficialNumber(ctx, item.dossierId);
  const numbers = item.dossierId ? await ctx.store.read((raw) => dossierNumbers(raw, item.dossierId!)) : null;
  const name = numbers ? currentFileName(f.fileName, numbers.number, numbers.former) : f.fileName;
  const state = await ctx.store.read((raw) => prepared(raw, `SELECT upload_id, portal_file_id FROM sync_file WHERE file_key = ?`).get(f.fileKey) as
    { upload_id: string | null; portal_file_id: string | null } | undefined);
  if (state?.portal_file_id) return () => undefined; // uploaded before a crash, not yet marked done
  if (!state) {
    await ctx.store.write((raw) => {
      prepared(raw, `INSERT OR IGNORE INTO sync_file (file_key, dossier_id, size, sha256, updated_at) VALUES (?, ?, ?, ?, ?)`)
        .run(f.fileKey, item.dossierId, f.size, f.sha256, ctx.now().toISOString());
    });
  }
  const full = path.resolve(ctx.filesRoot, f.relativePath);
  ctx.progress.set(item.seq, { sent: 0, size: f.size });
  try {
    const uploaded = await ctx.client.uploadFile({ path: full, size: f.size, sha256: f.sha256, name }, state?.upload_id ?? null, item.operationId, {
      onSession: (uploadId) => ctx.store.write((raw) => {
        prepared(raw, `UPDATE sync_file SET upload_id = ?, upload_offset = 0, updated_at = ? WHERE file_key = ?`).run(uploadId, ctx.now().toISOString(), f.fileKey);
      }),
      onChunk: (offset) => {
        ctx.progress.set(item.seq, { sent: offset, size: f.size });
        return ctx.store.write((raw) => {
          prepared(raw, `UPDATE sync_file SET upload_offset = ?, updated_at = ? WHERE file_key = ?`).run(offset, ctx.now().toISOString(), f.fileKey);
        });
      },
    });
    return (raw) => {
      prepared(raw, `UPDATE sync_file SET portal_file_id = ?, portal_sha256 = ?, upload_offset = size, updated_at = ? WHERE file_key = ?`)
        .run(uploaded.fileId, uploaded.sha256, ctx.now().toISOString(), f.fileKey);
    };
  } finally {
    ctx.progress.delete(item.seq);
  }
}

async function createDossier(ctx: ProcessContext, item: OutboxItem): Promise<Commit> {
  const dossierId = requireDossier(item);
  const basics = await ctx.store.read((raw) => loadDossierBasics(raw, dossierId));
  if (!basics) throw new LocalItemError('Hồ sơ không còn trong máy; không thể gửi lên hệ thống tỉnh.');
  const sync = await ctx.store.read((raw) => loadSyncState(raw, dossierId));
  if (sync.createdOnPortal) return () => undefined;
  await ensureOfficialNumber(ctx, dossierId);
  const snapshot = await ctx.store.read((raw) => loadSnapshot(raw, dossierId));
  if (!snapshot) throw new LocalItemError('Hồ sơ không còn trong máy; không thể gửi lên hệ thống tỉnh.');
  const dossier = toPortalDossier(snapshot, ctx.config);
  // A retry (the previous answer may have been lost) looks the dossier up before creating it again.
  const exists = item.attempts > 1 && (await ctx.client.lookupDossier(snapshot.number)) !== null;
  if (!exists) {
    try {
      await ctx.client.syncDossier(dossier, false, item.operationId);
    } catch (e) {
      // The contract leaves open how a portal answers a create of a dossier it already has (a repeat after a
      // lost answer): if it refuses and holds this office's dossier under the number, it is ours — update it.
      if (!(e instanceof PortalError && e.kind === 'rejected')) throw e;
      const held = await ctx.client.lookupDossier(snapshot.number);
      if (!held || held.DonViXuLy !== ctx.config.agencyCode) throw e;
      await ctx.client.syncDossier(dossier, true, `${item.operationId}:update`);
    }
  }
  return (raw) => {
    upsertSyncState(raw, dossierId, ctx.now(), { createdOnPortal: true, portalStatus: snapshot.status });
    // Without a number service the provincial system accepts ours: it is confirmed once the dossier is there.
    if (!ctx.config.issueNumbers) applyOfficialNumber(raw, dossierId, snapshot.number, ctx.now());
  };
}

async function updateDossier(ctx: ProcessContext, item: OutboxItem): Promise<Commit> {
  const dossierId = requireDossier(item);
  const snapshot = await ctx.store.read((raw) => loadSnapshot(raw, dossierId));
  if (!snapshot) throw new LocalItemError('Hồ sơ không còn trong máy; không thể gửi lên hệ thống tỉnh.');
  await ensureOnPortal(ctx, dossierId, snapshot.number);
  await ctx.client.syncDossier(toPortalDossier(snapshot, ctx.config), true, item.operationId);
  return (raw) => upsertSyncState(raw, dossierId, ctx.now(), { portalStatus: snapshot.status });
}

async function postProgress(ctx: ProcessContext, item: OutboxItem): Promise<Commit> {
  const dossierId = requireDossier(item);
  const p = payloadOf(item, 'dossier.progress');
  const { basics, user, office } = await ctx.store.read((raw) => ({ basics: loadDossierBasics(raw, dossierId), user: userName(raw, p.userId), office: officeName(raw) }));
  if (!basics) throw new LocalItemError('Hồ sơ không còn trong máy; không thể gửi lên hệ thống tỉnh.');
  await ensureOnPortal(ctx, dossierId, basics.number);
  const entry = toPortalProgress({ ...p, userName: user.name, userTitle: user.title }, basics.number, office);
  let delivered = false;
  if (item.attempts > 1) {
    // Retry: the portal may hold the entry already. It does when it has more entries with this natural
    // key than this dossier's progress items already recorded as sent (identical entries stay countable).
    const record = await ctx.client.lookupDossier(basics.number);
    const key = progressKey(entry);
    const onPortal = (record?.TienDoXuLy ?? []).filter((e) => progressKey(e) === key).length;
    const sentBefore = await ctx.store.read((raw) => countSentWithKey(raw, dossierId, item.seq, key, basics.number, office));
    delivered = onPortal > sentBefore;
  }
  if (!delivered) await ctx.client.postProgress(entry, item.operationId);
  return (raw) => upsertSyncState(raw, dossierId, ctx.now(), { portalStatus: p.toStatus });
}

function countSentWithKey(raw: Raw, dossierId: string, seq: number, key: string, number: string, office: string): number {
  return deliveredProgressBefore(raw, dossierId, seq)
    .filter((p) => progressKey(toPortalProgress({ ...p, userName: '', userTitle: '' }, number, office)) === key).length;
}

/**
 * With a number service, the dossier's official number is asked for once, before anything of the dossier
 * goes (under the receipt's operation id, so a retry after a lost answer gets the same number) and recorded
 * before it is used: after a crash the create's retry looks the dossier up under it.
 */
async function ensureOfficialNumber(ctx: ProcessContext, dossierId: string): Promise<void> {
  if (!ctx.config.issueNumbers) return;
  const { sync, basics, operationId } = await ctx.store.read((raw) => ({
    sync: loadSyncState(raw, dossierId), basics: loadDossierBasics(raw, dossierId), operationId: createOperationIdOf(raw, dossierId),
  }));
  if (!basics || !basics.provisional || sync.portalNumber || sync.createdOnPortal) return;
  const official = await ctx.client.nextNumber(`${operationId ?? `dossier:${dossierId}`}:number`);
  await ctx.store.write((raw) => applyOfficialNumber(raw, dossierId, official, ctx.now()));
}

/** Updates and progress need the dossier on the portal; normally the create went first (ordering). */
async function ensureOnPortal(ctx: ProcessContext, dossierId: string, number: string): Promise<void> {
  const sync = await ctx.store.read((raw) => loadSyncState(raw, dossierId));
  if (sync.createdOnPortal) return;
  if ((await ctx.client.lookupDossier(number)) === null) {
    throw new PortalError('rejected', `Hồ sơ ${number} chưa có trên hệ thống tỉnh (mục tạo hồ sơ chưa được gửi thành công).`);
  }
  await ctx.store.write((raw) => upsertSyncState(raw, dossierId, ctx.now(), { createdOnPortal: true }));
}

function requireDossier(item: OutboxItem): string {
  if (!item.dossierId) throw new LocalItemError('Mục đồng bộ thiếu mã hồ sơ.');
  return item.dossierId;
}
