import { parseProvisioningFile } from './provisioning-file';

const SECRET = 'Pr0v-Secret-4d1e';
const env = (name: string) => ({ PG_PASSWORD: SECRET, TLS_KEY: 'PEM', REGION: 'eu' })[name];

const YAML_FILE = `
connections:
  - configName: sales-\${REGION}
    type: POSTGRESQL
    host: db.example.com
    port: 5432
    databaseName: sales
    userName: reader
    password: \${PG_PASSWORD}
    ssl: { mode: verify-full, key: "\${TLS_KEY}" }
    metadata: { team: finance, port: "5432" }
`;

describe('the provisioning file', () => {
  it('reads YAML and expands every string, keeping numbers and nested blocks as they are', () => {
    expect(parseProvisioningFile(YAML_FILE, env)).toEqual({
      problems: [],
      entries: [
        {
          index: 0,
          fields: {
            configName: 'sales-eu',
            type: 'POSTGRESQL',
            host: 'db.example.com',
            port: 5432,
            databaseName: 'sales',
            userName: 'reader',
            password: SECRET,
            ssl: { mode: 'verify-full', key: 'PEM' },
            metadata: { team: 'finance', port: '5432' },
          },
        },
      ],
    });
  });

  it('reads JSON (YAML is a superset)', () => {
    const json = JSON.stringify({
      connections: [{ configName: 'a-db', password: '${PG_PASSWORD}', port: 1 }],
    });
    expect(parseProvisioningFile(json, env).entries).toEqual([
      { index: 0, fields: { configName: 'a-db', password: SECRET, port: 1 } },
    ]);
  });

  it('an empty list is a file with no entry (it removes every provisioned connection)', () => {
    expect(parseProvisioningFile('connections: []', env)).toEqual({ entries: [], problems: [] });
  });

  it('names a YAML error by line, column and kind only, never quoting the file', () => {
    const text = 'connections:\n  - password: hunter2\n    password: hunter3\n';
    const { problems } = parseProvisioningFile(text, env);
    expect(problems).toEqual(['not valid YAML or JSON at line 3, column 5 (DUPLICATE_KEY)']);
    expect(problems.join()).not.toContain('hunter');
  });

  it('refuses a file that is not a mapping with a connections list, and any other top-level field', () => {
    expect(parseProvisioningFile('', env).problems).toEqual([
      'must be a mapping with a "connections" list',
    ]);
    expect(parseProvisioningFile('- a', env).problems).toEqual([
      'must be a mapping with a "connections" list',
    ]);
    expect(parseProvisioningFile('connections: {}', env).problems).toEqual([
      'connections: must be a list',
    ]);
    expect(parseProvisioningFile('connections: []\nversion: 1', env).problems).toEqual([
      'version: is not an allowed field (the file holds "connections" only)',
    ]);
  });

  it('names each entry that is not a mapping by its index from 0', () => {
    expect(parseProvisioningFile('connections: [ {}, 3, [] ]', env)).toEqual({
      entries: [{ index: 0, fields: {} }],
      problems: [
        "connections[1]: must be a mapping of the connection's fields",
        "connections[2]: must be a mapping of the connection's fields",
      ],
    });
  });

  it('a secret written in the file fails, wherever the spec names one, without its value', () => {
    const text = JSON.stringify({
      connections: [
        {
          configName: 'a-db',
          password: 'hunter2',
          ssl: { mode: 'require', key: 'literal-key ${TLS_KEY}' },
          sshTunnel: { privateKey: 'k', passphrase: 7, password: '${PG_PASSWORD}' },
        },
        { configName: 'b-db', password: 1234 },
      ],
    });
    const { problems, entries } = parseProvisioningFile(text, env);
    const why =
      'must be a ${ENV_NAME} reference (a secret is read from the environment, never written in the file)';
    expect(problems).toEqual([
      `connections[0].password: ${why}`,
      `connections[0].ssl.key: ${why}`,
      `connections[0].sshTunnel.privateKey: ${why}`,
      `connections[0].sshTunnel.passphrase: ${why}`,
      `connections[1].password: ${why}`,
    ]);
    expect(problems.join()).not.toMatch(/hunter2|literal-key|1234/);
    // Still checked like a create (the boot fails anyway), so every problem is named at once.
    expect(entries.map((entry) => entry.index)).toEqual([0, 1]);
  });

  it('an unset variable names the entry, the field and the variable; that entry is not checked further', () => {
    const text =
      'connections:\n  - { configName: a-db, password: "${PG_PASSWORD}", metadata: { owner: "${OWNER}" } }\n';
    expect(parseProvisioningFile(text, env)).toEqual({
      entries: [],
      problems: [
        'connections[0].metadata.owner: ${OWNER} names an environment variable that is not set',
      ],
    });
  });

  it('keeps prototype keys as own fields (the create rules refuse them), with no prototype effect', () => {
    const { entries } = parseProvisioningFile(
      'connections:\n  - { __proto__: { polluted: yes }, configName: a-db }\n',
      env,
    );
    expect(Object.keys(entries[0].fields)).toEqual(['__proto__', 'configName']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a file that multiplies its aliases', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 8; level += 1) {
      const previous = String.fromCharCode(96 + level);
      const next = String.fromCharCode(97 + level);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    lines.push('connections: []');
    expect(parseProvisioningFile(lines.join('\n'), env).problems).toEqual([
      'uses more than 100 YAML aliases',
    ]);
  });
});
