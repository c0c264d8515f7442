// The saccade command: runs src/cli/main.ts's `run` on this process's arguments; Ctrl-C stops a running attack,
// which keeps its best image so far; a second Ctrl-C quits at once.
import { run } from './main.ts';

const stop = new AbortController();
process.on('SIGINT', () => {
  if (stop.signal.aborted) process.exit(130);
  stop.abort();
});
run(process.argv.slice(2), stop.signal).then((code) => process.exit(code));
