import { runCli } from './cli';

runCli(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`baton-audit: ${error.stack ?? error}\n`);
    process.exitCode = 1;
  },
);
