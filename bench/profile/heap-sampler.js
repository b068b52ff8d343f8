'use strict';
/**
 * Preloaded into a server under test (`node -r ./bench/profile/heap-sampler.js ...`), like
 * cpu-profiler.js: the first SIGWINCH starts V8's sampling heap profiler, the next one writes
 * BENCH_PROFILE_DIR/<pid>-<n>.heapprofile. It keeps the samples of objects the GC has already
 * collected, so the profile shows what was ALLOCATED while it ran (garbage included), not what
 * is still alive: the bytes a request costs the young generation.
 */
const { toggledBySigwinch } = require('./sigwinch-session');

toggledBySigwinch(
  'heap-sampler',
  'heapprofile',
  (session) =>
    session.post('HeapProfiler.startSampling', {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    }),
  (session, save) =>
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (!error) save(result.profile);
    }),
);
