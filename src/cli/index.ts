// The saccade command: runs src/cli/main.ts's `run` on this process's arguments; Ctrl-C stops a running attack,
// which keeps its best image so far; a second Ctrl-C quits at once. The handler is in place before the engine
// (tfjs, the model) loads, so an early Ctrl-C also ends cleanly.
const stop = new AbortController();
process.on('SIGINT', () => {
  if (stop.signal.aborted) process.exit(130);
  stop.abort();
});
// required, not imported: bin/saccade.mjs runs this file as CommonJS (see there), where an import would be hoisted
const { run } = require('./main.ts') as typeof import('./main.ts');
run(process.argv.slice(2), stop.signal).then((code) => process.exit(code));
export {}; // a module, so that its names stay its own
