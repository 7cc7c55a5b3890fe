// The only bridge between the sandboxed page and the core: one function, no Node or Electron objects leak.
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('motCua', {
  invoke: (method: string, input: unknown, sessionToken?: string) => ipcRenderer.invoke('motcua:invoke', method, input, sessionToken),
});
