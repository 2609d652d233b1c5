import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layering rule of eslint.config.js, run on imports that break it (the files are linted as text; none is written).
const cwd = fileURLToPath(new URL('../../', import.meta.url));
// Only this rule runs, so the probes need no type information (they are in no tsconfig project).
const eslint = new ESLint({
  cwd,
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
});

async function refused(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${cwd}${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layering lint', () => {
  it('keeps ssh2, connection kinds and lab/ out of engine/; the contract and the registry are allowed', async () => {
    const messages = await refused(
      'src/engine/layering-probe.ts',
      [
        "import type { Client } from 'ssh2';",
        "import type { SshSession } from '../connections/ssh/ssh-session.js';",
        "import type { Session } from '../connections/ssh/transport.js';",
        "import type { HttpapiTarget } from '../connections/httpapi/kind.js';",
        "import type { Connection } from '../connections/connection.js';",
        "import type { ConnectionRegistry } from '../connections/registry.js';",
        "import type { Fleet } from '../lab/fleet.js';",
        'export type X = [Client, SshSession, Session, HttpapiTarget, Connection, ConnectionRegistry, Fleet];',
      ].join('\n'),
    );
    expect(messages).toHaveLength(5);
    expect(messages.join('\n')).toMatch(
      /'ssh2'[\s\S]*'..\/connections\/ssh\/ssh-session.js'[\s\S]*'..\/connections\/ssh\/transport.js'[\s\S]*'..\/connections\/httpapi\/kind.js'[\s\S]*'..\/lab\/fleet.js'/,
    );
  });

  it('keeps lab/ out of connections/, cli/ out of report/, and parsers/ pure', async () => {
    expect(await refused('src/connections/layering-probe.ts', "export * from '../lab/index.js';\n")).toHaveLength(1);
    expect(await refused('src/connections/ssh/layering-probe.ts', "export * from '../../lab/index.js';\n")).toHaveLength(1);
    expect(await refused('src/report/layering-probe.ts', "export { EXIT } from '../cli/exit-codes.js';\n")).toHaveLength(1);
    const parser = [
      "import { readFileSync } from 'node:fs';",
      "import { ParseError } from '../errors.js';",
      "import { parseShowVersion } from './show-version.js';",
      'export const x = [readFileSync, ParseError, parseShowVersion];',
    ].join('\n');
    expect(await refused('src/parsers/layering-probe.ts', parser)).toEqual([expect.stringContaining("'node:fs'")]);
  });

  it('lets only cli/ import process', async () => {
    const source = "import { argv } from 'node:process';\nexport const a = argv;\n";
    expect(await refused('src/plan/layering-probe.ts', source)).toHaveLength(1);
    expect(await refused('src/cli/layering-probe.ts', source)).toEqual([]);
  });
}, 120_000);
