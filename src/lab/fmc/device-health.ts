// A lab FTD's health as its FMC shows it, read from the device model and its SSH endpoint at request time, so a
// device fixed by a playbook turns green on the FMC too. The colours and messages are the lab's (no real
// healthMessage text was found): a device whose endpoint is down (`unreachable`, mid-reboot) is red, one whose
// SSE connector cannot enroll carries the seeds' alert, "Threat Data Updates on Devices" / "Cisco Cloud
// Configuration - Failure" (DOMAIN.md, Symptoms), as yellow; anything else is green.
import type { SimDevice } from '../device/sim-device.js';
import type { DeviceServer } from '../ssh-server.js';
import type { DeviceHealth } from './model.js';

/** The message of the cloud alert (the seeds' alert name). */
const CLOUD_ALERT = 'Threat Data Updates on Devices: Cisco Cloud Configuration - Failure';
/** The message of a device the FMC cannot hear. */
const HEARTBEAT_ALERT = 'Appliance Heartbeat: the device is not sending heartbeats';

/** The health of one lab device right now. */
export function deviceHealth(device: SimDevice, server: Pick<DeviceServer, 'listening'>): DeviceHealth {
  if (!server.listening) return { status: 'red', message: HEARTBEAT_ALERT };
  if (device.connectorProblem() !== undefined) return { status: 'yellow', message: CLOUD_ALERT };
  return { status: 'green', message: '' };
}
