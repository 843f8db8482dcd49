// Minimal types for the parts of autocannon the ingest benchmark uses (the package ships none).
declare module 'autocannon' {
  namespace autocannon {
    interface Histogram {
      average: number;
      p50: number;
      p99: number;
    }
    interface Result {
      requests: Histogram;
      latency: Histogram;
      '2xx': number;
      non2xx: number;
      errors: number;
      timeouts: number;
    }
    interface Instance {
      on(event: 'done', cb: (result: Result) => void): void;
      on(event: 'error', cb: (err: Error) => void): void;
    }
    function track(instance: Instance, opts?: Record<string, unknown>): void;
  }
  function autocannon(opts: Record<string, unknown>): autocannon.Instance;
  export default autocannon;
}
