import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('security settings', () => {
  it('defaults: no proxy trusted, no other origins, 1 MB messages, GraphQL limits', () => {
    const config = loadConfig({});
    expect(config.trustProxy).toBe(false);
    expect(config.allowedOrigins).toEqual([]);
    expect(config.maxRequestBytes).toBe(1024 * 1024);
    expect(config.graphql).toEqual({ maxTokens: 5000, maxFields: 1000, maxRootFields: 20 });
  });

  it('reads TRUST_PROXY as Express does, ALLOWED_ORIGINS as origins, and refuses nonsense', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(loadConfig({ ALLOWED_ORIGINS: 'https://app.example, http://localhost:5173/' }).allowedOrigins).toEqual(['https://app.example', 'http://localhost:5173']);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'https://app.example/path' })).toThrow(ConfigError);
    expect(() => loadConfig({ ALLOWED_ORIGINS: '*' })).toThrow(ConfigError);
    expect(() => loadConfig({ GRAPHQL_MAX_TOKENS: '0' })).toThrow(/at least 1/);
    expect(loadConfig({ MAX_REQUEST_BYTES: '2097152', GRAPHQL_MAX_FIELDS: '300' })).toMatchObject({ maxRequestBytes: 2097152, graphql: { maxFields: 300 } });
  });
});
