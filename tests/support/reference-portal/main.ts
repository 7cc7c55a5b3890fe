// `npm run portal:dev` — the reference portal by hand: node --import tsx tests/support/reference-portal/main.ts
//   [--port 8790] [--dir .portal-data] [--session-ttl-ms 1800000] [--ignore-idempotency] [--durable] [--number-format national]
// Prints PORTAL_URL=<base url> once listening. Faults: POST <base>/__control/faults {"rules": [...]}.
// --durable: every write is on disk (fsync) before the answer, as a production portal.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ReferencePortal } from './server';

async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      port: { type: 'string', default: '8790' }, dir: { type: 'string', default: '.portal-data' }, 'session-ttl-ms': { type: 'string' },
      'ignore-idempotency': { type: 'boolean', default: false }, durable: { type: 'boolean', default: false }, 'number-format': { type: 'string' },
    },
  });
  const portal = new ReferencePortal({
    dir: path.resolve(values.dir!),
    sessionTtlMs: values['session-ttl-ms'] ? Number(values['session-ttl-ms']) : undefined,
    honourIdempotency: !values['ignore-idempotency'],
    durable: values.durable,
    numberFormat: values['number-format'] === 'national' ? 'national' : 'reference',
  });
  await portal.start(Number(values.port));
  console.log(`Cổng tham chiếu (giả lập hệ thống một cửa tỉnh) — dữ liệu: ${portal.options.dir}${values.durable ? ' (ghi đĩa đồng bộ từng lần)' : ''}`);
  console.log(`Tài khoản: motcua / matkhau-dongbo, madonvi: ${portal.agencyCode}`);
  console.log(`PORTAL_URL=${portal.url}`);
  const stop = async () => { await portal.close(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => { console.error(e); process.exit(1); });
