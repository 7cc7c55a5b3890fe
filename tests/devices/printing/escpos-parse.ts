// An ESC/POS reader for tests, written from the Epson command reference (not from our encoder): it walks the
// byte stream, knows the commands a raster receipt may use, and rebuilds the image from the GS v 0 bands.

export type EscPosCommand =
  | { kind: 'init' }
  | { kind: 'raster'; mode: number; rowBytes: number; rows: number; data: Uint8Array }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut'; mode: number; feed?: number };

export function parseEscPos(bytes: Uint8Array): EscPosCommand[] {
  const out: EscPosCommand[] = [];
  let i = 0;
  const need = (n: number, what: string) => {
    if (i + n > bytes.length) throw new Error(`${what} truncated at byte ${i}`);
  };
  while (i < bytes.length) {
    const b = bytes[i];
    if (b === 0x1b && bytes[i + 1] === 0x40) {
      out.push({ kind: 'init' });
      i += 2;
    } else if (b === 0x1b && bytes[i + 1] === 0x64) {
      need(3, 'ESC d');
      out.push({ kind: 'feed', lines: bytes[i + 2] });
      i += 3;
    } else if (b === 0x1d && bytes[i + 1] === 0x76 && bytes[i + 2] === 0x30) {
      need(8, 'GS v 0 header');
      const mode = bytes[i + 3];
      const rowBytes = bytes[i + 4] + 256 * bytes[i + 5];
      const rows = bytes[i + 6] + 256 * bytes[i + 7];
      need(8 + rowBytes * rows, 'GS v 0 data');
      out.push({ kind: 'raster', mode, rowBytes, rows, data: bytes.slice(i + 8, i + 8 + rowBytes * rows) });
      i += 8 + rowBytes * rows;
    } else if (b === 0x1d && bytes[i + 1] === 0x56) {
      need(3, 'GS V');
      const mode = bytes[i + 2];
      // Function B (m = 65, 66) takes a feed amount n; function A (m = 0, 1, 48, 49) does not.
      if (mode === 65 || mode === 66) {
        need(4, 'GS V m n');
        out.push({ kind: 'cut', mode, feed: bytes[i + 3] });
        i += 4;
      } else if ([0, 1, 48, 49].includes(mode)) {
        out.push({ kind: 'cut', mode });
        i += 3;
      } else throw new Error(`GS V with unknown mode ${mode}`);
    } else {
      throw new Error(`unexpected byte 0x${b.toString(16)} at ${i}`);
    }
  }
  return out;
}

/** The image the printer would print: the raster bands stacked, all of the same row width. */
export function rasterOf(commands: EscPosCommand[]): { rowBytes: number; height: number; data: Uint8Array } {
  const bands = commands.filter((c): c is Extract<EscPosCommand, { kind: 'raster' }> => c.kind === 'raster');
  if (!bands.length) throw new Error('no raster band');
  const rowBytes = bands[0].rowBytes;
  if (bands.some((b) => b.rowBytes !== rowBytes)) throw new Error('bands of different widths');
  const height = bands.reduce((h, b) => h + b.rows, 0);
  const data = new Uint8Array(rowBytes * height);
  let at = 0;
  for (const b of bands) {
    data.set(b.data, at);
    at += b.data.length;
  }
  return { rowBytes, height, data };
}
