import { settleAllResponseContracts, watchAllServers } from './response-contract';

// Every e2e file: check the responses of every HTTP server the file starts, and fail the file on
// any violation that TestApp.close() did not already report (jest.config.js, setupFilesAfterEnv).
const stopWatching = watchAllServers();

afterAll(() => {
  stopWatching();
  settleAllResponseContracts();
});
