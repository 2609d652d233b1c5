import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDomainsHeader, selectDomain } from '../../../../src/connections/httpapi/domain.js';
import { fmcErrorDescription, httpErrorLine } from '../../../../src/connections/httpapi/fmc-error.js';
import { isCollectionPage, nextPagePath, pagedQuery, pageItems, withQuery } from '../../../../src/connections/httpapi/paging.js';
import { retryAfterMs } from '../../../../src/connections/httpapi/fmc-client.js';
import { FiremendError } from '../../../../src/errors.js';
import { fixtureText, recorded, recordedHeader } from '../../../helpers/fmc-fixtures.js';

const GLOBAL = 'e276abec-e0f2-11e3-8169-6d9ed49b625f';
const GROUPS = '/api/fmc_config/v1/domain/e276abec-e0f2-11e3-8169-6d9ed49b625f/object/networkgroups';

describe('FMC answers recorded on the DevNet sandbox', () => {
  it('are each named in SOURCES.md', () => {
    const dir = fileURLToPath(new URL('../../../fixtures/real/', import.meta.url));
    const sources = readFileSync(`${dir}SOURCES.md`, 'utf8');
    const files = readdirSync(`${dir}fmc`);
    expect(files.length).toBeGreaterThanOrEqual(11);
    for (const f of files) expect(sources, `${f} is not in SOURCES.md`).toContain(`| ${f} |`);
  });

  it('reads the domains of the recorded login answer', () => {
    const login = recorded('postman-generatetoken-204.json');
    const domains = parseDomainsHeader(recordedHeader(login, 'DOMAINS'));
    expect(domains).toEqual([{ name: 'Global', uuid: GLOBAL }]);
    expect(selectDomain(domains, undefined, recordedHeader(login, 'DOMAIN_UUID'), 'fmc1').uuid).toBe(GLOBAL);
  });

  it('turns each recorded error body into the FMC\'s own description', () => {
    expect(fmcErrorDescription(JSON.parse(recorded('postman-generatetoken-401-invalid-creds.json').body))).toBe('User authentication failed.');
    expect(fmcErrorDescription(JSON.parse(recorded('postman-refreshtoken-400-missing.json').body))).toBe('No refresh token found');
    expect(fmcErrorDescription(JSON.parse(recorded('postman-refreshtoken-401-obsolete.json').body))).toBe('Invalid refresh token');
    const dup = recorded('postman-hosts-duplicate-400.json');
    expect(httpErrorLine(dup.code, JSON.parse(dup.body), dup.body)).toBe('HTTP 400: The object name NET_VPN_EAST already exists. Enter a new name.');
    const bad = recorded('postman-portobjectgroups-bad-body-422.json');
    expect(httpErrorLine(bad.code, JSON.parse(bad.body), bad.body)).toBe('HTTP 422: Unprocessable Entity');
    const assigned = recorded('postman-policyassignments-already-406.json');
    expect(httpErrorLine(assigned.code, JSON.parse(assigned.body), assigned.body)).toMatch(/^HTTP 406: Given policy already has some assignments/);
  });

  it('says the start of a body that is not an FMC error', () => {
    expect(httpErrorLine(502, undefined, '<html>\n<body>Bad   Gateway</body></html>')).toBe('HTTP 502: <html> <body>Bad Gateway</body></html>');
    expect(httpErrorLine(500, null, '')).toBe('HTTP 500');
  });

  it('follows paging.next[0] of a recorded page by its path and query only', () => {
    const page = JSON.parse(recorded('postman-networkgroups-limit10-200.json').body) as unknown;
    expect(isCollectionPage(page)).toBe(true);
    expect(pageItems(page)).toHaveLength(10);
    // The recording links to fmcrestapisandbox.cisco.com; we keep talking to the FMC we reached.
    expect(nextPagePath(page, GROUPS)).toBe(`${GROUPS}?offset=10&limit=10`);
    // A link to another path is not followed.
    expect(nextPagePath(page, '/api/fmc_config/v1/domain/x/object/hosts')).toBeUndefined();
  });

  it('reads the recorded empty collection, which has no items key', () => {
    const empty = JSON.parse(recorded('postman-devicerecords-empty-200.json').body) as unknown;
    expect(isCollectionPage(empty)).toBe(true);
    expect(pageItems(empty)).toEqual([]);
    expect(nextPagePath(empty, '/x')).toBeUndefined();
  });

  it('reads the recorded 6.5 device records page', () => {
    const page = JSON.parse(fixtureText('devicerecords-6.5-expanded-limit2.json')) as unknown;
    expect(pageItems(page).map((d) => (d as { name: string }).name)).toEqual(['Cat', 'Poop']);
    expect(nextPagePath(page, '/x')).toBeUndefined();
  });
});

describe('paging queries', () => {
  it('asks for pages of 1000 unless the step set a limit, and follows pages unless it set an offset', () => {
    expect(pagedQuery({ expanded: 'true' }, 1000)).toEqual({ query: { expanded: 'true', limit: '1000' }, follow: true });
    expect(pagedQuery(undefined, 5000)).toEqual({ query: { limit: '1000' }, follow: true });
    expect(pagedQuery({ limit: '5' }, 1000)).toEqual({ query: { limit: '5' }, follow: true });
    expect(pagedQuery({ offset: '20' }, 1000).follow).toBe(false);
    expect(withQuery('/p', { filter: 'name:a b;x', limit: '2' })).toBe('/p?filter=name%3Aa+b%3Bx&limit=2');
  });
});

describe('the domain', () => {
  const domains = [
    { name: 'Global', uuid: GLOBAL },
    { name: 'Global/Branch', uuid: '11111111-2222-3333-4444-555555555555' },
    { name: 'Global/EU/Site', uuid: 'aaaaaaaa-2222-3333-4444-555555555555' },
    { name: 'Global/US/Site', uuid: 'bbbbbbbb-2222-3333-4444-555555555555' },
  ];

  it('is Global by default, and chosen by full name, last part or UUID', () => {
    expect(selectDomain(domains, undefined, undefined, 'f').name).toBe('Global');
    expect(selectDomain(domains, 'Global/Branch', undefined, 'f').uuid).toBe('11111111-2222-3333-4444-555555555555');
    expect(selectDomain(domains, 'branch', undefined, 'f').name).toBe('Global/Branch');
    expect(selectDomain(domains, 'AAAAAAAA-2222-3333-4444-555555555555', undefined, 'f').name).toBe('Global/EU/Site');
  });

  it('refuses an unknown or ambiguous name, naming the host and the choices', () => {
    expect(() => selectDomain(domains, 'Nope', undefined, 'fmc1 (10.0.0.1)')).toThrow(/fmc1 \(10\.0\.0\.1\): fmc_domain: no domain 'Nope' for this user \(domains: Global, Global\/Branch/);
    expect(() => selectDomain(domains, 'Site', undefined, 'f')).toThrow(/names 2 domains/);
    const err = (() => {
      try {
        selectDomain([], 'Nope', GLOBAL, 'f');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(FiremendError);
    expect((err as FiremendError).code).toBe('E_USAGE');
  });

  it('falls back to the login DOMAIN_UUID when the FMC lists no domains', () => {
    expect(selectDomain(parseDomainsHeader(undefined), undefined, GLOBAL, 'f')).toEqual({ name: 'Global', uuid: GLOBAL });
    expect(parseDomainsHeader('not json')).toEqual([]);
  });
});

describe('Retry-After', () => {
  it('takes seconds or an HTTP date', () => {
    expect(retryAfterMs('7', 0)).toBe(7000);
    expect(retryAfterMs(undefined, 0)).toBeUndefined();
    expect(retryAfterMs('soon', 0)).toBeUndefined();
    const now = Date.parse('Wed, 15 Apr 2020 15:51:59 GMT');
    expect(retryAfterMs('Wed, 15 Apr 2020 15:52:09 GMT', now)).toBe(10_000);
  });
});
