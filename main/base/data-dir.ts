import os from 'node:os';
import path from 'node:path';

/** The user data folder, where Electron's app.getPath('userData') also points (the shell sets it so). */
export const APP_FOLDER_NAME = 'MotCuaDesk';

export function defaultDataDir(platform: NodeJS.Platform = process.platform, env = process.env): string {
  if (env.MOTCUA_DATA_DIR) return env.MOTCUA_DATA_DIR;
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', APP_FOLDER_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), APP_FOLDER_NAME);
}

export const databaseFile = (dataDir: string) => path.join(dataDir, 'motcua.sqlite');
export const filesDir = (dataDir: string) => path.join(dataDir, 'files');
