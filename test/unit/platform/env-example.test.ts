import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { CONFIG_VARIABLES, loadConfig } from '../../../platform/config.js';

/** `.env.example` lists exactly the settings the configuration reads, each with a comment, and its values load. */
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const lines = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8').split('\n');
const settings = lines.flatMap((line, index) => {
  const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
  return match ? [{ name: match[1]!, value: match[2]!, index }] : [];
});

describe('.env.example', () => {
  it('lists every variable of the config schema, and nothing else, once each', () => {
    const names = settings.map((s) => s.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    expect({ missing: CONFIG_VARIABLES.filter((v) => !names.includes(v)), unknown: names.filter((n) => !CONFIG_VARIABLES.includes(n)) }).toEqual({ missing: [], unknown: [] });
  });

  it('explains every setting with a comment above it (or above its group)', () => {
    for (const { name, index } of settings) {
      let above = index - 1;
      while (above >= 0 && /^[A-Z][A-Z0-9_]*=/.test(lines[above]!)) above -= 1;
      expect({ name, comment: above >= 0 && lines[above]!.startsWith('# ') }).toEqual({ name, comment: true });
    }
  });

  it('holds values the configuration accepts (empty ones left unset)', () => {
    const env = Object.fromEntries(settings.filter((s) => s.value !== '').map((s) => [s.name, s.value]));
    expect(() => loadConfig(env)).not.toThrow();
  });
});
