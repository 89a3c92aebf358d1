import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { configurationDoc } from '../scripts/config-docs.ts';

it('docs/configuration.md is what the schema generates (regenerate: node --import tsx scripts/config-docs.ts > docs/configuration.md)', () => {
  expect(readFileSync(new URL('../docs/configuration.md', import.meta.url), 'utf8')).toBe(configurationDoc());
});
