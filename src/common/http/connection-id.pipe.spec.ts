import { ArgumentMetadata } from '@nestjs/common';
import { FetErrorCode } from '../errors/fet-error-code';
import { FetException } from '../errors/fet.exception';
import { ConnectionIdPipe } from './connection-id.pipe';

const pipe = new ConnectionIdPipe();
const metadata: ArgumentMetadata = { type: 'param', data: 'id' };

describe('ConnectionIdPipe', () => {
  it.each([
    ['a UUIDv7', '0192f3a4-5b6c-7d8e-9f01-23456789abcd'],
    ['a UUIDv5', '886313e1-3b8a-5372-9b90-0c9aee199e5d'],
    ['a UUIDv4', '3b241101-e2bb-4255-8caf-4136c566a962'],
    ['the nil UUID', '00000000-0000-0000-0000-000000000000'],
    ['a UUID of any variant', '01234567-89ab-cdef-0123-456789abcdef'],
  ])('accepts %s', async (_, id) => {
    await expect(pipe.transform(id, metadata)).resolves.toBe(id);
  });

  it('answers an upper-case id lower-cased', async () => {
    await expect(pipe.transform('0192F3A4-5B6C-7D8E-9F01-23456789ABCD', metadata)).resolves.toBe(
      '0192f3a4-5b6c-7d8e-9f01-23456789abcd',
    );
  });

  it.each([
    'not-a-uuid',
    '0192f3a45b6c7d8e9f0123456789abcd',
    '{0192f3a4-5b6c-7d8e-9f01-23456789abcd}',
    '0192f3a4-5b6c-7d8e-9f01-23456789abcg',
    ' 0192f3a4-5b6c-7d8e-9f01-23456789abcd',
    '0192f3a4-5b6c-7d8e-9f01-23456789abcd\n',
  ])('refuses %p with FET-0404 naming the id', async (id) => {
    const refusal = pipe.transform(id, metadata);
    await expect(refusal).rejects.toBeInstanceOf(FetException);
    await expect(refusal).rejects.toMatchObject({
      code: FetErrorCode.InvalidPathParameter,
      fields: { id: 'must be a UUID in its canonical 36-character form' },
    });
  });
});
