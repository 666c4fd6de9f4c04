import { createRequire } from "node:module";

// autocannon ships no types; this is the part of its API the bench uses.
type Histogram = { average: number; p50: number; p99: number };
type AutocannonResult = {
  requests: Histogram & { total: number };
  latency: Histogram;
  non2xx: number;
  errors: number;
  duration: number;
};
type AutocannonRequest = {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
};
type AutocannonOptions = {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  requests?: AutocannonRequest[];
};
type Instance = {
  on(
    event: "response",
    listener: (client: unknown, statusCode: number, bytes: number, ms: number) => void,
  ): void;
};
type Autocannon = ((opts: AutocannonOptions) => Promise<AutocannonResult>) &
  ((
    opts: AutocannonOptions,
    done: (err: Error | null, result: AutocannonResult) => void,
  ) => Instance);

const autocannonLib = createRequire(import.meta.url)("autocannon") as Autocannon;

/**
 * A run, with its latency percentiles computed here from every 2xx answer's own duration
 * (fractional milliseconds): autocannon's histogram keeps whole milliseconds, too coarse to
 * compare p99s of 11 and 14 ms against a 1.25× target.
 */
function autocannon(
  opts: AutocannonOptions,
): Promise<AutocannonResult & { exact: { p50: number; p99: number } }> {
  return new Promise((resolve, reject) => {
    const durations: number[] = [];
    const instance = autocannonLib(opts, (err, result) => {
      if (err) return reject(err);
      const sorted = Float64Array.from(durations).sort();
      const at = (q: number) =>
        sorted.length
          ? (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN)
          : NaN;
      resolve({ ...result, exact: { p50: round1(at(0.5)), p99: round1(at(0.99)) } });
    });
    instance.on("response", (_client, statusCode, _bytes, ms) => {
      if (statusCode >= 200 && statusCode < 300) durations.push(ms);
    });
  });
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

export type LoadResult = {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
};

function summary(
  r: AutocannonResult & { exact: { p50: number; p99: number } },
  seconds: number,
): LoadResult {
  return {
    rps: r.requests.total / seconds,
    p50: r.exact.p50,
    p99: r.exact.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    total: r.requests.total,
  };
}

/** A short warm-up (JIT, connection pools, caches), then the measured run. */
export async function load(opts: {
  url: string;
  duration: number;
  connections: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}): Promise<LoadResult> {
  await autocannon({ ...opts, duration: 1 });
  const r = await autocannon(opts);
  return summary(r, r.duration || opts.duration);
}

/** Exactly `amount` requests to one URL (CPU per decision: the server's cpuUsage over a fixed count). */
export async function loadCount(opts: {
  url: string;
  amount: number;
  connections: number;
  headers?: Record<string, string>;
}): Promise<LoadResult> {
  const started = performance.now();
  const r = await autocannon(opts);
  return summary(r, (performance.now() - started) / 1000);
}

/** `amount` requests, request i with its own headers (cold keys: every one a cache miss). */
export async function loadEach(opts: {
  url: string;
  connections: number;
  amount: number;
  headersFor: (i: number) => Record<string, string>;
}): Promise<LoadResult> {
  let i = 0;
  // autocannon reports no duration for a fixed amount: measure the wall time here.
  const started = performance.now();
  const r = await autocannon({
    url: opts.url,
    connections: opts.connections,
    amount: opts.amount,
    requests: [
      { method: "GET", setupRequest: (req) => ({ ...req, headers: opts.headersFor(i++) }) },
    ],
  });
  return summary(r, (performance.now() - started) / 1000);
}
