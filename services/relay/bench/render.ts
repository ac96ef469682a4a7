// Re-renders docs/benchmarks/relay.md from docs/benchmarks/relay.json (e.g. after editing the hand-written
// analysis section) without running the benchmark again:
//   node -r ./libs/platform/runtime/register.js services/relay/bench/render.ts [dir]
import fs from 'node:fs';
import path from 'node:path';
import { writeMarkdown, type Report } from './report';

const dir = path.resolve(process.argv[2] ?? path.join(__dirname, '../../../docs/benchmarks'));
const report = JSON.parse(fs.readFileSync(path.join(dir, 'relay.json'), 'utf8')) as Report;
const breakdown = (report.runs as { breakdown?: string[] }).breakdown ?? [];
writeMarkdown(path.join(dir, 'relay.md'), report, breakdown).catch((error) => {
  process.stderr.write(`${error}\n`);
  process.exitCode = 1;
});
