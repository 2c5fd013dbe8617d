// The central platform as a process: tsx sync/server/main.ts [--port 7720] [--host 127.0.0.1]
// [--data-dir .data/platform] [--dev-terminals]. PGlite in the data folder unless DATABASE_URL is set.
import { sampleCatalogPath } from '../../kiosk-config/load.js';
import { createPlatformApp } from './app.js';
import { parsePlatformCli } from './cli-args.js';
import { openDatabase } from './db/open.js';
import { activeIdentitySigningKey } from './identity/identity-key-store.js';
import { ChangeBus } from './store/change-bus.js';
import { relayChangesThroughPostgres, type PgChangeRelay } from './store/pg-change-relay.js';
import { DEV_ENROLLMENT_CODE, DEV_TERMINAL_IDS, issueDevEnrollmentCodes, seedCatalogIfEmpty } from './seed.js';

async function main(): Promise<void> {
  const parsed = parsePlatformCli(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    console.error(parsed.message);
    process.exit(2);
  }
  const cfg = parsed.config;
  const db = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
  const bus = new ChangeBus();
  const app = createPlatformApp({
    db,
    adminToken: cfg.adminToken,
    corsOrigins: cfg.corsOrigins,
    maxAttachmentBytes: cfg.maxAttachmentBytes,
    logger: { level: 'info' },
    logRequests: cfg.logRequests,
    bus,
  });
  const log = (message: string): void => app.log.info(message);
  // Several API nodes on one PostgreSQL: live-stream notices travel between them (LISTEN/NOTIFY).
  const relay: PgChangeRelay | null = cfg.databaseUrl ? relayChangesThroughPostgres(bus, { connectionString: cfg.databaseUrl, log }) : null;

  await seedCatalogIfEmpty(db, sampleCatalogPath(), log);
  // The identity-QR signing key exists from the first start (kept in the database; kid is public).
  log(`identity QR signing key: ${(await activeIdentitySigningKey(db)).kid}`);
  if (cfg.devTerminals) {
    await issueDevEnrollmentCodes(db);
    log(`dev terminals may enrol: ${DEV_TERMINAL_IDS.join(', ')} (enrolment code ${DEV_ENROLLMENT_CODE})`);
  }

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    log(`${signal}: closing`);
    void app
      .close()
      .then(() => relay?.close())
      .then(() => db.close())
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        console.error('platform: shutdown failed:', (e as Error).message);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  await app.listen({ port: cfg.port, host: cfg.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : cfg.port;
  const host = cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host;
  console.log(`Yichuang platform listening on http://${host}:${port} (db: ${db.kind}${db.kind === 'pglite' ? ` in ${cfg.dataDir}` : ''})`);
  if (cfg.adminTokenSource === 'generated' || cfg.adminTokenSource === 'dev-default') {
    console.log(`admin token (${cfg.adminTokenSource}): ${cfg.adminToken}`);
  }
}

main().catch((e: unknown) => {
  console.error('platform failed to start:', (e as Error).message);
  process.exit(1);
});
