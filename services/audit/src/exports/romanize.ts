/*
 * The PDF report uses only the standard Courier font: a Korean font would have to be embedded as a CID font,
 * which this minimal PDF writer does not do. Korean text is therefore written in the Latin alphabet:
 * Hangul syllables by the Revised Romanization of Korean, syllable by syllable (no sound-change rules
 * between syllables: 한빛정밀 → hanbitjeongmil, 선도기업 → seondogieop). Characters Courier cannot show
 * (Hanja, symbols) become `?`. The JSON and CSV exports keep the original text.
 */

const INITIALS = [
  'g',
  'kk',
  'n',
  'd',
  'tt',
  'r',
  'm',
  'b',
  'pp',
  's',
  'ss',
  '',
  'j',
  'jj',
  'ch',
  'k',
  't',
  'p',
  'h',
];
const MEDIALS = [
  'a',
  'ae',
  'ya',
  'yae',
  'eo',
  'e',
  'yeo',
  'ye',
  'o',
  'wa',
  'wae',
  'oe',
  'yo',
  'u',
  'wo',
  'we',
  'wi',
  'yu',
  'eu',
  'ui',
  'i',
];
const FINALS = [
  '',
  'k',
  'k',
  'k',
  'n',
  'n',
  'n',
  't',
  'l',
  'k',
  'm',
  'l',
  'l',
  'l',
  'p',
  'l',
  'm',
  'p',
  'p',
  't',
  't',
  'ng',
  't',
  't',
  'k',
  't',
  'p',
  't',
];

const PUNCTUATION: Readonly<Record<string, string>> = {
  '\u00b7': '.',
  '\u2010': '-',
  '\u2011': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2026': '...',
  '\u2033': "''",
  '\u2192': '->',
  '\u2190': '<-',
  '\u2265': '>=',
  '\u2264': '<=',
  '\u2260': '!=',
  '\u00d7': 'x',
  '\u00f7': '/',
  '\u00a0': ' ',
  '\u3000': ' ',
  '\u300c': '"',
  '\u300d': '"',
  '\u2212': '-',
};

/** One Hangul syllable (U+AC00–U+D7A3) in Revised Romanization. */
function syllable(code: number): string {
  const index = code - 0xac00;
  return INITIALS[Math.floor(index / 588)] + MEDIALS[Math.floor((index % 588) / 28)] + FINALS[index % 28];
}

/** The text in printable ASCII: Hangul romanized, known punctuation replaced, anything else `?`. */
export function romanize(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0x20 && code < 0x7f) out += char;
    else if (code >= 0xac00 && code <= 0xd7a3) out += syllable(code);
    else if (char === '\t' || char === '\n' || char === '\r') out += ' ';
    else out += PUNCTUATION[char] ?? '?';
  }
  return out;
}
