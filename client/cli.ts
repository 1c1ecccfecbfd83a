import { runCli } from './cli/program';

// The box-sign command (bin/box-sign.js): client/cli/program.ts builds it.
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
