// Lines gathered into one write. A run of 1,000 devices emits ~26,000 events; one write(2) per line was a
// visible share of a run's time (a system call each, on a file, a pipe or a terminal). The reporter adds lines;
// the mux flushes every buffer once per turn of the event loop, and at once when one holds 64 KB, before the
// closing display and when the process exits (a crash included).

const FLUSH_AT = 1 << 16;

/** What a LineBuffer writes to (a Writable, or anything with its write). */
export interface TextSink {
  write(text: string): unknown;
}

export class LineBuffer {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly sink: TextSink) {}

  /** Add text (whole lines); written at the next flush, or now when the buffer is full. */
  add(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT) this.flush();
  }

  /** Write what is buffered, in order, in one write. Throws what the sink throws (the mux isolates it). */
  flush(): void {
    if (this.parts.length === 0) return;
    const text = this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.sink.write(text);
  }
}
