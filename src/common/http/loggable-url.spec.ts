import { loggableUrl } from './loggable-url';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

describe('loggableUrl', () => {
  it('keeps an ordinary URL as it is', () => {
    const url = '/v1/management/connections?limit=10&sortBy=configName&metadata.team=finance';
    expect(loggableUrl(url)).toBe(url);
  });

  it('redacts the value of credential parameters, whatever their case and place', () => {
    expect(loggableUrl('/v1/management/connections?access_token=opaque-123&limit=5')).toBe(
      '/v1/management/connections?access_token=[REDACTED]&limit=5',
    );
    expect(loggableUrl('/x?limit=5&Token=abc')).toBe('/x?limit=5&Token=[REDACTED]');
    expect(loggableUrl('/x?id_token=a&jwt=b#frag')).toBe(
      '/x?id_token=[REDACTED]&jwt=[REDACTED]#frag',
    );
  });

  it('redacts anything shaped like a JWT, in the path or in any parameter', () => {
    expect(loggableUrl(`/v1/management/connections/${JWT}`)).toBe(
      '/v1/management/connections/[REDACTED]',
    );
    expect(loggableUrl(`/x?state=${JWT}&limit=1`)).toBe('/x?state=[REDACTED]&limit=1');
    expect(loggableUrl(`/x?limit=1`)).toBe('/x?limit=1');
  });

  it('passes undefined through', () => {
    expect(loggableUrl(undefined)).toBeUndefined();
  });
});
