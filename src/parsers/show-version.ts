// `show version` (FTD/FMC CLISH): the header block `---[ host ]---`, `Model : … (NN) Version X (Build N)`,
// UUID, rules/LSP and VDB versions (FTD-CLI.md §3). `show version system` adds the LINA part, which is kept
// only for the ASA software version.
import type { Facts } from './index.js';
import { snakeKey, toInt, toLines, unrecognised } from './text.js';

const NAME = 'show_version';
const TITLE = /^-+\[ (.+?) \]-+$/;
const RULE = /^-{20,}$/;
const FIELD = /^([A-Za-z][A-Za-z /]*?)\s*: (.*)$/;
const MODEL = /^(.+?) \((\d+)\) Version (\S+) \(Build (\d+)\)$/;
const LINA = /Adaptive Security Appliance Software Version (\S+)/;

/** Parse `show version` into `{hostname, model, model_code, version, build, version_major, version_minor, platform, uuid, …}`. */
export function parseShowVersion(text: string): Facts {
  const lines = toLines(text);
  const titleAt = lines.findIndex((l) => TITLE.test(l));
  if (titleAt < 0) unrecognised(NAME, 'no "---[ hostname ]---" header; is this `show version` output?', lines[0], 1);
  const hostname = TITLE.exec(lines[titleAt] ?? '')?.[1] ?? null;
  const fields: Record<string, string> = {};
  let i = titleAt + 1;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (RULE.test(line)) break;
    const f = FIELD.exec(line);
    if (f === null) unrecognised(NAME, 'unrecognised line in the header block', line, i + 1);
    fields[snakeKey(f[1] ?? '')] = (f[2] ?? '').trim();
  }
  const model = MODEL.exec(fields['model'] ?? '');
  if (model === null) unrecognised(NAME, 'no "Model : … (code) Version X (Build N)" line', fields['model']);
  const version = model[3] ?? '';
  const [major, minor, maintenance, patch] = version.split('.').map((p) => toInt(p));
  const lina = lines.slice(i).map((l) => LINA.exec(l)?.[1]).find((v) => v !== undefined) ?? null;

  return {
    hostname,
    model: model[1] ?? null,
    model_code: toInt(model[2]),
    version,
    build: toInt(model[4]),
    version_major: major ?? null,
    version_minor: minor ?? null,
    version_maintenance: maintenance ?? null,
    version_patch: patch ?? null,
    platform: /Management Center/i.test(model[1] ?? '') ? 'fmc' : 'ftd',
    uuid: fields['uuid'] ?? null,
    lsp_version: fields['lsp_version'] ?? null,
    rules_version: fields['rules_update_version'] ?? null,
    vdb_version: toInt(fields['vdb_version']),
    lina_version: lina,
  };
}
