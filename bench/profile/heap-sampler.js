'use strict';
/**
 * Preloaded into a server under test (`node -r ./bench/profile/heap-sampler.js ...`), like
 * cpu-profiler.js: the first SIGWINCH starts V8's sampling heap profiler, the next one writes
 * BENCH_PROFILE_DIR/<pid>-<n>.heapprofile. It keeps the samples of objects the GC has already
 * collected, so the profile shows what was ALLOCATED while it ran (garbage included), not what
 * is still alive: the bytes a request costs the young generation. Plain JS, as cpu-profiler.js.
 */
const { Session } = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.BENCH_PROFILE_DIR || 'bench/results/profiles';
const session = new Session();
session.connect();
let running = false;
let count = 0;

process.on('SIGWINCH', () => {
  if (!running) {
    running = true;
    session.post('HeapProfiler.startSampling', {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    return;
  }
  running = false;
  session.post('HeapProfiler.stopSampling', (error, result) => {
    if (error) return;
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${process.pid}-${++count}.heapprofile`);
    writeFileSync(file, JSON.stringify(result.profile));
    process.stderr.write(`heap-sampler: wrote ${file}\n`);
  });
});
