import { appendFileSync } from 'node:fs';
import { ContractDocument } from './contract-document';
import { HistorySecrets } from './history-secrets';
import { checkResponse } from './response-check';
import { captureResponse, watchRequests } from './response-capture';

// Loaded with `node -r` into a service started as a child process (serviceProcessContract): checks
// every response of its HTTP servers and appends each violation as a JSON line to the file the
// parent named, which the parent reads when it settles. Prints nothing: the parent reads the logs.
const file = process.env.RESPONSE_CONTRACT_CHILD_LOG;
if (file) {
  const document = ContractDocument.load();
  const secrets = new HistorySecrets();
  watchRequests((_server, request, response) => {
    if (document.match(request.method ?? '', request.url ?? '').kind === 'outside') return;
    captureResponse(request, response, (captured) => {
      const violations = [...checkResponse(document, captured), ...secrets.observe(captured)];
      if (violations.length > 0) appendFileSync(file, violations.map((violation) => JSON.stringify(violation) + '\n').join(''));
    });
  });
}
