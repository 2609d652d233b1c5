// The per-device audit files of --audit-dir: one JSON line per command, appended synchronously (each line is in
// the file when its command returns, so nothing is lost on stop or SIGTERM), through descriptors kept open:
// appendFileSync opens and closes the file for every line, three system calls where one write does.
import { appendFileSync, closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** What an audit line is about: the device whose file gets it. */
export interface AuditRecord {
  device: string;
}

/** Appends audit lines to DIR/<device>.jsonl. */
export class AuditLog {
  // Most recently used last; the oldest is closed when too many are open (a lab of thousands of devices).
  private readonly fds = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly maxOpen = 256,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** Append one entry as a JSON line to its device's file. */
  write(entry: AuditRecord): void {
    const line = JSON.stringify(entry) + '\n';
    // A session still finishing after stop() keeps no descriptor open.
    if (this.closed) appendFileSync(this.path(entry.device), line);
    else writeSync(this.fd(entry.device), line);
  }

  /** Close every open file (the lines are already written). */
  close(): void {
    this.closed = true;
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }

  private fd(device: string): number {
    const open = this.fds.get(device);
    if (open !== undefined) {
      this.fds.delete(device);
      this.fds.set(device, open);
      return open;
    }
    if (this.fds.size >= this.maxOpen) {
      const [oldest, fd] = this.fds.entries().next().value as [string, number];
      this.fds.delete(oldest);
      closeSync(fd);
    }
    const fd = openSync(this.path(device), 'a');
    this.fds.set(device, fd);
    return fd;
  }

  private path(device: string): string {
    return join(this.dir, `${device}.jsonl`);
  }
}
