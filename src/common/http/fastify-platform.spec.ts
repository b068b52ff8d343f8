import { expressTextType } from './fastify-platform';

describe('expressTextType (a text answer on fastify, typed as Express types it)', () => {
  it('adds the utf-8 charset', () => {
    expect(expressTextType('text/html')).toBe('text/html; charset=utf-8');
    expect(expressTextType('application/javascript')).toBe('application/javascript; charset=utf-8');
  });

  it('keeps the parameters, in name order, with charset utf-8', () => {
    expect(expressTextType('text/plain; version=0.0.4; charset=utf-8')).toBe(
      'text/plain; charset=utf-8; version=0.0.4',
    );
    expect(expressTextType('text/plain; charset=latin1')).toBe('text/plain; charset=utf-8');
  });

  it('leaves a JSON answer as it is', () => {
    expect(expressTextType('application/json; charset=utf-8')).toBe(
      'application/json; charset=utf-8',
    );
  });
});
