// `api:` checks and fixes through the real loader and the real engine, on an in-test httpapi-like kind registered
// through the connection registry (the FMC cloud-events step of issue 14, read-modify-write).
import { describe, expect, it } from 'vitest';
import { ConnectionRegistry, BUILTIN_KINDS } from '../../../src/connections/registry.js';
import { parsePlaybook } from '../../../src/playbook/load-playbook.js';
import type { Playbook } from '../../../src/playbook/model.js';
import { DOMAIN, FakeApiKind } from '../../helpers/fake-api-kind.js';
import { host, run } from './build.js';
import { FakeTransport } from '../../helpers/fake-transport.js';

const PLAYBOOK = `
- hosts: fmc
  vars:
    fmc_cloud_events: { sendIntrusionEvents: true }
  steps:
    - id: fmc-cloud-events
      register: ev
      check:
        api: { method: GET, path: "/api/fmc_config/v1/domain/{{ fmc_domain_uuid }}/integration/cloudeventsconfigs", query: { expanded: "true" } }
        expect: { that: ["facts.status == 200", "facts.items[0].sendIntrusionEvents"] }
      fix:
        - api: { method: PUT, path: "/api/fmc_config/v1/domain/{{ fmc_domain_uuid }}/integration/cloudeventsconfigs/{{ ev.facts.items[0].id }}", body: "{{ ev.facts.items[0] | combine(fmc_cloud_events) }}" }
`;

const GET_SHOWN = `GET /api/fmc_config/v1/domain/${DOMAIN}/integration/cloudeventsconfigs?expanded=true`;
const fmc = () => host('fmc1', { ansible_connection: 'httpapi', firemend_platform: 'fmc' });

async function setup(): Promise<{ kind: FakeApiKind; registry: ConnectionRegistry; pb: Playbook }> {
  const kind = new FakeApiKind();
  const registry = new ConnectionRegistry([...BUILTIN_KINDS, kind]);
  const pb = await parsePlaybook(PLAYBOOK, 'fmc.yml', { registry });
  return { kind, registry, pb };
}

describe('api actions in the engine', () => {
  it('checks with a GET whose response facts the expectation reads, and fixes with a PUT of the object as read, combined with the wanted flags', async () => {
    const { kind, registry, pb } = await setup();
    const { result } = await run(pb, [fmc()], new FakeTransport(), { connectionFor: (h) => registry.resolve(h.vars, {}) });
    const step = result.hosts[0]!.steps[0]!;
    expect(step.status).toBe('changed');
    expect(step.check?.command).toBe(GET_SHOWN);
    expect(step.check?.passed).toBe(false);
    expect(JSON.parse(step.check?.output ?? '')).toMatchObject({ items: [{ sendIntrusionEvents: false }] });
    const put = `PUT /api/fmc_config/v1/domain/${DOMAIN}/integration/cloudeventsconfigs/c0ffee00-0000-4000-8000-000000000001`;
    expect(step.fix).toEqual({ commands: [put], sent: true, reboot: false });
    expect(step.verify?.passed).toBe(true);
    expect(kind.requests.map((r) => [r.method, r.purpose])).toEqual([
      ['GET', 'check'],
      ['PUT', 'fix'],
      ['GET', 'check'],
    ]);
    expect(kind.requests[0]?.query).toEqual({ expanded: 'true' });
    // The other flags are kept as read; only the wanted one changes.
    expect(kind.requests[1]?.body).toEqual({ id: 'c0ffee00-0000-4000-8000-000000000001', type: 'CloudEventsConfig', sendIntrusionEvents: true, sendFileEvents: true, sendConnectionEvents: false });
  });

  it('is ok with nothing but one GET sent when the flags already hold', async () => {
    const { kind, registry, pb } = await setup();
    kind.config = { ...kind.config, sendIntrusionEvents: true };
    const { result } = await run(pb, [fmc()], new FakeTransport(), { connectionFor: (h) => registry.resolve(h.vars, {}) });
    expect(result.hosts[0]!.steps[0]!.status).toBe('ok');
    expect(kind.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('sends only GET in check mode, on a connection opened read-only, and reports the PUT it would send', async () => {
    const { kind, registry, pb } = await setup();
    const { result } = await run(pb, [fmc()], new FakeTransport(), { mode: 'check', connectionFor: (h) => registry.resolve(h.vars, {}) });
    const step = result.hosts[0]!.steps[0]!;
    expect(step.status).toBe('pending');
    expect(step.fix?.commands[0]).toMatch(/^PUT \/api\/fmc_config\/v1\/domain\/.+\/cloudeventsconfigs\/c0ffee00/);
    expect(step.fix?.sent).toBe(false);
    expect(kind.requests.map((r) => r.method)).toEqual(['GET']);
    expect(kind.optionsByHost.get('fmc1')?.readOnly).toBe(true);
  });

  it('merges a parser-less api fact set as the step facts a register carries to later steps', async () => {
    const { kind, registry } = await setup();
    kind.config = { ...kind.config, sendIntrusionEvents: true };
    const pb = await parsePlaybook(
      `${PLAYBOOK}
    - id: uses-register
      check:
        api: { path: "/api/fmc_config/v1/domain/{{ fmc_domain_uuid }}/integration/cloudeventsconfigs" }
        expect: { that: ["ev.facts.items[0].sendFileEvents", "ev.facts.status == 200"] }
`,
      'fmc.yml',
      { registry },
    );
    const { result } = await run(pb, [fmc()], new FakeTransport(), { connectionFor: (h) => registry.resolve(h.vars, {}) });
    expect(result.hosts[0]!.steps.map((s) => s.status)).toEqual(['ok', 'ok']);
    expect(result.hosts[0]!.steps[1]!.check?.command).toBe(`GET /api/fmc_config/v1/domain/${DOMAIN}/integration/cloudeventsconfigs`);
  });

  it('fails the step, sending nothing, when an api action reaches a host whose kind cannot run it', async () => {
    const { registry, pb } = await setup();
    const tr = new FakeTransport({ ftd1: {} });
    const ftd = host('ftd1');
    const { result } = await run(pb, [ftd], tr, { extraVars: { fmc_domain_uuid: DOMAIN }, connectionFor: (h) => ({ kind: tr, target: registry.resolve(h.vars, {}).target }) });
    const step = result.hosts[0]!.steps[0]!;
    expect(step.status).toBe('failed');
    expect(step.error?.message).toContain("cannot send 'api' actions");
    expect(tr.device('ftd1').log).toEqual([]);
  });
});
