// Ansible's host ranges in inventory names: `ftd-[01:10]`, `db-[a:c]`, `web[1:9:2]`.

const RANGE = /\[([0-9]+|[a-z]):([0-9]+|[a-z])(?::([0-9]+))?\]/;

/** Expand every range in a host name into the list of names it stands for (in order). Throws Error with a readable message on a bad range. */
export function expandHostRange(name: string): string[] {
  const m = RANGE.exec(name);
  if (!m) return [name];
  const [whole, from = '', to = '', stepText] = m;
  const head = name.slice(0, m.index);
  const tail = name.slice(m.index + whole.length);
  const step = stepText === undefined ? 1 : Number(stepText);
  if (step < 1) throw new Error(`host range '${whole}' has a step below 1`);
  const values: string[] = [];
  if (/^[0-9]+$/.test(from) && /^[0-9]+$/.test(to)) {
    const a = Number(from);
    const b = Number(to);
    if (a > b) throw new Error(`host range '${whole}' starts after it ends`);
    if ((b - a) / step > 10_000) throw new Error(`host range '${whole}' is too large`);
    // A leading zero fixes the width, as in Ansible: [01:10] → 01 … 10.
    const width = from.startsWith('0') && from.length > 1 ? from.length : 0;
    for (let i = a; i <= b; i += step) values.push(String(i).padStart(width, '0'));
  } else if (/^[a-z]$/.test(from) && /^[a-z]$/.test(to)) {
    const a = from.charCodeAt(0);
    const b = to.charCodeAt(0);
    if (a > b) throw new Error(`host range '${whole}' starts after it ends`);
    for (let i = a; i <= b; i += step) values.push(String.fromCharCode(i));
  } else {
    throw new Error(`host range '${whole}' mixes numbers and letters`);
  }
  return values.flatMap((v) => expandHostRange(head + v + tail));
}
