'use strict';
/**
 * Preloaded into a server under test (`node -r ./bench/profile/cpu-profiler.js ...`): the first
 * SIGWINCH starts V8's sampling profiler, the next one writes BENCH_PROFILE_DIR/<pid>-<n>.cpuprofile
 * (sigwinch-session.js).
 */
const { toggledBySigwinch } = require('./sigwinch-session');

toggledBySigwinch(
  'cpu-profiler',
  'cpuprofile',
  (session) =>
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 200 }, () => session.post('Profiler.start')),
    ),
  (session, save) =>
    session.post('Profiler.stop', (error, result) => {
      if (!error) save(result.profile);
    }),
);
