// The CLISH output layout rules measured from real devices: 52-column headers, 26-column labels.

/** A header line: `[ title ]` centred in 52 columns, floor on the left, the rest on the right. */
export function header52(title: string, fill: '=' | '-'): string {
  const t = `[ ${title} ]`;
  const left = Math.max(0, Math.floor((52 - t.length) / 2));
  const right = Math.max(0, 52 - t.length - left);
  return fill.repeat(left) + t + fill.repeat(right);
}

/** A field line: the label left-justified to 26 columns, then `: value`. */
export function field(label: string, value: string): string {
  return `${label.padEnd(26)}: ${value}`;
}

/** A field whose values continue on lines indented 28 spaces (DNS Servers, Domains). */
export function multiField(label: string, values: string[]): string[] {
  return values.map((v, i) => (i === 0 ? field(label, v) : ' '.repeat(28) + v));
}

export const RULE52 = '-'.repeat(52);
