// curl is read-only when it only fetches: no upload, no request body, no method but GET/HEAD, no file
// written (output, cookie jar, headers, traces, caches), no options read from a file, and only http(s) URLs
// (gopher://, telnet://, dict://, smtp:// … can send arbitrary bytes to a service).
import { isStatic, notKnown, show, valueText, walkOptions } from './arg-tools.js';
import type { Word } from './shell-parse.js';
import { readOnly, refused, type Verdict } from './verdict.js';

// Short options that take a value (curl 7.29–8.x); every other known letter is a flag.
const SHORT_WITH_ARG = 'AbcCdDeEFHKmoPQrtTuUwxXyYz';
const SHORT_FLAGS = 'vksSLIifG0123456#aBjJlMnNpqRVZ';
// Long options that take a value, as far as the rules below need to skip it.
const LONG_WITH_ARG = [
  '--cacert', '--capath', '--cert', '--cert-type', '--key', '--key-type', '--max-time', '--connect-timeout', '--header',
  '--user', '--user-agent', '--referer', '--proxy', '--proxy-user', '--noproxy', '--resolve', '--connect-to', '--interface',
  '--retry', '--retry-delay', '--retry-max-time', '--range', '--write-out', '--cookie', '--max-filesize', '--speed-time',
  '--speed-limit', '--limit-rate', '--ciphers', '--tls-max', '--pinnedpubkey', '--dns-servers', '--max-redirs', '--url',
  '--request', '--output', '--upload-file', '--data', '--data-raw', '--data-binary', '--data-ascii', '--data-urlencode',
  '--form', '--form-string', '--json', '--config', '--cookie-jar', '--dump-header', '--trace', '--trace-ascii', '--libcurl',
  '--stderr', '--etag-save', '--hsts', '--alt-svc', '--quote', '--output-dir', '--mail-from', '--mail-rcpt', '--proto-default',
  '--time-cond', '--expect100-timeout', '--happy-eyeballs-timeout-ms', '--keepalive-time', '--local-port', '--proxy-header',
  '--url-query', '--variable', '--etag-compare',
];

const WRITES: Record<string, string> = {
  '-o': 'writes the response to a file',
  '--output': 'writes the response to a file',
  '-O': 'writes the response to a file',
  '--remote-name': 'writes the response to a file',
  '--remote-name-all': 'writes responses to files',
  '--output-dir': 'writes files',
  '--create-dirs': 'creates directories',
  '-J': 'writes the response to a file',
  '--remote-header-name': 'writes the response to a file',
  '-c': 'writes a cookie jar file',
  '--cookie-jar': 'writes a cookie jar file',
  '--libcurl': 'writes a C source file',
  '--stderr': 'writes to a file',
  '--etag-save': 'writes a file',
  '--hsts': 'writes an HSTS cache file',
  '--alt-svc': 'writes an alt-svc cache file',
  '-T': 'uploads a file',
  '--upload-file': 'uploads a file',
  '-d': 'sends a request body (POST)',
  '--data': 'sends a request body (POST)',
  '--data-raw': 'sends a request body (POST)',
  '--data-binary': 'sends a request body (POST)',
  '--data-ascii': 'sends a request body (POST)',
  '--data-urlencode': 'sends a request body (POST)',
  '-F': 'sends a form (POST)',
  '--form': 'sends a form (POST)',
  '--form-string': 'sends a form (POST)',
  '--json': 'sends a request body (POST)',
  '-Q': 'sends raw protocol commands',
  '--quote': 'sends raw protocol commands',
  '-K': 'reads further options from a file',
  '--config': 'reads further options from a file',
  '-a': 'appends to an upload target',
  '--append': 'appends to an upload target',
  '--mail-from': 'sends mail',
  '--mail-rcpt': 'sends mail',
  '-:': 'starts another transfer',
  '--next': 'starts another transfer',
  '--proto-default': 'changes the protocol of scheme-less URLs',
  '--variable': 'reads variables from files',
};

// Writes a file unless the value is `-` (stdout).
const WRITES_UNLESS_STDOUT = new Set(['-D', '--dump-header', '--trace', '--trace-ascii']);

// curl guesses the protocol of a scheme-less URL from these host prefixes.
const GUESSED = /^(ftp|dict|ldap|imap|smtp|pop3)\./i;

function urlProblem(url: string): string | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url);
  if (scheme) return /^https?$/i.test(scheme[1] as string) ? undefined : `the URL scheme ${scheme[1]}:// is not http(s)`;
  if (GUESSED.test(url)) return `curl would guess a non-http protocol for ${JSON.stringify(url)}`;
  return undefined;
}

/** curl: read-only when it only fetches over http(s). */
export function curlRule(args: Word[]): Verdict {
  const verdict = walkOptions(args, { shortWithArg: SHORT_WITH_ARG, longWithArg: LONG_WITH_ARG }, ({ option, value, operand, word }) => {
    if (operand) {
      if (!isStatic(operand)) return notKnown(operand, 'the curl URL');
      const problem = urlProblem(operand.value);
      return problem ? refused(`curl ${problem}`) : undefined;
    }
    if (option === undefined) return undefined;
    const writes = WRITES[option];
    if (writes) return refused(`curl ${option} ${writes}`);
    if (WRITES_UNLESS_STDOUT.has(option)) {
      const text = valueText(value);
      if (text === undefined) return value && typeof value !== 'string' ? notKnown(value, `the file of curl ${option}`) : refused(`curl ${option} needs a value`);
      return text === '-' ? undefined : refused(`curl ${option} ${text} writes a file`);
    }
    if (option === '-X' || option === '--request') {
      const text = valueText(value);
      if (text === undefined) return value && typeof value !== 'string' ? notKnown(value, 'the curl request method') : refused(`curl ${option} needs a value`);
      return /^(GET|HEAD)$/.test(text) ? undefined : refused(`curl ${option} ${text} changes the request method (only GET and HEAD are read-only)`);
    }
    if (option === '--url') {
      const text = valueText(value);
      if (text === undefined) return value && typeof value !== 'string' ? notKnown(value, 'the curl URL') : refused('curl --url needs a value');
      const problem = urlProblem(text);
      return problem ? refused(`curl ${problem}`) : undefined;
    }
    // Families of long options that send a body, upload, mail or save state, present and future.
    if (/^--(data|form|json|expand-|upload|mail-|ssl-sessions)/.test(option)) return refused(`curl ${option} sends data or writes a file`);
    if (option.startsWith('--')) return undefined; // other long options only tune a fetch
    const letter = option.slice(1);
    if (SHORT_WITH_ARG.includes(letter) || SHORT_FLAGS.includes(letter)) return undefined;
    return refused(`curl option ${option} (in ${show(word)}) is not known to be read-only`);
  });
  return verdict ?? readOnly('curl fetches over http(s) without writing or uploading');
}
