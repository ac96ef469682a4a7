// Writes docs/relay-permissions.md from CASE_PERMISSIONS. Run: npm run docs:relay-permissions
// (`--stdout` prints the page instead of writing it; the spec uses that to tell whether the file is stale).
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CaseStatus } from '../src/cases/case.decider';
import type { ForbiddenRule } from '../src/cases/case.errors';
import {
  CASE_PERMISSIONS,
  CASE_RELATIONS,
  CASE_ROLES,
  permittedRelations,
  type CaseCommandType,
  type CaseRelation,
  type CaseRole,
} from '../src/cases/case.permissions';

export const PERMISSIONS_DOC_FILE = join(__dirname, '../../../docs/relay-permissions.md');

/**
 * Agency-level read rules of the case board (case-board.controller.ts, not the decider): whose inbox and
 * outgoing proposals each role may read. `system` is no HTTP role. The spec checks this against the controller.
 */
export const READ_SCOPE: Readonly<Record<Exclude<CaseRole, 'system'>, 'own-agency' | 'every-agency'>> = {
  ministry: 'every-agency',
  'regional-office': 'every-agency',
  'agency-staff': 'own-agency',
  'crisis-center': 'own-agency',
  auditor: 'every-agency',
  admin: 'every-agency',
};

/** Every `details.rule` a `forbidden` refusal of the decider can carry (case.errors.ts ForbiddenRule). */
const FORBIDDEN_RULES: Readonly<Record<ForbiddenRule, string>> = {
  'role-not-permitted': 'The role may never issue the command (checked before anything about the case).',
  'not-the-holder': "The command is for the holder only, and the actor's agency does not hold the case.",
  'not-the-target':
    "The command is for the target only, and the actor's agency is not the open proposal's target.",
  'relation-not-permitted': 'The actor stands in none of the relations its role is allowed for the command.',
  'actor-without-agency': '`OpenCase` by an actor who acts for no agency.',
};

const STATE_LABELS: Readonly<Record<CaseStatus, string>> = {
  none: '`none` (no case yet)',
  open: '`open`',
  closed: '`closed`',
};

const code = (text: string) => `\`${text}\``;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const table = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  [header, header.map(() => '---'), ...rows].map((row) => `| ${row.map(cell).join(' | ')} |`).join('\n');

const COMMANDS = Object.keys(CASE_PERMISSIONS) as CaseCommandType[];
const ALL_RELATIONS = CASE_RELATIONS.map((r) => r.relation);
const nameKo = (role: CaseRole) => CASE_ROLES.find((r) => r.role === role)!.nameKo;
const isAny = (relations: readonly CaseRelation[]) => ALL_RELATIONS.every((r) => relations.includes(r));

function relationsLabel(role: CaseRole, command: CaseCommandType): string {
  const relations = permittedRelations(role, command);
  if (relations.length === 0) return 'never (`role-not-permitted`)';
  if (isAny(relations)) return 'any relation';
  return relations.map(code).join(' or ');
}

function overviewCell(role: CaseRole, command: CaseCommandType): string {
  const relations = permittedRelations(role, command);
  if (relations.length === 0) return '—';
  return isAny(relations) ? 'any' : relations.join(', ');
}

const statesOf = (command: CaseCommandType) =>
  (CASE_PERMISSIONS[command].states as readonly CaseStatus[]).map((s) => STATE_LABELS[s]).join(', ');

function commandSection(command: CaseCommandType): string {
  const { description } = CASE_PERMISSIONS[command];
  return [
    `### ${command}`,
    description,
    `Applies when the case is: ${statesOf(command)}.`,
    table(
      ['Role', '역할', 'Allowed when the actor is'],
      CASE_ROLES.map(({ role }) => [code(role), nameKo(role), relationsLabel(role, command)]),
    ),
  ].join('\n\n');
}

/** The markdown of docs/relay-permissions.md, before prettier: a pure function of CASE_PERMISSIONS. */
export function renderPermissionsDoc(): string {
  const roles = CASE_ROLES.map(({ role }) => role);
  return [
    '# Relay: who may do what',
    '<!-- Generated from CASE_PERMISSIONS (services/relay/src/cases/case.permissions.ts) by `npm run docs:relay-permissions`. Do not edit by hand: a test fails when this file is stale. -->',
    'Every command on a support case (지원 사례) is authorized on the server by the support-case decider ' +
      '(`decide` in `services/relay/src/cases/case.decider.ts`) before anything is written. It checks, in order:',
    [
      '1. **Role.** A role not listed for the command may never issue it; it is refused before anything about the case is looked at.',
      '2. **Case state.** Outside the states the command applies in it is refused with `case-not-found` (404), ' +
        '`case-already-exists` (409) or `case-closed` (409).',
      '3. **Relation.** The actor must stand to the case in one of the relations its role is allowed for the command.',
    ].join('\n'),
    'Every refusal by role or relation is `403` `application/problem+json` of type `forbidden`, with `details.rule` ' +
      'naming the check that refused (and `details.command`, `role`, `agencyId`, the actor’s `relations` and the ' +
      '`allowed` ones). Nothing is written: no event is appended and the case keeps its revision.',
    table(
      ['`details.rule`', 'Why'],
      Object.entries(FORBIDDEN_RULES).map(([rule, why]) => [code(rule), why]),
    ),
    '## Roles',
    table(
      ['Role', '역할'],
      CASE_ROLES.map(({ role, nameKo }) => [code(role), nameKo]),
    ),
    '`system` is the relay itself (its deadline watcher and its reactions to other services’ events); no HTTP request can act as it.',
    '## Relations',
    'How an actor stands to a case. An actor can stand in several at once; `any relation` in the tables below means the relation does not matter.',
    table(
      ['Relation', 'Meaning'],
      CASE_RELATIONS.map(({ relation, description }) => [code(relation), description]),
    ),
    '## Overview',
    'Relations in which each role may issue each command (— never).',
    table(
      ['Command', 'Case states', ...roles.map(code)],
      COMMANDS.map((command) => [
        `[${command}](#${command.toLowerCase()})`,
        (CASE_PERMISSIONS[command].states as readonly CaseStatus[]).map(code).join(', '),
        ...roles.map((role) => overviewCell(role, command)),
      ]),
    ),
    '## Commands',
    ...COMMANDS.map(commandSection),
    '## Reading: agency-level rules',
    'Queries are not commands: the decider never sees them. The case board HTTP layer ' +
      '(`services/relay/src/cases/case-board/case-board.controller.ts`) enforces who may read whose proposals; ' +
      'a request naming no actor is refused with `401`.',
    table(
      ['Role', '역할', '`GET /agencies/:agencyId/inbox`, `…/outgoing` and `…/escalations`'],
      (Object.keys(READ_SCOPE) as (keyof typeof READ_SCOPE)[]).map((role) => [
        code(role),
        nameKo(role),
        READ_SCOPE[role] === 'own-agency'
          ? 'only its own agency’s (`:agencyId` is the actor’s agency)'
          : 'every agency’s',
      ]),
    ),
    'Reading another agency’s inbox, outgoing or escalated proposals without an oversight role is refused with `403` ' +
      '`application/problem+json` of type `forbidden` ("Not your agency"); this refusal comes from the HTTP layer, ' +
      'not the decider, so it carries no `details.rule`. `GET /cases/:caseId` follows the same rule: agency staff and crisis centers read a case their agency holds or was party to a hand-off of (sent or received).',
  ].join('\n\n');
}

/** Formats markdown as the repository's prettier does (`.prettierrc.json`, `.editorconfig`). */
export async function formatMarkdown(markdown: string, file = PERMISSIONS_DOC_FILE): Promise<string> {
  // Loaded here, not on import: merely loading prettier 3 starts a dynamic import() that Jest cannot run.
  const prettier = await import('prettier');
  const config = await prettier.resolveConfig(file, { editorconfig: true });
  return prettier.format(markdown, { ...config, parser: 'markdown', filepath: file });
}

export const generatePermissionsDoc = async (): Promise<string> => formatMarkdown(renderPermissionsDoc());

async function main() {
  const doc = await generatePermissionsDoc();
  if (process.argv.includes('--stdout')) {
    process.stdout.write(doc);
    return;
  }
  writeFileSync(PERMISSIONS_DOC_FILE, doc);
  process.stdout.write(`wrote ${relative(process.cwd(), PERMISSIONS_DOC_FILE)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
