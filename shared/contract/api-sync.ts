// Methods of the provincial sync capability (issue 4), merged into the one API table.
import { z } from 'zod';
import { LIMITS } from '../validation/limits';
import { isoInstant, multilineText } from './common';
import { ADMIN_ONLY, COUNTER, method, STAFF } from './method';

const itemState = z.enum(['pending', 'in_flight', 'done', 'needs_attention', 'resolved']);

export const syncItemSchema = z.object({
  seq: z.number().int(), kind: z.string(), kindLabel: z.string(), dossierId: z.string().nullable(), dossierNumber: z.string().nullable(),
  /** What the item carries, telling it from its neighbours: a file's name and paper, the procedure and applicant, the status change. */
  detail: z.string().nullable(),
  state: itemState, stateLabel: z.string(),
  /** Waiting behind a parked item of the same dossier. */
  blocked: z.boolean(),
  /** The parked item it waits behind (the first one of its dossier): it goes once a person handles that. */
  blockedBy: z.object({ seq: z.number().int(), kind: z.string(), kindLabel: z.string() }).nullable(),
  /** For a parked item: how many later items of its dossier wait behind it. */
  blocking: z.number().int(),
  attempts: z.number().int(), nextAttemptAt: isoInstant.nullable(),
  /** Plain Vietnamese, shown as is ("cần xử lý" items carry the provincial system's message). */
  lastError: z.string().nullable(), createdAt: isoInstant,
  upload: z.object({ sentBytes: z.number(), totalBytes: z.number() }).nullable(),
});

export const syncConfigSchema = z.object({
  enabled: z.boolean(), baseUrl: z.string(), agencyCode: z.string(), username: z.string(), dstcode: z.string(),
  issueNumbers: z.boolean(), applicantTypes: z.object({ citizen: z.number().int(), business: z.number().int() }),
  procedureCodeMap: z.record(z.string(), z.string()), sectorCodeMap: z.record(z.string(), z.string()),
  chunkSizeBytes: z.number().int(), timeoutMs: z.number().int(),
  inboundIntervalSec: z.number().int(),
  /** The password is never returned, only whether one is stored. */
  hasPassword: z.boolean(),
});

const configInput = z.object({
  enabled: z.boolean().optional(),
  baseUrl: z.string().max(300).optional(),
  agencyCode: z.string().max(40).optional(),
  username: z.string().max(120).optional(),
  password: z.string().max(200).optional(),
  dstcode: z.string().max(120).optional(),
  issueNumbers: z.boolean().optional(),
  applicantTypes: z.object({ citizen: z.number().int(), business: z.number().int() }).optional(),
  procedureCodeMap: z.record(z.string().max(40), z.string().max(40)).optional(),
  /** Sector name → the province's sector code (MaLinhVuc). */
  sectorCodeMap: z.record(z.string().max(100), z.string().max(40)).optional(),
  chunkSizeBytes: z.number().int().min(16 * 1024).max(64 * 1024 * 1024).optional(),
  timeoutMs: z.number().int().min(200).max(300_000).optional(),
  inboundIntervalSec: z.number().int().min(0).max(86_400).optional(),
});

const conflictSchema = z.object({
  id: z.number().int(), kind: z.string(), entityId: z.string(), dossierId: z.string().nullable(), message: z.string(), state: z.string(),
  local: z.unknown(), portal: z.unknown(), detectedAt: isoInstant, resolvedAt: isoInstant.nullable(), resolution: z.string().nullable(),
});

const ok = z.object({ ok: z.literal(true) });

/**
 * What a person's sync action did, in the core's words from what it saw afterwards (never assumed): 'success'
 * only when the thing really happened (the item reached the provincial system, the change was recorded here).
 */
const actionReport = z.object({
  outcome: z.enum(['sent', 'failed', 'parked', 'sending', 'offline', 'misconfigured', 'not-configured', 'disabled', 'nothing', 'done']),
  tone: z.enum(['success', 'info', 'warning', 'error']),
  message: z.string(),
});

/** The connection settings "Kiểm tra kết nối" tries: those typed in the form, the saved ones for the rest. */
const connectionInput = z.object({
  baseUrl: z.string().max(300).optional(), agencyCode: z.string().max(40).optional(), username: z.string().max(120).optional(),
  /** Empty: the saved password. */
  password: z.string().max(200).optional(), dstcode: z.string().max(120).optional(),
  timeoutMs: z.number().int().min(200).max(300_000).optional(),
});

const checkStep = z.object({
  step: z.enum(['reach', 'service', 'login', 'read']), title: z.string(),
  state: z.enum(['ok', 'failed', 'skipped']),
  /** Vietnamese: what was tried and what came back, and what to do when it failed. */
  message: z.string(),
  /** Settings at fault (config paths: baseUrl, agencyCode, username, password, dstcode, timeoutMs). */
  fields: z.array(z.string()),
});

export const syncApi = {
  /** The status bar: online/offline, what waits, what needs a person, the last successful send. */
  'sync.status': method(z.object({}), z.object({
    portalConfigured: z.boolean(),
    /**
     * From real answers of the portal's contract only: 'online' once /health and the login answered as the
     * contract says (or an item was delivered); 'checking' until then; 'misconfigured' when the address is not
     * the provincial system, the account is refused or https fails (connectionProblem says which).
     */
    connectivity: z.enum(['not-configured', 'checking', 'online', 'offline', 'paused', 'misconfigured']),
    /** The connection's problem in a few words ("Sai tài khoản đồng bộ"), or null. */
    connectionProblem: z.string().nullable(),
    /** Items that will go by themselves (now, at their retry time, or when the line is back). */
    waiting: z.number().int(),
    /** Items that cannot go until a person handles the parked item of their dossier (not counted in waiting). */
    blocked: z.number().int(),
    parked: z.number().int(), openConflicts: z.number().int(),
    lastSuccessAt: isoInstant.nullable(), lastProblem: z.string().nullable(),
  }), STAFF),
  /** The sync screen: waiting and parked items (or all, most recent first). */
  'sync.items': method(z.object({
    filter: z.enum(['open', 'parked', 'all']).default('open'), limit: z.number().int().min(1).max(1000).default(200),
  }), z.array(syncItemSchema), STAFF),
  /** "Thử lại ngay": one waiting item, or all of them (also ends an outage's wait for the next probe). */
  'sync.retryNow': method(z.object({ seq: z.number().int().optional() }), actionReport.extend({ rescheduled: z.number().int() }), STAFF),
  /** A parked item whose cause was fixed goes again, rebuilt from the current data and configuration. */
  'sync.resend': method(z.object({ seq: z.number().int() }), actionReport.extend(ok.shape), COUNTER),
  /** A parked item handled outside the app: marked as such, and later items of its dossier go on. */
  'sync.resolve': method(z.object({
    seq: z.number().int(), note: multilineText(LIMITS.handlingNote).pipe(z.string().min(3, 'Ghi rõ đã xử lý thế nào')),
  }), actionReport.extend(ok.shape), COUNTER),
  'sync.conflicts': method(z.object({ state: z.enum(['open', 'all']).default('open'), limit: z.number().int().min(1).max(500).default(100) }),
    z.array(conflictSchema), STAFF),
  'sync.resolveConflict': method(z.object({ id: z.number().int(), keep: z.enum(['local', 'portal']) }), actionReport.extend(ok.shape), COUNTER),
  'sync.getConfig': method(z.object({}), syncConfigSchema, ADMIN_ONLY),
  'sync.setConfig': method(configInput, syncConfigSchema, ADMIN_ONLY),
  /**
   * "Kiểm tra kết nối": tries the typed (or saved) address and account against the contract, step by step —
   * reach, service identity (/health), login, a harmless read (LayDanhSachNgayNghi) — saving nothing.
   */
  'sync.testConnection': method(connectionInput, z.object({ ok: z.boolean(), summary: z.string(), steps: z.array(checkStep) }), ADMIN_ONLY),
} as const;
