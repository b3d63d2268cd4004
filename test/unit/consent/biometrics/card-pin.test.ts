import { describe, expect, it } from '@jest/globals';
import { checkPinShape, hashPin, pinMatches } from '../../../../consent/biometrics/card-pin.js';

describe('city-card PINs', () => {
  it('keeps only a salted scrypt hash: two hashes of one PIN differ, and neither contains the PIN', async () => {
    const [a, b] = [await hashPin('2580'), await hashPin('2580')];
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(a.includes('2580')).toBe(false);
  });

  it('matches the right PIN only; a malformed record never matches', async () => {
    const hash = await hashPin('2580');
    expect(await pinMatches('2580', hash)).toBe(true);
    expect(await pinMatches('2581', hash)).toBe(false);
    expect(await pinMatches('25800', hash)).toBe(false);
    expect(await pinMatches('2580', 'plain$2580')).toBe(false);
  });

  it('refuses anything but 4 to 8 digits with BAD_USER_INPUT, without echoing it', () => {
    for (const pin of ['123', '123456789', 'abcd', ' 2580', '25 80', '']) {
      try {
        checkPinShape(pin);
        throw new Error(`accepted ${JSON.stringify(pin)}`);
      } catch (error) {
        expect((error as { extensions?: { code?: string } }).extensions?.code).toBe('BAD_USER_INPUT');
        if (pin.trim()) expect((error as Error).message.includes(pin.trim())).toBe(false);
      }
    }
    expect(checkPinShape('12345678')).toBe('12345678');
  });
});
