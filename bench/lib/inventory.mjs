// Reads an Ansible-format YAML inventory (the lab's) into a flat host list with merged vars.
// Bench-only and deliberately small: group vars from parents flow down, host vars win. It is not firemend's
// inventory loader (the bench must not depend on the product to measure the product's floor).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** Load the inventory; returns [{ name, host, port, user, password, vars }] in file order. */
export function loadInventory(path) {
  const doc = parse(readFileSync(path, 'utf8')) ?? {};
  const hosts = new Map();
  const walk = (group, inherited) => {
    if (!group || typeof group !== 'object') return;
    const vars = { ...inherited, ...(group.vars ?? {}) };
    for (const [name, hv] of Object.entries(group.hosts ?? {})) {
      const prev = hosts.get(name) ?? {};
      hosts.set(name, { ...prev, ...vars, ...(hv ?? {}) });
    }
    for (const child of Object.values(group.children ?? {})) walk(child, vars);
  };
  for (const top of Object.values(doc)) walk(top, {});
  return [...hosts.entries()].map(([name, vars]) => ({
    name,
    host: String(vars.ansible_host ?? name),
    port: Number(vars.ansible_port ?? 22),
    user: String(vars.ansible_user ?? 'admin'),
    password: vars.ansible_password === undefined ? undefined : String(vars.ansible_password),
    vars: { inventory_hostname: name, ...vars },
  }));
}

/** Parse an OpenSSH known_hosts file into a Map of "[host]:port" / "host" → Set of base64 keys. */
export function loadKnownHosts(path) {
  const map = new Map();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const [names, , key] = t.split(/\s+/);
    if (!names || !key) continue;
    for (const n of names.split(',')) {
      if (!map.has(n)) map.set(n, new Set());
      map.get(n).add(key);
    }
  }
  return map;
}

/** The known_hosts lookup name OpenSSH uses for host:port. */
export function knownHostsName(host, port) {
  return port === 22 ? host : `[${host}]:${port}`;
}
