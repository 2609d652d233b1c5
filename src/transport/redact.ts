// Secrets never leave the transport: every text that goes to a result, a transcript or an error passes here.

export const REDACTED = '<redacted>';

/** A function that replaces every occurrence of the given secrets (longest first) with <redacted>. */
export function makeRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const list = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length > 0))].sort(
    (a, b) => b.length - a.length,
  );
  if (list.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const secret of list) out = out.split(secret).join(REDACTED);
    return out;
  };
}
