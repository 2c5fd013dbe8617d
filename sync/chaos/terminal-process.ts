// A terminal as its own process, for kill -9: RxDB (same schemas and encryption as the renderer) on a durable
// file-backed localStorage, replicating through sync/client. Driven by JSON lines on stdin; answers on stdout.
//   tsx sync/chaos/terminal-process.ts <platformUrl> <terminalId> <secret> <storeFile>
// stdin:  {"cmd":"submit","count":3} | {"cmd":"dump"}
// stdout: {"type":"ready"} | {"type":"submitted","id":...} (after the durable write) | {"type":"dump","docs":[...]}
import { createInterface } from 'node:readline';
import { addRxPlugin, createRxDatabase, type RxCollection, type RxJsonSchema, type RxStorage } from 'rxdb';
import { wrappedKeyEncryptionCryptoJsStorage } from 'rxdb/plugins/encryption-crypto-js';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { getRxStorageLocalstorage } from 'rxdb/plugins/storage-localstorage';
import { applicationMigrationStrategies, applicationRxSchema, catalogRxSchema } from '../protocol/rxdb-schemas.js';
import { FileLocalStorage } from './file-local-storage.js';
import { syntheticApplication } from './synthetic-application.js';
import { startTerminalClient } from './terminal-client.js';

addRxPlugin(RxDBLocalDocumentsPlugin);

const [platformUrl, terminalId, secret, storeFile] = process.argv.slice(2);
if (!platformUrl || !terminalId || !secret || !storeFile) {
  console.error('usage: terminal-process.ts <platformUrl> <terminalId> <secret> <storeFile>');
  process.exit(2);
}

const say = (msg: unknown): void => void process.stdout.write(`${JSON.stringify(msg)}\n`);

async function main(): Promise<void> {
  const localStorage = new FileLocalStorage(storeFile!);
  const storage = wrappedKeyEncryptionCryptoJsStorage({
    storage: getRxStorageLocalstorage({ localStorage: localStorage as never }),
  }) as RxStorage<unknown, unknown>;
  const db = await createRxDatabase<{ catalog: RxCollection; applications: RxCollection }>({
    name: 'chaosterminal',
    storage,
    password: 'chaos-local-data-key',
    multiInstance: false,
    localDocuments: true,
  });
  await db.addCollections({
    catalog: { schema: catalogRxSchema as unknown as RxJsonSchema<unknown> },
    applications: { schema: applicationRxSchema as unknown as RxJsonSchema<unknown>, migrationStrategies: applicationMigrationStrategies },
  });
  const rep = startTerminalClient({
    platformUrl: platformUrl!,
    credential: { terminalId: terminalId!, secret: secret! },
    catalog: db.catalog,
    applications: db.applications,
    retry: { initialMs: 100, maxMs: 1000 },
    pollIntervalMs: 300,
  });
  rep.state$.subscribe(() => undefined);

  let work = Promise.resolve();
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const cmd = JSON.parse(line) as { cmd: 'submit'; count: number } | { cmd: 'dump' } | { cmd: 'stop' };
    work = work.then(async () => {
      if (cmd.cmd === 'submit') {
        for (let i = 0; i < cmd.count; i++) {
          const { _deleted: _, ...doc } = syntheticApplication(terminalId!);
          await db.applications.insert(doc);
          say({ type: 'submitted', id: doc.id });
        }
      } else if (cmd.cmd === 'dump') {
        const docs = await db.applications.find().exec();
        say({ type: 'dump', docs: docs.map((d) => d.toJSON()) });
      } else {
        await rep.stop();
        await db.close();
        localStorage.close();
        process.exit(0);
      }
    });
  });
  say({ type: 'ready' });
}

main().catch((e: unknown) => {
  console.error('chaos terminal failed:', (e as Error).message);
  process.exit(1);
});
