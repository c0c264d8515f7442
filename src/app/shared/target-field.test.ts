import { describe, expect, it } from 'vitest';
import { targetError } from './TargetField.tsx';

describe('targetError', () => {
  it('accepts random and any class but the prediction, and says why otherwise', () => {
    expect(targetError('random', 10, 3)).toBeNull();
    expect(targetError(4, 10, 3)).toBeNull();
    expect(targetError(4, 10, null)).toBeNull(); // no prediction yet
    expect(targetError(3, 10, 3)).toBe('the target is the image\'s predicted class: pick another');
    expect(targetError(999, 10, 3)).toBe('class 999 is not one of this model\'s 10 classes: pick a target');
  });
});
