import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenes } from '../presenter/scenes.ts';
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
    const { state: back, ignored } = fromSearch(search, DEFAULTS);
    expect(ignored).toEqual([]);
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
    const { state: back, ignored } = fromSearch(search, DEFAULTS);
    expect(ignored).toEqual([]);
    expect(back.research.landscape.eps).toBeCloseTo(4 / 255, 10);
    expect(back.research.race.eps).toBeCloseTo(8 / 255, 10);
    const rounded = (r: typeof research) => ({ ...r, landscape: { ...r.landscape, eps: 0 }, race: { ...r.race, eps: 0, stepSize: 0 } });
    expect(rounded(back.research as typeof research)).toEqual(rounded(research));
  });

  it('carries a model=<url> (a URL model is named by its folder URL)', () => {
    const state: Linked = { ...DEFAULTS, modelName: 'https://example.org/models/mine/' };
    const search = toSearch(state, DEFAULTS);
    expect(search).toContain('model=https%3A%2F%2Fexample.org%2Fmodels%2Fmine%2F');
    expect(fromSearch(search, DEFAULTS).state.modelName).toBe('https://example.org/models/mine/');
  });

  it('drops values that do not parse instead of guessing, and names them', () => {
    const search = 'k=99&glance=abc&head=0&cmap=rainbow&view=admin&attack=cw&eps=&steps=1e9&seed=1.5&target=-1&pgd.randomStart=maybe&opacity=2&input=yes'
      + '&landscape.grid=4&race.steps=50,10&race.scope=all&strip.steps=1,2,3,4,5,6,7&strip.target=x&check.spsa.samples=0&check.pgd.stepSize=-1';
    const { state, ignored } = fromSearch(search, DEFAULTS);
    expect(state).toEqual(DEFAULTS);
    expect(ignored).toEqual([...new URLSearchParams(search)].map(([name, value]) => `${name}=${value}`));
  });

  it('names parameters it does not know, and keeps the ones the app reads elsewhere', () => {
    const { state, ignored } = fromSearch('view=check&k=4&backend=wasm&bench=1&sample=x&model=resnet&colour=red', DEFAULTS);
    expect(ignored).toEqual(['view=check', 'colour=red']);
    expect(state).toEqual({ ...DEFAULTS, k: 4, sample: 'x', modelName: 'resnet' });
  });

  it('names a repeated parameter\'s later values (the first is read) and an empty sample or model', () => {
    const { state, ignored } = fromSearch('k=4&k=99&sample=&model=&glance=3&glance=3', DEFAULTS);
    expect(state).toEqual({ ...DEFAULTS, k: 4, glance: 2 });
    expect(ignored).toEqual(['k=99', 'sample=', 'model=', 'glance=3']);
  });

  it('reads ε as the field does, in 255ths or as a fraction', () => {
    expect(fromSearch('eps=8', DEFAULTS).state.attack.eps).toBeCloseTo(8 / 255, 12);
    expect(fromSearch('eps=8/255', DEFAULTS).state.attack.eps).toBeCloseTo(8 / 255, 12);
  });
});

describe('the shipped presenter scenes', () => {
  it('are links the app understands whole, to samples it ships', () => {
    const scenes = parseScenes(readFileSync('public/scenes.json', 'utf8'));
    const samples = new Set((JSON.parse(readFileSync('public/samples/index.json', 'utf8')) as { samples: { id: string }[] }).samples.map((s) => s.id));
    for (const scene of scenes) {
      const { state, ignored } = fromSearch(scene.link, DEFAULTS);
      expect(ignored, scene.title).toEqual([]);
      if (state.sample !== null) expect(samples.has(state.sample), scene.title).toBe(true);
    }
  });
});
