'use strict';
/**
 * Test-only entry of the fuzzed processor (test/fuzz/fuzz-target.ts forks it with --expose-gc): it answers
 * {type:'memory'} over IPC with the processor's heap after two forced collections, so growth means retained
 * memory, then runs the processor's own entry point (argv[2], services/processor/dist/main.js) unchanged.
 */
const collect = globalThis.gc;
if (typeof collect !== 'function') throw new Error('processor-child.cjs must run with --expose-gc');

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

process.on('message', (message) => {
  if (!message || message.type !== 'memory') return;
  void (async () => {
    // The second pass frees what finalizers of the first one released.
    for (let i = 0; i < 2; i++) {
      collect();
      await nextTurn();
    }
    process.send?.({ type: 'memory', usage: process.memoryUsage() });
  })();
});
// Orphaned (the test process died without stopping it): stop as the processor does on SIGTERM.
process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
// The IPC channel must not keep the process alive on its own: the processor decides when to exit.
process.channel?.unref();

require(process.argv[2]);
