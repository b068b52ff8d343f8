import { listeningMessage, listeningUrls } from './listening-urls';

describe('listeningUrls', () => {
  it('names localhost for a server bound on every interface, with the bound port', () => {
    expect(listeningUrls({ address: '::', family: 'IPv6', port: 4006 })).toEqual({
      api: 'http://localhost:4006/v1/management/connections',
      docs: 'http://localhost:4006/docs',
    });
    expect(listeningUrls({ address: '0.0.0.0', family: 'IPv4', port: 39123 }).api).toBe(
      'http://localhost:39123/v1/management/connections',
    );
  });

  it('names a specific address as it is, an IPv6 one in brackets', () => {
    expect(listeningUrls({ address: '127.0.0.1', family: 'IPv4', port: 4006 }).docs).toBe(
      'http://127.0.0.1:4006/docs',
    );
    expect(listeningUrls({ address: '::1', family: 'IPv6', port: 4006 }).docs).toBe(
      'http://[::1]:4006/docs',
    );
  });

  it('says both in one line', () => {
    expect(listeningMessage(listeningUrls({ address: '::', family: 'IPv6', port: 4006 }))).toBe(
      'Connections API on http://localhost:4006/v1/management/connections — Swagger UI on http://localhost:4006/docs',
    );
  });
});
