import { describe, expect, it } from 'vitest';
import { initialState } from './store.ts';
import { fromSearch, toSearch, type Linked } from './url.ts';

const { image: _, ...base } = initialState();
const DEFAULTS: Linked = { ...base, sample: null };

describe('permalinks', () => {
  it('round-trip every setting, and leave defaults out of the link', () => {
    const state: Linked = {
      ...DEFAULTS, sample: 'n03394916-00004301', modelName: 'resnet', k: 16, glance: 11, head: 2, colourMap: 'magma', view: 'attack',
      opacity: 0.4, showInput: true,
      attack: {
        ...DEFAULTS.attack, attack: 'spsa', targeted: false, target: 7, eps: 8 / 255, steps: 250, seed: 42, frameEvery: 5, withBaseline: false,
        params: { ...DEFAULTS.attack.params, spsa: { samples: 64, delta: 0.02, lr: 0.005 }, pgd: { stepSize: 1 / 255, randomStart: false } },
      },
    };
    const search = toSearch(state, DEFAULTS, '?backend=wasm');
    expect(search).toContain('backend=wasm');
    expect(search).toContain('eps=8');
    const back = fromSearch(search, DEFAULTS);
    expect(back.attack.eps).toBeCloseTo(8 / 255, 10);
    expect({ ...back, attack: { ...back.attack, eps: 0 } }).toEqual({ ...state, attack: { ...state.attack, eps: 0, params: { ...state.attack.params, pgd: DEFAULTS.attack.params.pgd } } });
    expect(toSearch(DEFAULTS, DEFAULTS)).toBe('glance=1');
  });

  it('carry the research views\' settings, under the view\'s name', () => {
    const research = {
      landscape: { eps: 4 / 255, grid: 5, seed: 3 },
      race: { steps: [1, 30], eps: 8 / 255, stepSize: 1 / 255, seed: 2, scope: 'gallery' as const },
      strip: { ...DEFAULTS.research.strip, steps: [10, 100], target: 5, params: { stepSize: 2 / 255, randomStart: false } },
      check: { ...DEFAULTS.research.check, steps: 20, target: 'random' as const, params: { ...DEFAULTS.research.check.params, spsa: { samples: 64, delta: 0.01, lr: 0.01 } } },
    };
    const state: Linked = { ...DEFAULTS, view: 'race', research };
    const search = toSearch(state, DEFAULTS);
    const params = new URLSearchParams(search);
    expect(params.get('race.steps')).toBe('1,30');
    expect(params.get('race.scope')).toBe('gallery');
    expect(params.get('landscape.grid')).toBe('5');
    expect(params.get('strip.randomStart')).toBe('0');
    expect(params.get('check.spsa.samples')).toBe('64');
    expect(params.has('strip.stepSize')).toBe(false); // the default is left out
    expect(params.has('check.target')).toBe(false);
    const back = fromSearch(search, DEFAULTS);
    expect(back.research.landscape.eps).toBeCloseTo(4 / 255, 10);
    expect(back.research.race.eps).toBeCloseTo(8 / 255, 10);
    const rounded = (r: typeof research) => ({ ...r, landscape: { ...r.landscape, eps: 0 }, race: { ...r.race, eps: 0, stepSize: 0 } });
    expect(rounded(back.research as typeof research)).toEqual(rounded(research));
  });

  it('carries a model=<url> (a URL model is named by its folder URL)', () => {
    const state: Linked = { ...DEFAULTS, modelName: 'https://example.org/models/mine/' };
    const search = toSearch(state, DEFAULTS);
    expect(search).toContain('model=https%3A%2F%2Fexample.org%2Fmodels%2Fmine%2F');
    expect(fromSearch(search, DEFAULTS).modelName).toBe('https://example.org/models/mine/');
  });

  it('drops values that do not parse instead of guessing', () => {
    const back = fromSearch('k=99&glance=abc&head=0&cmap=rainbow&view=admin&attack=cw&eps=&steps=1e9&seed=1.5&target=-1&pgd.randomStart=maybe&opacity=2&input=yes'
      + '&landscape.grid=4&race.steps=50,10&race.scope=all&strip.steps=1,2,3,4,5,6,7&strip.target=x&check.spsa.samples=0&check.pgd.stepSize=-1', DEFAULTS);
    expect(back).toEqual(DEFAULTS);
  });
});
