// A durable, file-backed localStorage for RxDB's storage-localstorage in Node, so a terminal killed with
// SIGKILL restarts with exactly what it had committed (rxdb storage-dexie on fake-indexeddb lives in memory
// and cannot show that).
//
// Why it is honest: RxDB's localstorage instance does every setItem of one bulkWrite synchronously (after its
// conflict check), and resolves the write only afterwards. This shim collects the setItems of one synchronous
// run and appends them as ONE log line with one write(2) in a microtask queued at the first setItem - which runs
// before the bulkWrite's promise settles. So a write the application saw resolve is in the file (the kernel's
// page cache survives kill -9; fsync is optional and only matters for power loss), and a kill in the middle
// leaves at most a torn last line, which is ignored on load: the bulkWrite it belonged to never resolved.
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';

type Change = [key: string, value: string | null];

export class FileLocalStorage {
  private readonly map = new Map<string, string>();
  private pending: Change[] = [];
  private fd: number;

  constructor(
    private readonly path: string,
    private readonly options: { fsync?: boolean } = {},
  ) {
    if (existsSync(path)) {
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        if (line === '') continue;
        let changes: Change[];
        try {
          changes = JSON.parse(line) as Change[];
        } catch {
          break; // torn last line from a kill: that write never resolved
        }
        for (const [k, v] of changes) {
          if (v === null) this.map.delete(k);
          else this.map.set(k, v);
        }
      }
    }
    // Compact: one snapshot line, written aside and renamed over the log (atomic on POSIX).
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, this.map.size ? `${JSON.stringify([...this.map.entries()])}\n` : '');
    renameSync(tmp, path);
    this.fd = openSync(path, 'a');
  }

  get length(): number {
    return this.map.size;
  }
  key(index: number): string | null {
    return [...this.map.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, String(value));
    this.record([key, String(value)]);
  }
  removeItem(key: string): void {
    this.map.delete(key);
    this.record([key, null]);
  }
  clear(): void {
    for (const k of [...this.map.keys()]) this.removeItem(k);
  }

  private record(change: Change): void {
    if (this.pending.push(change) === 1) queueMicrotask(() => this.flush());
  }

  /** Appends the pending changes as one line. */
  flush(): void {
    if (this.pending.length === 0) return;
    const line = `${JSON.stringify(this.pending)}\n`;
    this.pending = [];
    writeSync(this.fd, line);
    if (this.options.fsync) fsyncSync(this.fd);
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
    this.fd = -1;
  }
}
