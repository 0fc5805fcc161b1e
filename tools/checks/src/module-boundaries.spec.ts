import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Proves the lint rules really constrain: each probe is linted (by the ESLint CLI, as `nx lint`
// does) as if it were a file of that project, without writing it to disk.
const workspaceRoot = join(__dirname, '../../..');
const eslintBin = join(workspaceRoot, 'node_modules/eslint/bin/eslint.js');

interface LintMessage {
  ruleId: string;
  message: string;
  severity: number;
}

async function lintErrors(filePath: string, code: string): Promise<string[]> {
  const run = spawnSync(process.execPath, [eslintBin, '--format', 'json', '--stdin', '--stdin-filename', filePath], {
    cwd: workspaceRoot,
    input: code,
    encoding: 'utf8',
  });
  if (!run.stdout.startsWith('[')) throw new Error(`eslint failed: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as { messages: LintMessage[] }[];
  return result.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('module boundaries', () => {
  it('forbids a service from importing another service’s libs', async () => {
    const errors = await lintErrors(
      'apps/cart/src/probe.ts',
      "import { ProductsRepository } from '@bazaar/catalog/data-access';\nexport const probe = ProductsRepository;\n",
    );
    expect(errors).toEqual([
      expect.stringMatching(/^@nx\/enforce-module-boundaries: A project tagged with "scope:cart" can only depend on libs tagged with "scope:cart", "scope:shared"/),
    ]);
  });

  it('forbids a shared lib from importing a service’s lib', async () => {
    const errors = await lintErrors(
      // A shared lib that order's data-access does not itself use, so the probe is no cycle.
      'libs/shared/service-defaults/src/probe.ts',
      "import { OrdersRepository } from '@bazaar/order/data-access';\nexport const probe = OrdersRepository;\n",
    );
    expect(errors.join()).toContain('A project tagged with "scope:shared" can only depend on libs tagged with "scope:shared"');
  });

  it('keeps frameworks out of contracts', async () => {
    const errors = await lintErrors('libs/contracts/src/probe.ts', "import { Injectable } from '@nestjs/common';\nexport const probe = Injectable;\n");
    expect(errors.join()).toContain('A project tagged with "type:contracts" is not allowed to import "@nestjs/common"');
  });

  it('keeps kafkajs behind the messaging lib', async () => {
    const code = "import { Kafka } from 'kafkajs';\nexport const probe = Kafka;\n";
    expect((await lintErrors('apps/order/src/probe.ts', code)).join()).toContain('no-restricted-imports');
    expect(await lintErrors('libs/shared/messaging/src/probe.ts', code)).toEqual([]);
  });

  it('allows a service its own scope and shared libs', async () => {
    const code =
      "import { CartsRepository } from '@bazaar/cart/data-access';\nimport { PING_PATTERN } from '@bazaar/contracts';\nexport const probe = [CartsRepository, PING_PATTERN];\n";
    expect(await lintErrors('apps/cart/src/probe.ts', code)).toEqual([]);
  });
});
