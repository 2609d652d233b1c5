// The `at` of every event: an ISO 8601 UTC timestamp of the engine's clock. A run of 1,000 devices emits tens of
// thousands of events, many in the same millisecond; the text of the last millisecond is kept.

let lastMs = Number.NaN;
let lastText = '';

/** `new Date(ms).toISOString()`, remembered for the last `ms` asked. */
export function isoAt(ms: number): string {
  if (ms !== lastMs) {
    lastText = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastText;
}
