// `show failover`: the lab's devices are standalone units (standard LINA output for `Failover Off`).

/** Render `show failover` for a standalone unit. */
export function renderShowFailover(): string {
  return [
    'Failover Off',
    'Failover unit Primary',
    'Failover LAN Interface: not Configured',
    'Reconnect timeout 0:00:00',
    'Unit Poll frequency 1 seconds, holdtime 15 seconds',
    'Interface Poll frequency 5 seconds, holdtime 25 seconds',
    'Interface Policy 1',
    'Monitored Interfaces 1 of 1291 maximum',
    'MAC Address Move Notification Interval not set',
  ].join('\n') + '\n';
}
