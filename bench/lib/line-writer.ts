/**
 * Streams tokens to a file through a fixed byte buffer: the corpus is never
 * held in memory, and no per-token strings are built. Writes go to a
 * temporary name that is renamed on success, so an interrupted run never
 * leaves a truncated corpus that a later run would reuse.
 */
import * as fs from 'node:fs';

const BUFFER_BYTES = 1 << 22;

export class LineWriter {
  private readonly fd: number;
  private readonly tmp: string;
  private readonly buf = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private atLineStart = true;
  tokens = 0;
  lines = 0;
  bytes = 0;

  constructor(private readonly file: string) {
    this.tmp = `${file}.tmp-${process.pid}`;
    this.fd = fs.openSync(this.tmp, 'w');
  }

  /** Appends one word (its bytes), space-separated from the previous one. */
  word(bytes: Uint8Array): void {
    if (this.used + bytes.length + 2 > BUFFER_BYTES) this.flush();
    if (!this.atLineStart) this.buf[this.used++] = 0x20;
    this.buf.set(bytes, this.used);
    this.used += bytes.length;
    this.atLineStart = false;
    this.tokens++;
  }

  /** Ends the current line (a sentence, for the trainers). */
  endLine(): void {
    if (this.atLineStart) return;
    if (this.used + 1 > BUFFER_BYTES) this.flush();
    this.buf[this.used++] = 0x0a;
    this.atLineStart = true;
    this.lines++;
  }

  /** Bytes written so far, including the buffered ones. */
  get size(): number {
    return this.bytes + this.used;
  }

  /** Flushes, closes and moves the file into place. */
  close(): void {
    this.endLine();
    this.flush();
    fs.closeSync(this.fd);
    fs.renameSync(this.tmp, this.file);
  }

  /** Closes and deletes the temporary file (on error). */
  abort(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      /* already closed */
    }
    fs.rmSync(this.tmp, { force: true });
  }

  private flush(): void {
    let off = 0;
    while (off < this.used) off += fs.writeSync(this.fd, this.buf, off, this.used - off);
    this.bytes += this.used;
    this.used = 0;
  }
}
