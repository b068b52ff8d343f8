// A small client for latency percentiles: `count` requests one after another on one keep-alive
// connection, from a process of its own (so the harness's own garbage collection — it has just
// serialised multi-megabyte catalogs — never lands inside a measured request). Prints the times (ms)
// as JSON. Usage: node sequential-client.js <url> <method> <warmups> <count> [body]
const http = require('node:http');

const [url, method, warmups, count, body] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function once() {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(url, { method, agent, headers: body ? { 'content-type': 'application/json' } : {} }, (response) => {
      response.resume();
      response.on('end', () => {
        if (response.statusCode >= 300) reject(new Error(`${method} ${url} answered ${response.statusCode}`));
        else resolve(performance.now() - started);
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

(async () => {
  for (let index = 0; index < Number(warmups); index++) await once();
  const times = [];
  for (let index = 0; index < Number(count); index++) times.push(await once());
  process.stdout.write(JSON.stringify(times));
  agent.destroy();
})().catch((error) => {
  process.stderr.write(String(error));
  process.exit(1);
});
