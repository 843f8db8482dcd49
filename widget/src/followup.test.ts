import { describe, expect, it } from 'vitest';
import type { Moment } from '@voix/shared';

type Asked = Pick<Moment, 'metric' | 'followUp'>;
import { followUpFor } from './followup.ts';

const improve = { en: 'What should we improve?', fr: 'Que devrions-nous améliorer ?' };
const liked = { en: 'What did you like most?' };
const reason = { en: 'What is the main reason for your score?' };

describe('followUpFor', () => {
  it('a plain text is asked after every score; none asks nothing', () => {
    const moment = { metric: 'nps', followUp: reason } as Asked;
    for (let score = 0; score <= 10; score++) expect(followUpFor(moment, score)).toBe(reason);
    expect(followUpFor({ metric: 'nps' } as Asked, 3)).toBeUndefined();
  });

  it('NPS bands: detractors 0–6, passives 7–8, promoters 9–10', () => {
    const moment = { metric: 'nps', followUp: [{ scores: 'detractors', text: improve }, { scores: 'promoters', text: liked }] } as Asked;
    expect([0, 6].map((s) => followUpFor(moment, s))).toEqual([improve, improve]);
    expect([7, 8].map((s) => followUpFor(moment, s))).toEqual([undefined, undefined]);
    expect([9, 10].map((s) => followUpFor(moment, s))).toEqual([liked, liked]);
  });

  it('CSAT and CES bands: the low end, the middle, the top', () => {
    const rules = [{ scores: 'detractors', text: improve }, { scores: 'passives', text: reason }, { scores: 'promoters', text: liked }];
    const csat = { metric: 'csat', followUp: rules } as Asked;
    expect([1, 2, 3, 4, 5].map((s) => followUpFor(csat, s))).toEqual([improve, improve, reason, liked, liked]);
    const ces = { metric: 'ces', followUp: rules } as Asked;
    expect([1, 3, 4, 5, 7].map((s) => followUpFor(ces, s))).toEqual([improve, improve, reason, liked, liked]);
  });

  it('ranges are inclusive, and the first matching rule wins', () => {
    const moment = { metric: 'nps', followUp: [{ scores: [0, 3], text: improve }, { scores: [0, 10], text: reason }] } as Asked;
    expect(followUpFor(moment, 3)).toBe(improve);
    expect(followUpFor(moment, 4)).toBe(reason);
  });
});
