import { FetErrorCode } from './fet-error-code';
import { FET_ERROR_CATALOG } from './fet-error-catalog';
import { fetErrorBody } from './fet-error-body';

const SEED_MESSAGES: Partial<Record<FetErrorCode, string>> = {
  [FetErrorCode.BadRequest]:
    'One or more required fields are missing. Please ensure all required fields like configName, host, port, userName, and password are included.',
  [FetErrorCode.MissingFields]:
    'Your request is missing one or more required fields. Please refer to the documentation to ensure all necessary fields are included in your request.',
  [FetErrorCode.Conflict]:
    'An entity of type connection with the same unique attributes already exists. Please use different values to avoid conflicts and review the data provided in the request.',
  [FetErrorCode.InternalServerError]: 'The server encountered an unexpected error. Please try again later or contact support.',
};

describe('FET error catalog', () => {
  it.each(Object.values(FetErrorCode))('%s has an HTTP error status, a title and a message', (code) => {
    const entry = FET_ERROR_CATALOG[code];
    expect(code).toMatch(/^FET-\d{4}$/);
    expect(entry.status).toBeGreaterThanOrEqual(400);
    expect(entry.status).toBeLessThan(600);
    expect(entry.title.length).toBeGreaterThan(0);
    expect(entry.message.length).toBeGreaterThan(10);
  });

  it('has exactly one entry per code', () => {
    expect(Object.keys(FET_ERROR_CATALOG).sort()).toEqual(Object.values(FetErrorCode).sort());
  });

  it('uses the create page’s own messages', () => {
    for (const [code, message] of Object.entries(SEED_MESSAGES)) {
      expect(FET_ERROR_CATALOG[code as FetErrorCode].message).toBe(message);
    }
  });

  it('writes bodies with sorted fields and no empty fields object', () => {
    expect(fetErrorBody(FetErrorCode.MissingFields, { port: 'x', host: 'y' })).toEqual({
      code: 'FET-0402',
      title: 'Missing Fields in Request',
      message: FET_ERROR_CATALOG[FetErrorCode.MissingFields].message,
      fields: { host: 'y', port: 'x' },
    });
    expect(Object.keys(fetErrorBody(FetErrorCode.MissingFields, { port: 'x', host: 'y' }).fields ?? {})).toEqual(['host', 'port']);
    expect(fetErrorBody(FetErrorCode.EntityNotFound, {})).not.toHaveProperty('fields');
  });
});
