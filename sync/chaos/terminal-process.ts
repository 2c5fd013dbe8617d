// A terminal as its own process, for kill -9: RxDB (same schemas and encryption as the renderer) on a durable
// file-backed localStorage, replicating through sync/client. Driven by JSON lines on stdin; answers on stdout.
// Every other application carries a signature PNG, kept and uploaded by the terminal host's own attachment
// store and uploader (main/host) before the application is pushed, through the same fault proxy.
//   tsx sync/chaos/terminal-process.ts <platformUrl> <terminalId> <secret> <storeFile>
// stdin:  {"cmd":"submit","count":3} | {"cmd":"dump"}
// stdout: {"type":"ready"} | {"type":"submitted","id":...} (after the durable write) | {"type":"dump","docs":[...]}
import { createInterface } from 'node:readline';
import { addRxPlugin, createRxDatabase, type RxCollection, type RxJsonSchema, type RxStorage } from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { getRxStorageLocalstorage } from 'rxdb/plugins/storage-localstorage';
import { applicationMigrationStrategies, applicationRxSchema, catalogRxSchema, catalogMigrationStrategies } from '../protocol/rxdb-schemas.js';
import { createAttachmentStore } from '../../main/host/attachment-store.js';
import { createAttachmentUploader } from '../../main/host/attachment-uploader.js';
import { credentialSigner } from '../client/index.js';
import { ok } from '../protocol/result.js';
import { syntheticPng } from '../server/testing/synthetic-png.js';
import { fieldEncryptedStorage } from '../../renderer/src/data/encrypted-storage.js';
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
  // Personal fields encrypted as on a real terminal (renderer/src/data/database.ts).
  const storage = fieldEncryptedStorage({
    storage: getRxStorageLocalstorage({ localStorage: localStorage as never }) as RxStorage<unknown, unknown>,
  });
  const db = await createRxDatabase<{ catalog: RxCollection; applications: RxCollection }>({
    name: 'chaosterminal',
    storage,
    password: 'chaos-local-data-key',
    multiInstance: false,
    localDocuments: true,
  });
  await db.addCollections({
    catalog: { schema: catalogRxSchema as unknown as RxJsonSchema<unknown>, migrationStrategies: catalogMigrationStrategies },
    applications: { schema: applicationRxSchema as unknown as RxJsonSchema<unknown>, migrationStrategies: applicationMigrationStrategies },
  });
  const attachments = createAttachmentStore({ dataDir: `${storeFile!}.host`, localDataKey: 'chaos-local-data-key' });
  const signer = credentialSigner(terminalId!, secret!);
  // Small chunks, so kills and cut connections land in the middle of uploads too.
  const uploader = createAttachmentUploader({
    platformUrl: platformUrl!,
    store: attachments,
    sign: async (req) => ok(await signer(req as Parameters<typeof signer>[0])),
    chunkBytes: 4096,
    timeoutMs: 5000,
  });
  const rep = startTerminalClient({
    platformUrl: platformUrl!,
    credential: { terminalId: terminalId!, secret: secret! },
    catalog: db.catalog,
    applications: db.applications,
    retry: { initialMs: 100, maxMs: 1000 },
    pollIntervalMs: 300,
    uploadAttachments: async (blobs) => {
      const r = await uploader.ensureUploaded(blobs);
      if (!r.ok) throw new Error(`attachments: ${r.error.code}`);
    },
  });
  let n = 0;
  rep.state$.subscribe(() => undefined);

  let work = Promise.resolve();
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const cmd = JSON.parse(line) as { cmd: 'submit'; count: number } | { cmd: 'dump' } | { cmd: 'stop' };
    work = work.then(async () => {
      if (cmd.cmd === 'submit') {
        for (let i = 0; i < cmd.count; i++) {
          const { _deleted: _, ...plain } = syntheticApplication(terminalId!);
          let doc: typeof plain = plain;
          if (n++ % 2 === 0) {
            // As the renderer does: the host stores the image durably first, then the application references it.
            const stored = attachments.put(syntheticPng(90), 'image/png');
            if (!stored.ok) throw new Error(`attachment not stored: ${stored.error.code}`);
            doc = { ...plain, schemaVersion: 2, attachments: [{ ...stored.value, kind: 'signature' }] };
          }
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
