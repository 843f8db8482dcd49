/**
 * The vocabulary of the product (DESIGN.md): metrics with their scales, journey stages and
 * channels. Plain constants with no dependency, so the widget can import them for free.
 */
export const METRICS = ['nps', 'csat', 'ces'] as const;
export type Metric = (typeof METRICS)[number];

/** Inclusive integer range of each metric's answer scale. */
export const SCALES: Record<Metric, { min: number; max: number }> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
};

/** Journey stages, in the order a customer meets them. */
export const STAGES = [
  'discovery',
  'research',
  'evaluation',
  'purchase',
  'usage',
  'service',
  'recommendation',
] as const;
export type Stage = (typeof STAGES)[number];

/** Where an answer was given: in the page, or out of it through a link, an email or an SMS. */
export const CHANNELS = ['inpage', 'link', 'email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

export function isInScale(metric: Metric, score: number): boolean {
  const { min, max } = SCALES[metric];
  return Number.isInteger(score) && score >= min && score <= max;
}

/**
 * Score bands of each scale, named after NPS: detractors, passives, promoters. For CSAT and CES
 * they are the low end, the middle and the top (CSAT's top-2-box, CES's "easy" 5–7), so that a
 * follow-up question can be chosen for a band of scores whatever the metric.
 */
export const SCORE_BANDS = ['detractors', 'passives', 'promoters'] as const;
export type ScoreBand = (typeof SCORE_BANDS)[number];
export const BAND_RANGES: Record<Metric, Record<ScoreBand, [min: number, max: number]>> = {
  nps: { detractors: [0, 6], passives: [7, 8], promoters: [9, 10] },
  csat: { detractors: [1, 2], passives: [3, 3], promoters: [4, 5] },
  ces: { detractors: [1, 3], passives: [4, 4], promoters: [5, 7] },
};
