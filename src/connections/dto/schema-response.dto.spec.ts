import { Readable } from 'node:stream';
import { Connection } from '../domain/connection';
import { Discovery } from '../discovery/schema-discovery.service';
import { SchemaResponseDto } from './schema-response.dto';

async function text(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part as string));
  return Buffer.concat(parts).toString('utf8');
}

const discovery = (tables: number): Discovery => ({
  connection: {
    id: '019abcde-f012-7345-8678-9abcdef01234',
    configName: 'big "erp"',
    databaseName: 'erp',
    type: 'POSTGRESQL',
    password: 'never-sent',
  } as unknown as Connection,
  discoveredAt: new Date('2026-12-01T12:00:00.000Z'),
  tables: Array.from({ length: tables }, (_, index) => ({
    name: index === 1 ? 'sales."Ümlaut"\u2028' : `t${index}`,
    kind: index === 2 ? 'view' : 'table',
    columns: [
      { name: 'id', type: 'bigint', nullable: false, primaryKey: true },
      { name: `c\\${index}`, type: 'text', nullable: true, primaryKey: false },
    ],
  })),
});

describe('SchemaResponseDto.body', () => {
  it.each([0, 1, 3, 1365, 1366, 3000])(
    'sends exactly JSON.stringify of the response object, with its byte length (%i tables)',
    async (tables) => {
      const body = SchemaResponseDto.body(discovery(tables));
      const expected = JSON.stringify(SchemaResponseDto.from(discovery(tables)));
      expect(await text(body.getStream())).toBe(expected);
      expect(body.getHeaders()).toMatchObject({
        type: 'application/json; charset=utf-8',
        length: Buffer.byteLength(expected),
      });
      expect(expected).not.toContain('never-sent');
    },
  );
});
