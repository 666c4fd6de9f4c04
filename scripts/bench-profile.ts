/**
 * Summarises a V8 CPU profile (`node --cpu-prof`) for the gateway bench: self time per frame
 * (function, file, line), the top frames, and the share of each part of the stack (Node's own
 * HTTP/net code, Gatehouse's code, native calls, garbage collection). Idle time is left out:
 * percentages are of the time the process was on a CPU.
 */

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame };
export type CpuProfile = {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};

export type ProfileFrame = { frame: string; where: string; selfMs: number; share: number };
export type ProfileSummary = {
  busyMs: number;
  top: ProfileFrame[];
  groups: Array<{ group: string; share: number }>;
};

function groupOf(f: CallFrame): string {
  if (f.functionName === "(garbage collector)") return "garbage collection";
  if (f.functionName === "(program)") return "V8/native (unattributed)";
  if (f.url.startsWith("node:")) return "Node.js core (http, net, streams, timers)";
  if (f.url.includes("node_modules")) return "dependencies";
  if (f.url === "") return "native functions (crypto, writev, …)";
  return "Gatehouse code (scripts/, lib/)";
}

function shortUrl(url: string, root: string): string {
  const u = url.replace(/^file:\/\//, "");
  return u.startsWith(root) ? u.slice(root.length + 1) : u;
}

/**
 * `fromMicros`: leave out samples taken before this monotonic time (µs, the clock of
 * process.hrtime and of V8's profiler), i.e. the process's start-up, so the profile is the load.
 */
export function summariseProfile(
  p: CpuProfile,
  root: string,
  {
    fromMicros = 0,
    topN = Number(process.env.BENCH_PROFILE_TOP ?? 15),
  }: { fromMicros?: number; topN?: number } = {},
): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, { frame: CallFrame; us: number }>();
  const groups = new Map<string, number>();
  let busy = 0;
  // The clocks agree on Linux (both CLOCK_MONOTONIC); if they did not, keep every sample.
  const skipBefore = fromMicros > p.startTime && fromMicros < p.endTime ? fromMicros : 0;
  let at = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    at += p.timeDeltas[i] ?? 0;
    if (at < skipBefore) continue;
    const frame = byId.get(p.samples[i] ?? -1);
    // timeDeltas[i + 1] is the time until the next sample: the time this sample stands for.
    const us = p.timeDeltas[i + 1] ?? 0;
    if (!frame || frame.functionName === "(idle)") continue;
    busy += us;
    const id = `${frame.functionName}\u0000${frame.url}\u0000${frame.lineNumber}`;
    const cur = self.get(id);
    if (cur) cur.us += us;
    else self.set(id, { frame, us });
    const g = groupOf(frame);
    groups.set(g, (groups.get(g) ?? 0) + us);
  }
  const share = (us: number) => (busy ? us / busy : 0);
  const top = [...self.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, topN)
    .map(({ frame, us }) => ({
      frame: frame.functionName || "(anonymous)",
      where: frame.url ? `${shortUrl(frame.url, root)}:${frame.lineNumber + 1}` : "(native)",
      selfMs: us / 1000,
      share: share(us),
    }));
  return {
    busyMs: busy / 1000,
    top,
    groups: [...groups.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([group, us]) => ({ group, share: share(us) })),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** Markdown: the groups, then the top frames by self time. */
export function profileMarkdown(s: ProfileSummary): string {
  const groups = s.groups.map((g) => `${g.group} ${pct(g.share)}`).join("; ");
  const rows = s.top
    .map((f) => `| ${f.frame.replace(/\|/g, "\\|")} | ${f.where} | ${pct(f.share)} |`)
    .join("\n");
  return `On-CPU time ${Math.round(s.busyMs).toLocaleString("en-GB")} ms: ${groups}.

| Frame (self time) | Where | Share |
| --- | --- | ---: |
${rows}`;
}
