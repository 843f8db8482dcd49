import type { FollowUpRule, LocalizedText, Moment } from '@voix/shared';
import { BAND_RANGES } from '@voix/shared/scales';

/**
 * Which follow-up question to ask after a score. `followUp` is either one localized text for
 * every score, or rules tried in order — `{ scores: 'detractors' | 'passives' | 'promoters' |
 * [min, max], text }` — where the first rule whose scores contain the answer wins, and no
 * matching rule means no follow-up. Bands per metric are `BAND_RANGES` (shared/scales).
 */
export function followUpFor(moment: Pick<Moment, 'metric' | 'followUp'>, score: number): LocalizedText | undefined {
  const { followUp } = moment;
  if (!Array.isArray(followUp)) return followUp;
  const rule = followUp.find((r: FollowUpRule) => {
    const [min, max] = typeof r.scores === 'string' ? BAND_RANGES[moment.metric][r.scores] : r.scores;
    return score >= min && score <= max;
  });
  return rule && rule.text;
}
