// `npm run portal:dev` — the reference portal by hand: node --import tsx tests/support/reference-portal/main.ts
//   [--port 8790] [--dir .portal-data] [--session-ttl-ms 1800000] [--ignore-idempotency]
// Prints PORTAL_URL=<base url> once listening. Faults: POST <base>/__control/faults {"rules": [...]}.
import path from 'node:path';
import { parseArgs } from '../../../main/node/args';
import { ReferencePortal } from './server';

async function main() {
  const { options } = parseArgs(process.argv.slice(2));
  const portal = new ReferencePortal({
    dir: path.resolve(String(options.dir ?? '.portal-data')),
    sessionTtlMs: options['session-ttl-ms'] ? Number(options['session-ttl-ms']) : undefined,
    honourIdempotency: !options['ignore-idempotency'],
  });
  await portal.start(Number(options.port ?? 8790));
  console.log(`Cổng tham chiếu (giả lập hệ thống một cửa tỉnh) — dữ liệu: ${portal.options.dir}`);
  console.log(`Tài khoản: motcua / matkhau-dongbo, madonvi: ${portal.agencyCode}`);
  console.log(`PORTAL_URL=${portal.url}`);
  const stop = async () => { await portal.close(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => { console.error(e); process.exit(1); });
