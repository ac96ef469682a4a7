// Re-renders docs/benchmarks/eventstore.md from docs/benchmarks/eventstore.json (e.g. after editing the
// hand-written analysis section) without running the benchmark again:
//   npx tsx libs/eventstore/bench/render.ts [dir]
import fs from 'node:fs';
import path from 'node:path';
import { writeMarkdown, type Report } from './report';

const dir = path.resolve(process.argv[2] ?? path.join(__dirname, '../../../docs/benchmarks'));
const report = JSON.parse(fs.readFileSync(path.join(dir, 'eventstore.json'), 'utf8')) as Report;
writeMarkdown(path.join(dir, 'eventstore.md'), report).catch((error) => {
  process.stderr.write(`${error}\n`);
  process.exitCode = 1;
});
