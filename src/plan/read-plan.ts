// Reading a plan back: bytes → JSON → schema → digest. Each way a plan file can be wrong is a PlanError
// (exit 1) that says which, before anything else happens.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { PlanError } from '../errors.js';
import { readInputFile } from '../yaml/input-file.js';
import { parseLimitedJson } from '../yaml/located-json.js';
import { schemaValidator } from '../yaml/schema-check.js';
import { planDigest } from './digest.js';
import { PLAN_VERSION, type PlanFile } from './model.js';

/** The compiled plan schema (from the one schema registry). */
export function planValidator(): ValidateFunction {
  return schemaValidator('plan.schema.json');
}

function describe(e: ErrorObject): string {
  const where = e.instancePath === '' ? 'the top level' : e.instancePath;
  if (e.keyword === 'additionalProperties') return `${where} has an unknown key '${String((e.params as { additionalProperty: string }).additionalProperty)}'`;
  if (e.keyword === 'required') return `${where} lacks '${String((e.params as { missingProperty: string }).missingProperty)}'`;
  return `${where} ${e.message ?? 'is invalid'}`;
}

/** Parse and check a plan's text; `source` names it in messages. */
export function parsePlan(text: string, source: string): PlanFile {
  const parsed = parseLimitedJson(text);
  if (!parsed.ok) throw new PlanError(`${source} is not a firemend plan: ${parsed.message}`);
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new PlanError(`${source} is not a firemend plan: expected a JSON object`);
  const version = (value as Record<string, unknown>)['version'];
  if (version !== PLAN_VERSION) {
    throw new PlanError(`${source} is not a plan this firemend can apply: plan version ${JSON.stringify(version ?? null)}, supported ${PLAN_VERSION}`);
  }
  const validate = planValidator();
  if (!validate(value)) {
    const problems = (validate.errors ?? []).slice(0, 3).map(describe);
    throw new PlanError(`${source} is not a valid firemend plan: ${problems.join('; ')}`);
  }
  const plan = value as PlanFile;
  if (planDigest(plan) !== plan.sha256) {
    throw new PlanError(`${source} was changed after it was written (its content no longer matches its sha256): a plan cannot be edited; make a new one with firemend run --check --plan-out`);
  }
  return plan;
}

/** Read a plan file: PlanError when it cannot be read, is malformed, or was tampered with. */
export function readPlan(path: string): PlanFile {
  const file = readInputFile(path, `plan ${path}`);
  if (!file.ok) {
    const { pos, message } = file.diagnostic;
    throw new PlanError(message.includes(path) ? message : `${path}:${pos.line}:${pos.col}: ${message}`);
  }
  return parsePlan(file.text, path);
}
