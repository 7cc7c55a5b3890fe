// The e-mail password and the SMS gateway's key: kept out of the settings table (which is audited with its
// values), in the same kind of protected file as the portal's password — encrypted by the OS where the shell
// provides a cipher (Electron's safeStorage), else a file only the user can read.
import path from 'node:path';

export const notifyCredentialFile = (dataDir: string) => path.join(dataDir, 'notify-credentials.json');

/** What a credential file keeps (main/sync/config.ts FileCredentialStore has this shape). */
export interface SecretFile {
  get(): Promise<{ password: string } | null>;
  set(value: { password: string }): Promise<void>;
}

export interface NotifySecretValues { emailPassword?: string; smsKey?: string }

export class NotifySecrets {
  constructor(private readonly file: SecretFile) {}

  async get(): Promise<NotifySecretValues> {
    const stored = await this.file.get();
    if (!stored) return {};
    try {
      const v = JSON.parse(stored.password) as NotifySecretValues;
      return { emailPassword: typeof v.emailPassword === 'string' ? v.emailPassword : undefined, smsKey: typeof v.smsKey === 'string' ? v.smsKey : undefined };
    } catch {
      return {};
    }
  }

  /** A value left undefined stays as stored; '' removes it. */
  async update(change: NotifySecretValues): Promise<NotifySecretValues> {
    const next = { ...(await this.get()) };
    for (const key of ['emailPassword', 'smsKey'] as const) {
      if (change[key] === undefined) continue;
      if (change[key]) next[key] = change[key]; else delete next[key];
    }
    await this.file.set({ password: JSON.stringify(next) });
    return next;
  }
}
