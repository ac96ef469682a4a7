import { CanonicalEncodingError, canonicalBytes, canonicalize } from './canonical';

const hex = (text: string) => text.replace(/\s+/g, '');

describe('canonical JSON (RFC 8785, JCS)', () => {
  describe('the RFC’s own examples', () => {
    it('§3.2.2: numbers, string escapes and literals, members sorted', () => {
      const input = JSON.parse(String.raw`{
        "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
        "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
        "literals": [null, true, false]
      }`);
      expect(canonicalize(input)).toBe(
        String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
      );
    });

    it('§3.2.3: member names sorted by UTF-16 code units, and §3.2.4: the UTF-8 bytes', () => {
      const input = JSON.parse(String.raw`{
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\ud83d\ude00": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis"
      }`);
      // U+1F600 (surrogates D83D DE00) sorts before U+FB33: code units, not code points.
      expect(canonicalize(input)).toBe(
        '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
          '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
      );
      expect(canonicalBytes(input).toString('hex')).toBe(
        hex(`
          7b 22 5c 72 22 3a 22 43 61 72 72 69 61 67 65 20 52 65 74 75 72 6e 22 2c 22 31 22 3a 22 4f 6e 65 22 2c
          22 c2 80 22 3a 22 43 6f 6e 74 72 6f 6c 22 2c 22 c3 b6 22 3a 22 4c 61 74 69 6e 20 53 6d 61 6c 6c 20 4c
          65 74 74 65 72 20 4f 20 57 69 74 68 20 44 69 61 65 72 65 73 69 73 22 2c 22 e2 82 ac 22 3a 22 45 75 72
          6f 20 53 69 67 6e 22 2c 22 f0 9f 98 80 22 3a 22 45 6d 6f 6a 69 3a 20 47 72 69 6e 6e 69 6e 67 20 46 61
          63 65 22 2c 22 ef ac b3 22 3a 22 48 65 62 72 65 77 20 4c 65 74 74 65 72 20 44 61 6c 65 74 20 57 69 74
          68 20 44 61 67 65 73 68 22 7d`),
      );
    });

    // Appendix B: IEEE 754 bit patterns and their JCS serialisation.
    it.each([
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ])('Appendix B: the double 0x%s is written %s', (bits, expected) => {
      expect(canonicalize(Buffer.from(bits, 'hex').readDoubleBE(0))).toBe(expected);
    });

    it.each([
      ['7fffffffffffffff', 'NaN'],
      ['7ff0000000000000', 'Infinity'],
      ['fff0000000000000', '-Infinity'],
    ])('Appendix B: the double 0x%s (%s) is refused', (bits) => {
      expect(() => canonicalize({ n: Buffer.from(bits, 'hex').readDoubleBE(0) })).toThrow(
        CanonicalEncodingError,
      );
    });
  });

  describe('Korean text', () => {
    it('writes Hangul as UTF-8, unescaped', () => {
      const value = { name: '주식회사 한빛정밀', reason: '시제품 완성: 사업화 단계의 판로 개척 지원 필요' };
      expect(canonicalize(value)).toBe(
        '{"name":"주식회사 한빛정밀","reason":"시제품 완성: 사업화 단계의 판로 개척 지원 필요"}',
      );
      // 한 = U+D55C = ED 95 9C in UTF-8.
      expect(canonicalBytes('한').toString('hex')).toBe('22ed959c22');
    });

    it('sorts Hangul member names after Latin ones and by syllable code', () => {
      const value = { 주소: 1, 상호: 2, name: 3, 가: 4, Z: 5 };
      expect(canonicalize(value)).toBe('{"Z":5,"name":3,"가":4,"상호":2,"주소":1}');
    });

    it('keeps decomposed and precomposed Hangul apart (no Unicode normalisation)', () => {
      const precomposed = '한';
      const decomposed = precomposed.normalize('NFD');
      expect(decomposed).not.toBe(precomposed);
      expect(canonicalize(decomposed)).not.toBe(canonicalize(precomposed));
    });
  });

  describe('structure', () => {
    it('does not depend on member order, at any depth', () => {
      const a = { b: { y: [1, { q: 1, p: 2 }], x: null }, a: '1' };
      const b = { a: '1', b: { x: null, y: [1, { p: 2, q: 1 }] } };
      expect(canonicalize(a)).toBe(canonicalize(b));
      expect(canonicalize(a)).toBe('{"a":"1","b":{"x":null,"y":[1,{"p":2,"q":1}]}}');
    });

    it('sorts integer-like member names as strings, not in JavaScript property order', () => {
      const value = { b: 1, 10: 2, 9: 3, a: 4 };
      expect(Object.keys(value)).toEqual(['9', '10', 'b', 'a']);
      expect(canonicalize(value)).toBe('{"10":2,"9":3,"a":4,"b":1}');
    });

    it('keeps array order', () => {
      expect(canonicalize([3, 1, 2])).toBe('[3,1,2]');
      expect(canonicalize([3, 1, 2])).not.toBe(canonicalize([1, 2, 3]));
    });

    it('writes empty containers, nested arrays and top-level scalars without whitespace', () => {
      expect(canonicalize({ a: [], b: {}, c: [[], [{}]] })).toBe('{"a":[],"b":{},"c":[[],[{}]]}');
      expect(canonicalize('x')).toBe('"x"');
      expect(canonicalize(null)).toBe('null');
      expect(canonicalize(true)).toBe('true');
    });

    it('writes -0 as 0 and integers without a fraction', () => {
      expect(canonicalize({ a: -0, b: 4_250_000_000, c: 1.5e3 })).toBe('{"a":0,"b":4250000000,"c":1500}');
    });

    it('escapes only quote, backslash and control characters', () => {
      expect(canonicalize('"\\\b\f\n\r\t\u0001\u001f\u007f/<>&')).toBe(
        '"\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\u007f/<>&"',
      );
    });

    it('accepts an object without a prototype', () => {
      const bare = Object.assign(Object.create(null), { b: 1, a: 2 });
      expect(canonicalize(bare)).toBe('{"a":2,"b":1}');
    });
  });

  describe('refuses what is not I-JSON, naming where', () => {
    const refusal = (value: unknown): CanonicalEncodingError => {
      try {
        canonicalize(value);
      } catch (error) {
        if (error instanceof CanonicalEncodingError) return error;
        throw error;
      }
      throw new Error('expected a CanonicalEncodingError');
    };

    it.each([
      ['undefined at the top', undefined, ''],
      ['an undefined member', { a: { b: undefined } }, '/a/b'],
      ['an undefined array item', { list: [1, undefined] }, '/list/1'],
      ['an array hole', [1, , 3], '/1'],
      ['NaN', { x: [NaN] }, '/x/0'],
      ['Infinity', { x: Infinity }, '/x'],
      ['a bigint', { n: BigInt(1) }, '/n'],
      ['a function', { f: () => 1 }, '/f'],
      ['a symbol', { s: Symbol('s') }, '/s'],
      ['a Date', { at: new Date(0) }, '/at'],
      ['a Map', { m: new Map() }, '/m'],
      ['a lone high surrogate', { s: 'a\ud83d' }, '/s'],
      ['a lone low surrogate', { s: '\ude00b' }, '/s'],
      ['a lone surrogate in a member name', { ['\ud83d']: 1 }, ''],
      ['a member name needing pointer escapes', { 'a/b~c': undefined }, '/a~1b~0c'],
    ])('%s', (_what, value, path) => {
      expect(refusal(value).path).toBe(path);
    });

    it('a cycle', () => {
      const cyclic: Record<string, unknown> = { a: 1 };
      cyclic.self = { again: cyclic };
      expect(refusal(cyclic).message).toMatch(/cyclic/);
    });

    it('symbol-keyed members', () => {
      expect(refusal({ [Symbol('k')]: 1 }).message).toMatch(/symbol keys/);
    });

    it('but not the same object twice side by side (no cycle)', () => {
      const shared = { k: '같은 값' };
      expect(canonicalize({ a: shared, b: shared })).toBe('{"a":{"k":"같은 값"},"b":{"k":"같은 값"}}');
    });
  });
});
