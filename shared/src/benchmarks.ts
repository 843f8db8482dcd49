import type { Metric } from './scales.ts';
import type { Sector } from './payloads.ts';

/**
 * Sector reference values quoted by seed 003 ("Voici quelques benchmarks de CSAT et NPS par
 * secteur"): averages, to read beside a score, never to mix into it. No CES reference is quoted.
 */
export const BENCHMARKS: Record<Sector, Record<Metric, number | null>> = {
  ecommerce: { csat: 78, nps: 25, ces: null },
  hospitality: { csat: 82, nps: 40, ces: null },
  telecoms: { csat: 65, nps: -10, ces: null },
};

export const BENCHMARK_SOURCE = 'Sector averages quoted in seed 003 (customer experience journey article): CSAT % and NPS by sector';

export interface Benchmark {
  sector: Sector;
  /** The sector's reference for this metric, in the score's unit; null when none is quoted (CES). */
  score: number | null;
  source: string;
}

export function benchmarkFor(sector: Sector, metric: Metric): Benchmark {
  return { sector, score: BENCHMARKS[sector][metric], source: BENCHMARK_SOURCE };
}
