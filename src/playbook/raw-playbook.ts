// The playbook exactly as schemas/playbook.schema.json admits it (YAML keys, before normalization).
// The *_KEYS lists are checked against the schema by a unit test, so the two cannot drift apart.
import type { Mode } from './model.js';

export type RawTemplates = string | string[];

export interface RawExpect {
  contains?: RawTemplates;
  not_contains?: RawTemplates;
  matches?: RawTemplates;
  exit_status?: number;
  that?: string | string[];
}

/** `api: {method, path, query, body}`: a REST request (an httpapi host's check or fix). */
export interface RawApi {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
}

export interface RawCheck {
  command?: string;
  api?: RawApi;
  parse?: string;
  expect?: RawExpect;
  timeout?: number;
  not_read_only?: string;
}

export interface RawAnswer {
  expect: string;
  answer: string;
}

export interface RawCommandAction {
  command: string;
  mode?: Mode;
  answers?: RawAnswer[];
  timeout?: number;
}

export interface RawRebootAction {
  reboot: { timeout?: number | string };
}

export interface RawApiAction {
  api: RawApi;
  timeout?: number;
}

export type RawFixAction = RawCommandAction | RawApiAction | RawRebootAction;

export interface RawStep {
  id: string;
  name?: string;
  doc?: string;
  mode?: Mode;
  check?: RawCheck;
  fix?: RawFixAction[];
  remedy?: string;
  when?: string;
  loop?: unknown[] | string;
  loop_control?: { loop_var?: string };
  register?: string;
  retries?: number;
  ignore_errors?: boolean;
  delay?: number;
  depends_on?: string[];
}

export interface RawPlay {
  name?: string;
  hosts: string;
  vars?: Record<string, unknown>;
  vars_files?: string[];
  serial?: number | string | (number | string)[];
  max_fail_percentage?: number;
  steps: RawStep[];
}

export type RawPlaybook = RawPlay[];

export const PLAY_KEYS = ['name', 'hosts', 'vars', 'vars_files', 'serial', 'max_fail_percentage', 'steps'] as const satisfies readonly (keyof RawPlay)[];
export const STEP_KEYS = ['id', 'name', 'doc', 'mode', 'check', 'fix', 'remedy', 'when', 'loop', 'loop_control', 'register', 'retries', 'delay', 'depends_on', 'ignore_errors'] as const satisfies readonly (keyof RawStep)[];
export const CHECK_KEYS = ['command', 'api', 'parse', 'expect', 'timeout', 'not_read_only'] as const satisfies readonly (keyof RawCheck)[];
export const EXPECT_KEYS = ['contains', 'not_contains', 'matches', 'exit_status', 'that'] as const satisfies readonly (keyof RawExpect)[];
export const API_KEYS = ['method', 'path', 'query', 'body'] as const satisfies readonly (keyof RawApi)[];
export const API_ACTION_KEYS = ['api', 'timeout'] as const satisfies readonly (keyof RawApiAction)[];
export const COMMAND_ACTION_KEYS = ['command', 'mode', 'answers', 'timeout'] as const satisfies readonly (keyof RawCommandAction)[];
