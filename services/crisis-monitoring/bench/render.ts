// Re-renders docs/benchmarks/crisis.md from docs/benchmarks/crisis.json (e.g. after editing the hand-written
// analysis section) without running the benchmark again:
//   node -r ./libs/platform/runtime/register.js services/crisis-monitoring/bench/render.ts [dir]
import fs from 'node:fs';
import path from 'node:path';
import { writeMarkdown, type Report, type Section } from './report';

const dir = path.resolve(process.argv[2] ?? path.join(__dirname, '../../../docs/benchmarks'));
const report = JSON.parse(fs.readFileSync(path.join(dir, 'crisis.json'), 'utf8')) as Report;
const sections = (report.runs as { sections?: Section[] }).sections ?? [];
writeMarkdown(path.join(dir, 'crisis.md'), report, sections).catch((error) => {
  process.stderr.write(`${error}\n`);
  process.exitCode = 1;
});
