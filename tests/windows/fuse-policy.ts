// Electron fuses: what issue 8 (#19) requires, what electron-builder.yml asks for, and how to compare a
// binary's fuse wire against it. Used by the Windows smoke test on the installed app and by the fuse test
// here (on a binary made of the fuse sentinel alone, read and written by @electron/fuses).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';

const require = createRequire(__filename);
const yaml = require('js-yaml') as { load(text: string): unknown };

export const ROOT = path.resolve(__dirname, '..', '..');

/** electron-builder's electronFuses keys, in FuseV1Options order. */
export const FUSE_KEYS = [
  'runAsNode', 'enableCookieEncryption', 'enableNodeOptionsEnvironmentVariable', 'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation', 'onlyLoadAppFromAsar', 'loadBrowserProcessSpecificV8Snapshot', 'grantFileProtocolExtraPrivileges',
] as const;
export type FuseKey = (typeof FUSE_KEYS)[number];
export type FuseSettings = Partial<Record<FuseKey, boolean>>;

/** Electron's security checklist as issue 8 states it: no RunAsNode, no NODE_OPTIONS, no inspect, asar integrity, asar only. */
export const REQUIRED_FUSES: FuseSettings = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
};

export function builderConfig(root = ROOT): Record<string, unknown> {
  return yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
}

export function builderFuses(root = ROOT): FuseSettings {
  return (builderConfig(root).electronFuses ?? {}) as FuseSettings;
}

/** The @electron/fuses config for settings, as electron-builder builds it (unset fuses are left alone). */
export function toFuseConfig(settings: FuseSettings): FuseV1Config {
  const config: FuseV1Config = { version: FuseVersion.V1 };
  FUSE_KEYS.forEach((key, index) => {
    const value = settings[key];
    if (value !== undefined) (config as Record<number, boolean>)[index as FuseV1Options] = value;
  });
  return config;
}

const ENABLE = 49; // '1' in the wire
const DISABLE = 48; // '0'

/** Differences between a wire read by getCurrentFuseWire and the settings, as readable lines. */
export function wireMismatches(wire: Record<number, number | string>, settings: FuseSettings): string[] {
  const out: string[] = [];
  FUSE_KEYS.forEach((key, index) => {
    const want = settings[key];
    if (want === undefined) return;
    const got = wire[index];
    if (got !== (want ? ENABLE : DISABLE)) out.push(`${key}: expected ${want ? 'on' : 'off'}, binary has ${got === ENABLE ? 'on' : got === DISABLE ? 'off' : String(got)}`);
  });
  return out;
}

/** The one change the smoke test makes to its copy of the installed app: Playwright's Electron driver needs --inspect. */
export const PLAYWRIGHT_COPY_FLIP: FuseSettings = { enableNodeCliInspectArguments: true };
