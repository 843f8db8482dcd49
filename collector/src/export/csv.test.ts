import { describe, expect, it } from 'vitest';
import { csvCell, csvHeader, csvLine } from './csv.ts';

describe('CSV cells never become formulas (R19)', () => {
  const cases: [string, string | number | null, 'text' | 'number', string][] = [
    ['formula', '=1+1', 'text', "'=1+1"],
    ['plus', '+33 6 12', 'text', "'+33 6 12"],
    ['minus', '-cmd|calc', 'text', "'-cmd|calc"],
    ['at', '@SUM(A1)', 'text', "'@SUM(A1)"],
    ['tab', '\tx', 'text', "'\tx"],
    ['carriage return', '\rx', 'text', `"'\rx"`],
    ['number-like text is text', '-3', 'text', "'-3"],
    ['negative number in a numeric column stays a number', -3, 'number', '-3'],
    ['positive number', 10, 'number', '10'],
    ['text in a numeric column is neutralised', '=2', 'number', "'=2"],
    ['plain text', 'Fast delivery', 'text', 'Fast delivery'],
    ['formula after a space is harmless', ' =1', 'text', ' =1'],
    ['comma quoted', 'a,b', 'text', '"a,b"'],
    ['quote doubled', 'say "hi"', 'text', '"say ""hi"""'],
    ['newline quoted', 'a\nb', 'text', '"a\nb"'],
    ['formula and comma', '=HYPERLINK("x","y")', 'text', `"'=HYPERLINK(""x"",""y"")"`],
    ['null is empty', null, 'text', ''],
    ['empty string', '', 'text', ''],
  ];
  for (const [name, input, kind, expected] of cases) {
    it(name, () => expect(csvCell(input, kind)).toBe(expected));
  }

  it('writes a header and one line per response, CRLF-terminated', () => {
    expect(csvHeader()).toBe('id,createdAt,momentId,metric,stage,score,comment,anonymousId,userId,locale,channel,attributes\r\n');
    const line = csvLine({
      id: 'r1', createdAt: '2025-01-06T12:00:00.000Z', momentId: 'post-checkout', metric: 'csat', stage: 'purchase', score: 4,
      comment: '=cmd', anonymousId: 'a', userId: null, locale: 'fr', channel: 'inpage', attributes: { plan: 'pro', n: -3 },
    });
    expect(line).toBe(`r1,2025-01-06T12:00:00.000Z,post-checkout,csat,purchase,4,'=cmd,a,,fr,inpage,"{""plan"":""pro"",""n"":-3}"\r\n`);
  });
});
