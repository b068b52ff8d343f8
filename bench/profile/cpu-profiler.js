'use strict';
/**
 * Preloaded into a server under test (`node -r ./bench/profile/cpu-profiler.js ...`): the first
 * SIGWINCH starts V8's sampling profiler, the next one writes BENCH_PROFILE_DIR/<pid>-<n>.cpuprofile.
 * SIGWINCH because Nest's enableShutdownHooks() closes the app on SIGUSR2. Plain JS on purpose: loading ts-node into the server would patch stack traces and skew the profile.
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
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 200 }, () => session.post('Profiler.start')),
    );
    return;
  }
  running = false;
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${process.pid}-${++count}.cpuprofile`), JSON.stringify(result.profile));
    process.stderr.write(`cpu-profiler: wrote ${join(dir, `${process.pid}-${count}.cpuprofile`)}\n`);
  });
});
