// A YAML (or JSON) file of variables: a map from variable names to values, with located errors.
import type { Diagnostic, SourcePos } from '../errors.js';
import { readInputFile } from './input-file.js';
import { parseLocatedYaml } from './located-yaml.js';

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What loading a vars file produced: its vars (empty on error), problems, and a digest of its text. */
export interface VarsFileResult {
  vars: Record<string, unknown>;
  diagnostics: Diagnostic[];
  sha256?: string;
}

/** Read a vars file. `file` is the path to open and to show in positions; `refPos` is where it was named (for an unreadable file). */
export function loadVarsFile(file: string, refPos?: SourcePos): VarsFileResult {
  const read = readInputFile(file, `vars file '${file}'`, refPos);
  if (!read.ok) return { vars: {}, diagnostics: [read.diagnostic] };
  return { ...parseVarsText(read.text, file), sha256: read.sha256 };
}

/** Parse vars text (YAML or JSON) into a map of variables. */
export function parseVarsText(text: string, file: string): VarsFileResult {
  const doc = parseLocatedYaml(text, file);
  if (doc.fatal) return { vars: {}, diagnostics: doc.diagnostics };
  const diagnostics = [...doc.diagnostics];
  const value = doc.value;
  if (value === null) return { vars: {}, diagnostics };
  if (typeof value !== 'object' || Array.isArray(value)) {
    diagnostics.push({ pos: doc.at([]), message: `a vars file must be a map of variable names to values (got ${Array.isArray(value) ? 'a list' : typeof value})` });
    return { vars: {}, diagnostics };
  }
  const vars = value as Record<string, unknown>;
  for (const k of Object.keys(vars)) {
    if (!VAR_NAME.test(k)) diagnostics.push({ pos: doc.keyAt([k]), message: `invalid variable name '${k}': must be letters, digits and underscores, not starting with a digit` });
  }
  return { vars: diagnostics.length > 0 ? {} : vars, diagnostics };
}
