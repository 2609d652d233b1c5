// A step's check and fixes as the connection receives them: templates rendered for this host into Actions, each
// with the one line reports, plans, the journal and evidence show for it (the command as sent, `reboot`, or
// `METHOD path?query [body as compact JSON]` for a REST request: a plan that recorded it refuses a fix whose
// body moved, and the operator reviewing it sees what would be written).
import { FiremendError } from '../errors.js';
import type { Action, ApiAction } from '../connections/connection.js';
import type { ApiTmpl, FixAction, Step, ValueTmpl } from '../playbook/model.js';
import { renderTemplate, renderValue, type Vars } from '../template/index.js';

/** One action ready to send, with its display line. */
export interface RenderedAction {
  action: Action;
  display: string;
  /** A reboot's budget as written, in seconds (reports show it). */
  rebootTimeoutS?: number;
}

/** How an action is shown: the command as sent, `reboot`, or `METHOD path?query` and the body as compact JSON. */
function actionDisplay(action: Action): string {
  if (action.kind === 'command') return action.command;
  if (action.kind === 'reboot') return 'reboot';
  const query = new URLSearchParams(Object.entries(action.query ?? {})).toString();
  const body = action.body === undefined ? '' : ` ${JSON.stringify(action.body)}`;
  return `${action.method} ${action.path}${query === '' ? '' : `?${query}`}${body}`;
}

function rendered(action: Action, extra: Partial<RenderedAction> = {}): RenderedAction {
  return { action, display: actionDisplay(action), ...extra };
}

function renderBody(v: ValueTmpl, vars: Vars): unknown {
  switch (v.kind) {
    case 'template':
      return renderValue(v.tmpl, vars);
    case 'scalar':
      return v.value;
    case 'list':
      return v.items.map((x) => renderBody(x, vars));
    case 'map':
      return Object.fromEntries(v.entries.map(([k, x]) => [k, renderBody(x, vars)]));
  }
}

function renderApi(api: ApiTmpl, vars: Vars, timeoutMs: number | undefined): ApiAction {
  const out: ApiAction = { kind: 'api', method: api.method, path: renderTemplate(api.path, vars) };
  if (!out.path.startsWith('/api/')) throw new FiremendError('E_TEMPLATE', `api path must start with /api/ once rendered, got '${out.path}'`);
  if (api.query.length > 0) out.query = Object.fromEntries(api.query.map(([k, t]) => [k, renderTemplate(t, vars)]));
  if (api.body !== undefined) out.body = renderBody(api.body, vars);
  if (timeoutMs !== undefined) out.timeoutMs = timeoutMs;
  return out;
}

/** The step's check for this host (the step must have one). */
export function renderCheck(step: Step, vars: Vars): RenderedAction {
  const check = step.check;
  if (check?.api) return rendered(renderApi(check.api, vars, check.timeoutMs));
  if (!check?.command) throw new FiremendError('E_INTERNAL', `step '${step.id}' has no check to render`);
  return rendered({ kind: 'command', command: renderTemplate(check.command, vars), mode: step.mode, ...(check.timeoutMs !== undefined ? { timeoutMs: check.timeoutMs } : {}) });
}

/** Every action of the fix for this host, rendered before anything is sent: a template error sends nothing. */
export function renderFix(step: Step, vars: Vars): RenderedAction[] {
  return step.fix.map((a: FixAction): RenderedAction => {
    if (a.kind === 'command') {
      return rendered({ kind: 'command', command: renderTemplate(a.command, vars), mode: a.mode ?? step.mode, answers: a.answers, ...(a.timeoutMs !== undefined ? { timeoutMs: a.timeoutMs } : {}) });
    }
    if (a.kind === 'api') return rendered(renderApi(a.api, vars, a.timeoutMs));
    const raw = typeof a.timeoutS === 'number' ? a.timeoutS : renderValue(a.timeoutS, vars);
    const timeoutS = typeof raw === 'number' ? raw : Number(String(raw).trim());
    if (!Number.isFinite(timeoutS) || timeoutS <= 0) {
      throw new FiremendError('E_TEMPLATE', `reboot timeout of step '${step.id}' is not a positive number of seconds: ${JSON.stringify(raw)}`);
    }
    return rendered({ kind: 'reboot', timeoutMs: timeoutS * 1000 }, { rebootTimeoutS: timeoutS });
  });
}

/** The fix as StepResult shows it. */
export function fixView(actions: RenderedAction[]): { commands: string[]; reboot: boolean; rebootTimeoutS?: number } {
  const reboot = actions.find((a) => a.action.kind === 'reboot');
  return {
    commands: actions.map((a) => a.display),
    reboot: reboot !== undefined,
    ...(reboot?.rebootTimeoutS !== undefined ? { rebootTimeoutS: reboot.rebootTimeoutS } : {}),
  };
}
