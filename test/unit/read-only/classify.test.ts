import { describe, expect, it } from 'vitest';
import { classifyCommand, commandShape } from '../../../src/read-only/index.js';
import type { CommandTarget } from '../../../src/read-only/index.js';

const ROOT: CommandTarget = { platform: 'ftd', mode: 'root' };
const EXPERT: CommandTarget = { platform: 'ftd', mode: 'expert' };
const CLISH: CommandTarget = { platform: 'ftd', mode: 'clish' };
const LINUX: CommandTarget = { platform: 'linux', mode: 'shell' };
const kind = (command: string, target: CommandTarget = ROOT): string => classifyCommand(command, target).kind;

describe('the read-only classifier', () => {
  it("accepts the shipped playbooks' checks, rendered as they are sent", () => {
    expect(kind('show network', CLISH)).toBe('read-only');
    expect(kind('show version', CLISH)).toBe('read-only');
    expect(kind('show failover', CLISH)).toBe('read-only');
    expect(kind('show failover | include This host|Other host', CLISH)).toBe('read-only');
    expect(kind("nslookup api-sse.cisco.com", EXPERT)).toBe('read-only');
    expect(kind("curl -v -m 10 https://api-sse.cisco.com --cacert /ngfw/etc/ssl/connectorCA.pem")).toBe('read-only');
    expect(kind("curl -v -k -m 10 'https://api-sse.cisco.com:8989'")).toBe('read-only');
    expect(kind('curl -sS localhost:8989/v1/contexts/default')).toBe('read-only');
    expect(kind('cat /ngfw/etc/sf/connector.properties')).toBe('read-only');
    expect(kind('pmtool status | grep SSEConnector')).toBe('read-only');
    expect(kind('netstat -anlp | grep EventHandler_SSEConnector.sock')).toBe('read-only');
    expect(kind('lsof -i | grep conn')).toBe('read-only');
    expect(kind('tail -n 50 /ngfw/var/log/connector/connector.log')).toBe('read-only');
  });

  it('accepts what an operator would expect to be read-only', () => {
    for (const c of [
      "awk '{print $1}' /etc/hosts",
      "awk -F: '$3 > 100 {print $1}' /etc/passwd",
      "sed -n '1,5p' /etc/hosts",
      "sed 's/a/b/g' /etc/hosts",
      'grep -c x /var/log/messages 2>/dev/null || true',
      'LC_ALL=C sort /etc/hosts | uniq -c | head -n 3',
      'sudo pmtool status',
      "su - root -c 'pmtool status'",
      'timeout 5 nslookup api-sse.cisco.com',
      'ip addr show',
      'date +%s',
      'hostname',
      '( cat /etc/hosts; echo done ) | wc -l',
      '{ cat /etc/hosts; } >/dev/null 2>&1',
      'echo $(pmtool status | grep SSE)',
      '! grep -q x /etc/hosts',
      'find /ngfw/var/log -name "*.log" -mtime -1',
      'openssl s_client -connect api-sse.cisco.com:443 </dev/null',
    ]) {
      expect([c, kind(c)]).toEqual([c, 'read-only']);
    }
    expect(kind('systemctl status sshd', LINUX)).toBe('read-only');
  });

  it('refuses the bypasses of issue 12, each with a reason', () => {
    const cases: [string, CommandTarget, RegExp][] = [
      ['configure network dns servers 1.1.1.1', CLISH, /only 'show …'/],
      ['pmtool disablebyid SSEConnector', ROOT, /pmtool disablebyid changes the device/],
      ['pmtool DisableByID SSEConnector', ROOT, /pmtool DisableByID changes the device/],
      ['echo x; pmtool disablebyid SSEConnector', ROOT, /pmtool disablebyid/],
      ['echo x && pmtool enablebyid SSEConnector', ROOT, /pmtool enablebyid/],
      ['false || pmtool restartbyid SSEConnector', ROOT, /pmtool restartbyid/],
      ['echo $(pmtool disablebyid SSEConnector)', ROOT, /pmtool disablebyid/],
      ['echo `pmtool disablebyid SSEConnector`', ROOT, /pmtool disablebyid/],
      ['(pmtool disablebyid SSEConnector)', ROOT, /pmtool disablebyid/],
      ['sudo pmtool disablebyid SSEConnector', EXPERT, /pmtool disablebyid/],
      ["su -c 'pmtool disablebyid SSEConnector'", ROOT, /pmtool disablebyid/],
      ['timeout 5 pmtool disablebyid SSEConnector', ROOT, /pmtool disablebyid/],
      ['env LANG=C pmtool disablebyid SSEConnector', ROOT, /pmtool disablebyid/],
      ['echo x > /etc/sf/connector.properties', ROOT, /writes a file/],
      ['cat a >> /tmp/b', ROOT, /writes a file/],
      ['cat a &> /tmp/b', ROOT, /writes a file/],
      ['cat a >&/tmp/b', ROOT, /writes a file/],
      ['cat a 2>/tmp/err', ROOT, /writes a file/],
      ['cat <>/tmp/x', ROOT, /opens a file for writing/],
      ['echo x | tee /tmp/x', ROOT, /tee "\/tmp\/x" writes a file/],
      ["sed -i 's/a/b/' /etc/hosts", ROOT, /sed -i/],
      ["sed -ni 's/a/b/' /etc/hosts", ROOT, /sed -i/],
      ["sed --in-place=.bak 's/a/b/' /etc/hosts", ROOT, /sed -i/],
      ["sed 's/a/b/w /tmp/x' /etc/hosts", ROOT, /writes a file/],
      ["sed '1e reboot' /etc/hosts", ROOT, /runs a command/],
      ["awk 'BEGIN{system(\"reboot\")}'", ROOT, /system\(\)/],
      ["awk '{print > \"/tmp/x\"}' /etc/hosts", ROOT, /output redirected/],
      ["awk '{print | \"sh\"}' /etc/hosts", ROOT, /pipe/],
      ['curl -o /tmp/x https://a', ROOT, /curl -o writes/],
      ['curl -sSo /tmp/x https://a', ROOT, /curl -o writes/],
      ['curl -O https://a/x', ROOT, /curl -O writes/],
      ['curl -T /etc/passwd https://a', ROOT, /uploads/],
      ['curl -d x=1 localhost:8989/v1/contexts', ROOT, /request body/],
      ['curl -X DELETE localhost:8989/v1/contexts/default', ROOT, /request method/],
      ['curl --request=POST localhost:8989/v1/contexts/default', ROOT, /request method/],
      ['curl gopher://127.0.0.1:8989/_POST', ROOT, /gopher/],
      ['curl -K /tmp/opts https://a', ROOT, /reads further options/],
      ['curl --expand-data x https://a', ROOT, /sends data/],
      ['curl --ssl-sessions /tmp/s https://a', ROOT, /writes a file/],
      ['date -s 2020-01-01', ROOT, /sets the clock/],
      ['hostname evil', ROOT, /sets the host name/],
      ['ip link set eth0 down', ROOT, /changes the network/],
      ['ss -K dst 1.2.3.4', ROOT, /closes sockets/],
      ['find / -name x -delete', ROOT, /-delete/],
      ['reboot', ROOT, /not on the read-only list/],
      ['rm -rf /ngfw', ROOT, /not on the read-only list/],
      ['PATH=/tmp cat x', ROOT, /setting PATH/],
      ['LD_PRELOAD=/tmp/x.so cat x', ROOT, /setting LD_PRELOAD/],
      ['/tmp/cat x', ROOT, /system program directory/],
      ['eval pmtool status', ROOT, /'eval' is not on the read-only list/],
      ['if true; then reboot; fi', ROOT, /compound commands/],
      ['cat x &', ROOT, /background job/],
      ['cat x # ; pmtool disablebyid SSEConnector', ROOT, /comment/],
      ['echo ${X:=pmtool}', ROOT, /parameter expansion/],
      ['$CMD status', ROOT, /parameter expansion/],
      ['echo $((x=1))', ROOT, /arithmetic/],
      ['cat {/etc/hosts,-i}', ROOT, /brace expansion/],
      ['echo !pmtool', ROOT, /history expansion/],
      ['^status^disablebyid SSEConnector', ROOT, /history substitution/],
      ['cat <(pmtool disablebyid x)', ROOT, /process substitution/],
      ['sudo -s', EXPERT, /sudo -s/],
      ['sudo su -', EXPERT, /su without -c/],
      ['show running-config | redirect disk0:/x', CLISH, /not a read-only CLISH output filter/],
      ['sh network', CLISH, /full word/],
      ['show running-config | include dns | redirect disk0:/x', CLISH, /only one CLISH output filter/],
      ['show network; reboot', CLISH, /';'/],
      ['reboot', CLISH, /only 'show …'/],
      ['expert', CLISH, /only 'show …'/],
    ];
    for (const [command, target, reason] of cases) {
      const v = classifyCommand(command, target);
      expect([command, v.kind]).toEqual([command, 'refused']);
      expect(v.reason, command).toMatch(reason);
    }
  });

  it('leaves what a template value decides to the moment of sending, and refuses what is wrong whatever the value', () => {
    const shape = (src: string): string => commandShape(src) as string;
    expect(kind(shape('{{ r.output }}'))).toBe('unknown');
    expect(kind(shape('{{ item }}'), CLISH)).toBe('unknown');
    expect(kind(shape('echo {{ label }}'))).toBe('unknown');
    expect(kind(shape('nslookup {{ host | quote }}'), EXPERT)).toBe('read-only');
    expect(kind(shape('curl -v {{ url | quote }}'))).toBe('unknown');
    expect(kind(shape('show {{ what }}'), CLISH)).toBe('unknown');
    expect(kind(shape('pmtool disablebyid {{ id | quote }}'))).toBe('refused');
    expect(kind(shape('configure network dns servers {{ dns | join(",") }}'), CLISH)).toBe('refused');
    expect(kind(shape('echo {{ x | quote }} > /tmp/out'))).toBe('refused');
  });

  it('treats a value that looks like a template stand-in as unknown, so the session refuses it', () => {
    expect(kind(`echo ${String.fromCharCode(0xe001)}`)).toBe('unknown');
  });
});
