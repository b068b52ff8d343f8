import { oracleWorkerScript } from './oracle-worker-script';

describe('oracleWorkerScript, from source', () => {
  it('is the worker transpiled to CommonJS, importing no module of this repository', () => {
    const { script, eval: isText } = oracleWorkerScript();
    expect(isText).toBe(true);
    expect(script).toContain('require("oracledb")');
    expect(script).not.toMatch(/require\("\.{1,2}\//);
    expect(oracleWorkerScript().script).toBe(script);
  });
});
