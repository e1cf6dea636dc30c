/** The default journey the migration inserts is the one journeys.default.ts describes, and it is consistent. */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_JOURNEY_NAME, DEFAULT_STAGES, DEFAULT_TOUCHPOINTS } from './journeys.default.ts';
import { checkDefinition } from './journeys.service.ts';
import { journeyInput } from '../../../common/journeys.schemas.ts';

describe('default journey', () => {
  it('the migration seeds the same journey', () => {
    const dir = join(import.meta.dirname, '../../db/migrations');
    const file = readdirSync(dir).find((f) => /_journeys\.sql$/.test(f));
    expect(file).toBeDefined();
    const text = readFileSync(join(dir, file!), 'utf8');
    const m = text.match(/INSERT INTO "journeys" \("name", "stages", "touchpoints", "is_default"\) VALUES \('([^']*)', '(.*?)'::jsonb, '(.*?)'::jsonb, true\);/s);
    expect(m).not.toBeNull();
    expect(m![1]).toBe(DEFAULT_JOURNEY_NAME);
    expect(JSON.parse(m![2].replace(/''/g, "'"))).toEqual(DEFAULT_STAGES);
    expect(JSON.parse(m![3].replace(/''/g, "'"))).toEqual(DEFAULT_TOUCHPOINTS);
  });

  it('is a valid definition: the seven stages in order, every touchpoint in a stage', () => {
    expect(DEFAULT_STAGES.map((s) => s.key)).toEqual(['awareness', 'consideration', 'purchase', 'delivery', 'use', 'support', 'loyalty']);
    expect(journeyInput.safeParse({ name: DEFAULT_JOURNEY_NAME, stages: DEFAULT_STAGES, touchpoints: DEFAULT_TOUCHPOINTS }).success).toBe(true);
    expect(() => checkDefinition({ stages: DEFAULT_STAGES, touchpoints: DEFAULT_TOUCHPOINTS })).not.toThrow();
    expect(() => checkDefinition({ stages: DEFAULT_STAGES, touchpoints: [{ ...DEFAULT_TOUCHPOINTS[0], stageKey: 'nowhere' }] })).toThrow(/inconsistent/);
  });
});
