'use strict';
/**
 * Preloaded into a server under test (`node --expose-gc -r ./bench/profile/gc-on-signal.js ...`): each
 * SIGURG runs a full garbage collection, so that heap used read right after is what is still retained
 * (a leak), not garbage that has not been collected yet. SIGURG because its default is to be ignored
 * and neither Nest's shutdown hooks nor the CPU profiler preload (SIGWINCH) use it.
 */
if (typeof global.gc !== 'function') throw new Error('gc-on-signal.js needs node --expose-gc');
process.on('SIGURG', () => global.gc());
