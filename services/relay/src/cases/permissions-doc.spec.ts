import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProblemError, ROLES, type RequestActor } from '@baton/platform';
import type { DataSource } from 'typeorm';
import { PERMISSIONS_DOC_FILE, READ_SCOPE, renderPermissionsDoc } from '../../scripts/permissions-doc';
import { CaseBoardController } from './case-board/case-board.controller';
import type { CaseCommand } from './case.decider';
import { CASE_PERMISSIONS, CASE_ROLES } from './case.permissions';

const ROOT = join(__dirname, '../../../..');
const SCRIPT = join(ROOT, 'services/relay/scripts/permissions-doc.ts');

/** Every member of the CaseCommand union: tsc refuses this literal when one is missing or unknown. */
const COMMAND_TYPES: Record<CaseCommand['type'], true> = {
  OpenCase: true,
  ReviseGoals: true,
  ProposeHandoff: true,
  AcceptHandoff: true,
  DeclineHandoff: true,
  WithdrawHandoff: true,
  EscalateOverdueHandoff: true,
  ExpireHandoff: true,
  RevokeConsent: true,
  RecordInterimUpdate: true,
  RecordOutcome: true,
  CloseCase: true,
  CloseCaseForClosedFirm: true,
};

describe('docs/relay-permissions.md', () => {
  const committed = readFileSync(PERMISSIONS_DOC_FILE, 'utf8');

  it('the committed file is up to date with CASE_PERMISSIONS', () => {
    // Prettier 3 loads its core with a dynamic import(), which Jest's CommonJS sandbox cannot run: the script
    // itself renders and formats the page in a child process, exactly as `npm run docs:relay-permissions` does.
    const fresh = execFileSync(process.execPath, [require.resolve('tsx/cli'), SCRIPT, '--stdout'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(fresh.startsWith('# Relay: who may do what\n')).toBe(true);
    if (committed !== fresh) {
      throw new Error(
        'docs/relay-permissions.md is stale: CASE_PERMISSIONS or its renderer changed. Run `npm run docs:relay-permissions` and commit the file.',
      );
    }
  }, 60_000);

  it('has a section and an overview row for every command of the CaseCommand union', () => {
    const types = Object.keys(COMMAND_TYPES);
    expect(Object.keys(CASE_PERMISSIONS).sort()).toEqual([...types].sort());
    for (const doc of [committed, renderPermissionsDoc()]) {
      for (const type of types) {
        expect(doc).toContain(`\n### ${type}\n`);
        expect(doc).toMatch(new RegExp(`\\n\\| \\[${type}\\]\\(#${type.toLowerCase()}\\) +\\|`));
      }
    }
  });

  it('names every role with its Korean name', () => {
    for (const { role, nameKo } of CASE_ROLES)
      expect(committed).toMatch(new RegExp(`\\| \`${role}\` +\\| ${nameKo.replace(/[()]/g, '\\$&')} +\\|`));
  });
});

describe('the read rules it documents', () => {
  const OTHER_AGENCY = '00000000-0000-4000-8000-000000000002';
  const controller = new CaseBoardController(
    // Every query answers one row: a case held by OTHER_AGENCY (and, read as proposals, one between others).
    {
      query: async () => [{ caseId: 'c-1', holder: OTHER_AGENCY, from: OTHER_AGENCY, to: OTHER_AGENCY }],
    } as unknown as DataSource,
    { waitForPosition: async () => undefined },
    0,
  );
  const actor = (role: RequestActor['role']): RequestActor => ({
    userId: 'u-1',
    role,
    agencyId: '00000000-0000-4000-8000-000000000001',
    regions: [],
  });

  it('cover every HTTP role: the case roles but `system`', () => {
    expect(Object.keys(READ_SCOPE).sort()).toEqual([...ROLES].sort());
    expect(CASE_ROLES.map((r) => r.role).filter((r) => r !== 'system')).toEqual([...ROLES]);
  });

  for (const role of ROLES) {
    it(`are the case board's: ${role} reads ${READ_SCOPE[role]} proposals`, async () => {
      const own = actor(role).agencyId!;
      for (const read of [controller.inbox, controller.outgoing].map((m) => m.bind(controller))) {
        await expect(read({ agencyId: own }, {}, actor(role))).resolves.toEqual({ items: expect.any(Array) });
        const other = read({ agencyId: OTHER_AGENCY }, {}, actor(role));
        if (READ_SCOPE[role] === 'every-agency') await expect(other).resolves.toBeDefined();
        else await expect(other).rejects.toMatchObject({ status: 403, problemType: 'forbidden' });
      }
      const theirCase = controller.one({ caseId: 'c-1' }, {}, actor(role));
      if (READ_SCOPE[role] === 'every-agency')
        await expect(theirCase).resolves.toMatchObject({ caseId: 'c-1' });
      else await expect(theirCase).rejects.toMatchObject({ status: 403, problemType: 'forbidden' });
    });
  }

  it('the refusal is a ProblemError without details.rule', async () => {
    const refusal = await controller
      .inbox({ agencyId: OTHER_AGENCY }, {}, actor('agency-staff'))
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProblemError);
    expect((refusal as ProblemError).extensions).not.toHaveProperty('rule');
  });
});
