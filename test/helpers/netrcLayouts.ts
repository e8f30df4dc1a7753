/**
 * .netrc layouts for the writer's tests (issue 18, finding 5): the named cases where go and the old writer
 * disagreed, and generated ones built from the pieces that make .netrc files tricky for go's reader (comments,
 * macros ended by CRLF or white space, default entries, entries split over lines, CRLF files, a password
 * literally "macdef"). `T` stands for the machine under test.
 */

/** A small deterministic PRNG (mulberry32), so a failing layout can be reproduced from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const NAMED_LAYOUTS: Record<string, string> = {
  'empty file': '',
  'commented-out entry for T': '# machine T login old password old\n',
  'commented-out entry, odd words': '#machine T login old password old extra\n',
  'macdef ended by a CRLF blank line':
    'macdef init\r\ncd /pub\r\n\r\nmachine other.test login o password o\r\n',
  'macdef ended by a line of spaces': 'macdef init\ncd /pub\n   \nmachine other.test login o password o\n',
  'macdef running to the end': 'machine other.test login o password o\nmacdef init\ncd /pub\n',
  'an entry for T after a bare default':
    'machine other.test login o password o\ndefault\nmachine T login old password old\n',
  'a bare default at the end': 'machine other.test login o password o\ndefault\n',
  'default with credentials': 'default login anonymous password guest\n',
  'password literally macdef': 'machine T login old password macdef\nmachine other.test login o password o\n',
  'T split over lines': 'machine T\n\tlogin old\n\tpassword old\n',
  'T without a password': 'machine T login old\n',
  'T twice': 'machine T login first password one\nmachine T login second password two\n',
  'CRLF file': 'machine other.test login o password o\r\nmachine T login old password old\r\n',
  'no final newline': 'machine other.test login o password o',
  'odd word before T': 'login\nmachine T login old password old\n',
};

const PIECES: ((r: () => number) => string)[] = [
  () => 'machine T login old password old\n',
  () => 'machine T\n  login old\n  password old\n',
  () => '# machine T login c password c\n',
  (r) => `machine other${Math.floor(r() * 3)}.test login o password o\n`,
  () => 'macdef init\ncd /pub\n\n',
  () => 'macdef init\r\ncd /pub\r\n\r\n',
  () => 'macdef init\ncd /pub\n \n',
  () => 'default\n',
  () => 'default login anonymous password guest\n',
  () => 'machine T login old password macdef\n',
  () => 'machine T login old\n',
  () => '\n',
  () => 'account x\n',
  () => 'login\n',
];

/** A generated layout of 1 to 6 pieces, CRLF line ends one time in five. */
export function generatedLayout(seed: number): string {
  const r = prng(seed);
  const n = 1 + Math.floor(r() * 6);
  let text = '';
  for (let i = 0; i < n; i++) text += PIECES[Math.floor(r() * PIECES.length)](r);
  return r() < 0.2 ? text.replace(/\r?\n/g, '\r\n') : text;
}
