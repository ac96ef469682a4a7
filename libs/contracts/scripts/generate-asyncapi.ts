// Writes docs/asyncapi/baton.asyncapi.yaml from the contracts. Run: npm run asyncapi:generate
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { allContracts, buildAsyncApiDocument, renderAsyncApiYaml } from '../src';

const ASYNCAPI_FILE = join(__dirname, '../../../docs/asyncapi/baton.asyncapi.yaml');

mkdirSync(dirname(ASYNCAPI_FILE), { recursive: true });
writeFileSync(ASYNCAPI_FILE, renderAsyncApiYaml(buildAsyncApiDocument(allContracts)));
process.stdout.write(`wrote ${relative(process.cwd(), ASYNCAPI_FILE)}\n`);
