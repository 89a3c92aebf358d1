import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'rl-config-')), 'runledger.yaml');
  writeFileSync(path, text);
  return path;
}

describe('configuration', () => {
  it('has embedded defaults: port 3000 (Puppet reporturl default), local Redis, ./data, SQLite', () => {
    const config = loadConfig({ env: {} });
    expect(config).toMatchObject({ port: 3000, redisUrl: 'redis://127.0.0.1:6379', dataDir: './data', store: { type: 'sqlite' } });
    expect(config.ingest).toMatchObject({ bodyLimitBytes: 16 * 1024 * 1024, batchMaxRuns: 64 });
    expect(config.retention.runsDays).toBe(396);
  });

  it('takes PORT, REDIS_URL and RUNLEDGER_DATA_DIR from the environment over the file', () => {
    const path = file('port: 4000\ndataDir: /srv/a\n');
    const config = loadConfig({ file: path, env: { PORT: '5000', REDIS_URL: 'redis://cache:6380/2', RUNLEDGER_DATA_DIR: '/srv/b' } });
    expect(config).toMatchObject({ port: 5000, redisUrl: 'redis://cache:6380/2', dataDir: '/srv/b' });
  });

  it('reads nested settings from the YAML file', () => {
    const config = loadConfig({ file: file('ingest:\n  bodyLimitBytes: 2048\n  rateLimit:\n    max: 10\n'), env: {} });
    expect(config.ingest.bodyLimitBytes).toBe(2048);
    expect(config.ingest.rateLimit).toEqual({ max: 10, windowMs: 60_000 });
  });

  it.each([
    { name: 'a port that is not a number', env: { PORT: 'eighty' }, message: /port: Invalid input: expected number, received string \[from environment variable PORT\]/ },
    { name: 'a port out of range', env: { PORT: '70000' }, message: /port: Too big: expected number to be <=65535 \[from environment variable PORT\]/ },
    { name: 'a Redis URL without scheme', env: { REDIS_URL: 'localhost:6379' }, message: /redisUrl: must start with redis:\/\/ or rediss:\/\// },
    { name: 'a bad log level', env: { RUNLEDGER_LOG_LEVEL: 'loud' }, message: /logLevel: Invalid option: expected one of "fatal"\|"error"/ },
  ])('stops with a message naming the key for $name', ({ env, message }) => {
    expect(() => loadConfig({ env })).toThrow(ConfigError);
    expect(() => loadConfig({ env })).toThrow(message);
  });

  it('names unknown keys and bad cron expressions in the file', () => {
    const path = file('ingset: {}\nretention:\n  purgeCron: every night\n');
    expect(() => loadConfig({ file: path, env: {} })).toThrow(/\(root\) \(ingset\): Unrecognized key/);
    expect(() => loadConfig({ file: path, env: {} })).toThrow(/retention.purgeCron: not a valid cron expression \[from config file/);
  });

  it('explains a file that cannot be read or parsed', () => {
    expect(() => loadConfig({ file: '/nonexistent/runledger.yaml', env: {} })).toThrow(/Cannot read config file \/nonexistent\/runledger.yaml/);
    expect(() => loadConfig({ file: file('port: [1,\n'), env: {} })).toThrow(/is not valid YAML/);
  });
});
