// What tells one scanner from another on the clerk's screen. Drivers name devices by vendor and model, so two
// scanners of one model (or SANE's two test devices, both "Noname frontend-tester") read the same; the label
// adds how the device is reached (USB, network, folder) and its address, and the detail says all of it in full.
import type { DriverKind, ScannerDevice } from './scanner';

export type Connection = 'usb' | 'network' | 'folder' | 'file' | 'virtual' | 'local';

export interface DeviceDescription { connection: Connection; label: string; detail: string }

const CONNECTION_LABEL: Record<Connection, string> = {
  usb: 'USB', network: 'mạng', folder: 'thư mục', file: 'tệp', virtual: 'thiết bị ảo', local: 'nối trực tiếp',
};

const DRIVER_LABEL: Record<DriverKind, string> = {
  sane: 'SANE', escl: 'eSCL/AirScan', wia: 'WIA', twain: 'TWAIN', files: 'Nhập tệp', folder: 'Quét vào thư mục',
};

/**
 * How a SANE device is reached, from its name (`backend:address`) and SANE's type string. Backends name USB
 * devices by bus (`libusb:001:004`, `bus1;dev1`, `/usb/…`) and network ones by host (`net:host:…`, an IP
 * address, `/net/…`); the `test` backend is a virtual device.
 */
export function saneConnection(name: string, type = ''): Connection {
  const n = name.toLowerCase();
  const t = type.toLowerCase();
  if (n.startsWith('test:') || t.includes('virtual')) return 'virtual';
  if (/^(net|airscan|escl):/.test(n) || /\/net\/|net\d*;|tcp|https?:\/\/|\b\d{1,3}(\.\d{1,3}){3}\b/.test(n) || t.includes('network')) return 'network';
  if (/usb|bus\d*;dev|^[a-z0-9_]+:[0-9a-f]{8}(_|$)/.test(n)) return 'usb';
  return 'local';
}

function connectionOf(d: ScannerDevice): Connection {
  if (d.connection) return d.connection;
  switch (d.driver) {
    case 'escl': return 'network';
    case 'folder': return 'folder';
    case 'files': return 'file';
    case 'sane': return saneConnection(d.id.replace(/^sane:/, ''));
    default: return 'local';
  }
}

/** The short address shown in the label: the SANE name, the eSCL host, the folder path, the WIA/TWAIN id. */
function addressOf(d: ScannerDevice): string {
  if (d.address) return d.address;
  if (d.driver === 'escl') {
    try { return new URL(d.id).host; } catch { return d.id; }
  }
  return d.id.replace(/^(sane|wia|twain|folder):/, '');
}

/**
 * Label and detail of each device of the list. The label is the name with the connection and the address
 * ("Noname frontend-tester (thiết bị ảo, test:0)"); where two labels still read the same, the full device id
 * is added. The detail names the driver, the connection and the full id.
 */
export function describeDevices(list: readonly ScannerDevice[]): DeviceDescription[] {
  const first = list.map((d) => {
    const connection = connectionOf(d);
    const address = addressOf(d);
    const extra = d.driver === 'files' ? [] : d.driver === 'folder' ? [address] : [CONNECTION_LABEL[connection], address];
    const label = extra.length ? `${d.name} (${extra.filter(Boolean).join(', ')})` : d.name;
    const detail = [
      DRIVER_LABEL[d.driver],
      d.driver === 'files' ? '' : `kết nối: ${CONNECTION_LABEL[connection]}`,
      d.model && !d.name.includes(d.model) ? `kiểu máy: ${d.model}` : '',
      d.driver === 'files' ? '' : `mã thiết bị: ${d.id}`,
    ].filter(Boolean).join(' · ');
    return { connection, label, detail };
  });
  const seen = new Map<string, number>();
  for (const x of first) seen.set(x.label, (seen.get(x.label) ?? 0) + 1);
  return first.map((x, i) => (seen.get(x.label)! > 1 ? { ...x, label: `${x.label} [${list[i]!.id}]` } : x));
}
