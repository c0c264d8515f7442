import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNumber, type NumberRule } from './numbers.ts';

const EPS = { min: 0, max: 1, exclusiveMin: true, fraction: true };
const value = (text: string, rule: NumberRule = EPS) => {
  const parsed = parseNumber(text, 'eps', rule);
  return parsed.ok ? parsed.value : parsed.error;
};

describe('parseNumber', () => {
  it('reads decimals and fractions, and nothing looser', () => {
    expect(value('16/255')).toBeCloseTo(16 / 255, 12);
    expect(value(' 0.0627 ')).toBe(0.0627);
    expect(value('')).toBe('eps: must be a number or a fraction like 16/255, got ""');
    expect(value('1/2/3')).toBe('eps: must be a number or a fraction like 16/255, got "1/2/3"');
    expect(value('abc')).toBe('eps: must be a number or a fraction like 16/255, got "abc"');
    expect(value('0')).toBe('eps: must be in (0, 1], got "0"');
    expect(value('2')).toBe('eps: must be in (0, 1], got "2"');
    expect(value('1/0')).toBe('eps: the denominator is 0, got "1/0"');
    expect(value('0x10')).toMatch(/must be a number/);
    expect(value('Infinity')).toMatch(/must be a number/);
  });

  it('integers stay integers', () => {
    const rule = { min: 0, max: 2 ** 31 - 1, integer: true };
    expect(value('42', rule)).toBe(42);
    expect(value('abc', rule)).toBe('eps: must be an integer, got "abc"');
    expect(value('1.5', rule)).toBe('eps: must be an integer, got "1.5"');
    expect(value('1/2', rule)).toBe('eps: must be an integer, got "1/2"');
  });

  it('anything typed is either a number within the rule or an error naming the field', () => {
    fc.assert(fc.property(fc.string(), fc.boolean(), fc.boolean(), (text, integer, fraction) => {
      const rule = { min: -5, max: 5, integer, fraction };
      const parsed = parseNumber(text, 'x', rule);
      if (parsed.ok) {
        expect(Number.isFinite(parsed.value)).toBe(true);
        expect(parsed.value).toBeGreaterThanOrEqual(-5);
        expect(parsed.value).toBeLessThanOrEqual(5);
        if (integer) expect(Number.isInteger(parsed.value)).toBe(true);
      } else {
        expect(parsed.error.startsWith('x: ')).toBe(true);
      }
    }), { numRuns: 2000 });
    fc.assert(fc.property(fc.integer({ min: -5, max: 5 }), (n) => {
      expect(parseNumber(String(n), 'x', { min: -5, max: 5, integer: true })).toEqual({ ok: true, value: n });
    }));
  });
});
