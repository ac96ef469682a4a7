// Re-renders docs/benchmarks/firm-registry.md from docs/benchmarks/firm-registry.json (e.g. after editing
// the hand-written analysis section) without running the benchmark again:
//   node -r ./libs/platform/runtime/register.js services/firm-registry/bench/render.ts [dir]
import fs from 'node:fs';
import path from 'node:path';
import { writeMarkdown, type Report } from './report';

const dir = path.resolve(process.argv[2] ?? path.join(__dirname, '../../../docs/benchmarks'));
const report = JSON.parse(fs.readFileSync(path.join(dir, 'firm-registry.json'), 'utf8')) as Report;
const breakdown = (report.runs as { breakdown?: string[] }).breakdown ?? [];
writeMarkdown(path.join(dir, 'firm-registry.md'), report, breakdown).catch((error) => {
  process.stderr.write(`${error}\n`);
  process.exitCode = 1;
});
