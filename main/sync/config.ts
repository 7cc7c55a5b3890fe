import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../base/atomic-write';
import { z } from 'zod';

/**
 * Connection to the provincial one-stop system. Everything vendor-specific lives here or in the adapter
 * (main/sync/portal): endpoints, agency code, how applicant types are numbered, procedure code mapping.
 * Secrets are not part of it: they go through a CredentialStore.
 */
export const portalConfigSchema = z.object({
  enabled: z.boolean().default(false),
  /** e.g. https://motcua.<tinh>.gov.vn/dvc — the reference portal serves the same paths on loopback. */
  baseUrl: z.string().max(300).default(''),
  /** madonvi: the office's code in the provincial system. */
  agencyCode: z.string().max(40).default(''),
  username: z.string().max(120).default(''),
  /** Value of the `dstcode` header some vendors require on login. */
  dstcode: z.string().max(120).default(''),
  /** The provincial system issues official dossier numbers (GetNextValue). */
  issueNumbers: z.boolean().default(true),
  /** LoaiDoiTuong numbering differs between vendors (0/1/2 or 1/2). */
  applicantTypes: z.object({ citizen: z.number().int(), business: z.number().int() }).default({ citizen: 1, business: 2 }),
  /** Local procedure code → the province's code, where the two catalogues differ. */
  procedureCodeMap: z.record(z.string(), z.string()).default({}),
  /**
   * Sector name (TenLinhVuc, as the catalogue writes it) → the sector's code in the province's catalogue
   * (MaLinhVuc). Takes precedence over the code the catalogue carries; without either no code is sent.
   */
  sectorCodeMap: z.record(z.string(), z.string()).default({}),
  chunkSizeBytes: z.number().int().min(16 * 1024).max(64 * 1024 * 1024).default(1024 * 1024),
  timeoutMs: z.number().int().min(200).max(300_000).default(30_000),
  /** How often catalogue, holidays and dossiers changed elsewhere are pulled. 0 = never. */
  inboundIntervalSec: z.number().int().min(0).max(86_400).default(300),
});
export type PortalConfig = z.infer<typeof portalConfigSchema>;
export const DEFAULT_PORTAL_CONFIG: PortalConfig = portalConfigSchema.parse({});

export const isConfigured = (c: PortalConfig, hasPassword: boolean) =>
  c.enabled && !!c.baseUrl && !!c.agencyCode && !!c.username && hasPassword;

export interface PortalCredentials { password: string }

/**
 * Where the portal password is kept. The browser shell uses a 0600 file in the data folder
 * (FileCredentialStore); the Electron shell plugs in an implementation over safeStorage (main/electron).
 */
export interface CredentialStore {
  get(): Promise<PortalCredentials | null>;
  set(credentials: PortalCredentials): Promise<void>;
  clear(): Promise<void>;
}

/**
 * Encrypts secrets with the operating system's protection. The Electron shell provides one over
 * safeStorage (DPAPI on Windows), reached from the core's utility process through its parent port.
 */
export interface SecretCipher {
  encrypt(plain: string): Promise<Buffer>;
  decrypt(data: Buffer): Promise<string>;
}

/**
 * A JSON file readable only by the user running the app (mode 0600), written atomically; with a cipher
 * the password is stored encrypted (`{ "encrypted": "<base64>" }`), never in clear.
 */
export class FileCredentialStore implements CredentialStore {
  constructor(readonly file: string, private readonly cipher?: SecretCipher) {}

  async get(): Promise<PortalCredentials | null> {
    let parsed: { password?: unknown; encrypted?: unknown };
    try {
      parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as typeof parsed;
    } catch {
      return null;
    }
    if (typeof parsed.encrypted === 'string') {
      if (!this.cipher) return null; // written by the Electron shell: only it can read it back
      return { password: await this.cipher.decrypt(Buffer.from(parsed.encrypted, 'base64')) };
    }
    return typeof parsed.password === 'string' ? { password: parsed.password } : null;
  }

  async set(credentials: PortalCredentials): Promise<void> {
    const body = this.cipher
      ? JSON.stringify({ encrypted: (await this.cipher.encrypt(credentials.password)).toString('base64') })
      : JSON.stringify(credentials);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileAtomicSync(this.file, body, { mode: 0o600 });
  }

  async clear(): Promise<void> {
    fs.rmSync(this.file, { force: true });
  }
}

export const credentialFile = (dataDir: string) => path.join(dataDir, 'sync-credentials.json');
