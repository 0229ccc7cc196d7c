/**
 * The reader thread (src/perf-data/thread.ts): decoding in a worker and
 * replaying its batches must give exactly the single-thread result, on every
 * fixture and writer-made file, for every report, with batches so small that
 * rounds, untimed events and the flow control cross batch boundaries; and a
 * failing thread must fall back to reading in the calling thread.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventEmitter } from "node:events";
import { DATA_FILES, FIXTURES, fixture, read } from "./helpers";
import { SCENARIOS, seededExits, VMX_MIX } from "./writer-seeded";
import { writePerfData } from "../../src/perf-data/writer";
import { BatchForwarder, replayBatch, type WorkerInput, type WorkerLike, type WorkerMessage } from "../../src/perf-data/thread";
import { RoundSorter, type EventQueue } from "../../src/perf-data/events";
import { seededRandom } from "../../src/perf-data/writer";
import { spawnReaderThread, type PerfDataOptions } from "../../src/perf-data/read";

/** The real reader thread, counting the batches it sends (so a silent fallback cannot pass for the thread). */
function countingSpawner(): { spawn: (i: WorkerInput) => WorkerLike; batches: () => number } {
  let batches = 0;
  return {
    spawn: (i) => {
      const w = spawnReaderThread(i);
      w.on("message", (m: WorkerMessage) => {
        if (m.type === "batch") batches++;
      });
      return w;
    },
    batches: () => batches,
  };
}

const dir = mkdtempSync(join(tmpdir(), "vmexit-thread-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function writerFiles(): string[] {
  const out: string[] = [];
  for (const sc of SCENARIOS) {
    const f = join(dir, `${sc.name}.data`);
    writeFileSync(f, writePerfData(sc.exits, sc.options));
    out.push(f);
    const p = join(dir, `${sc.name}.pipe.data`);
    writeFileSync(p, writePerfData(sc.exits, { ...sc.options, mode: "pipe" }));
    out.push(p);
  }
  // Rounds of 20 µs: many FINISHED_ROUND marks per batch.
  const many = join(dir, "vmx-many-rounds.data");
  writeFileSync(many, writePerfData(seededExits(9, VMX_MIX, 4, 400, 8, true), { isa: "vmx", vcpuCount: 4, hostCpus: 8, roundNs: 20_000 }));
  out.push(many);
  return out;
}

const fixtureFiles = [
  ...DATA_FILES.map((n) => fixture(`${n}.data`)),
  fixture("vmx-small.pipe.data"),
  ...readdirSync(join(FIXTURES, "real"))
    .filter((f) => f.endsWith(".data"))
    .map((f) => join(FIXTURES, "real", f)),
];

const OTHER_REPORTS: PerfDataOptions[] = [{ event: "vmexit", vcpu: 1 }, { event: "ioport" }, { event: "mmio" }, { event: "msr", sortKey: "time" }];

test("a reader thread gives exactly the single-thread result (every fixture and writer file; batches of 1, 7 and 4096 events; every report on files with sub-events)", async () => {
  const written = writerFiles();
  const runs: Array<[string, PerfDataOptions, number[]]> = [];
  for (const f of [...fixtureFiles, ...written]) runs.push([f, { event: "vmexit" }, [1, 7, 4096]]);
  for (const f of [fixture("vmx-io.data"), ...written]) for (const o of OTHER_REPORTS) runs.push([f, o, [7]]);
  let compared = 0;
  for (const [f, opts, batches] of runs) {
    const single = await read(f, { ...opts, thread: "never" });
    for (const batch of batches) {
      const spy = countingSpawner();
      const threaded = await read(f, { ...opts, thread: "always", threadBatchEvents: batch, spawnThread: spy.spawn });
      assert.deepEqual(threaded, single, `${f} ${JSON.stringify(opts)} batch ${batch}`);
      if (single.tables.length && (single.tables[0].totalSamples ?? 0) > 0) assert.ok(spy.batches() > (batch === 1 ? 100 : 0), `${f}: the thread sent ${spy.batches()} batches`);
      compared++;
    }
  }
  assert.ok(compared >= 80, `${compared} comparisons`);
});

/** A stand-in worker that fails at once, the way a worker that cannot start does. */
function failingWorker(how: "error" | "exit"): WorkerLike {
  const ee = new EventEmitter();
  setImmediate(() => (how === "error" ? ee.emit("error", new Error("cannot start")) : ee.emit("exit", 1)));
  return Object.assign(ee, { terminate: async () => 0, unref: () => undefined }) as unknown as WorkerLike;
}

test("a reader thread that fails (an error, or an exit before it finished) gives way to reading in this thread, with the same result", async () => {
  const f = fixture("vmx-multivcpu.data");
  const single = await read(f, { thread: "never" });
  for (const how of ["error", "exit"] as const) {
    let spawned = 0;
    const r = await read(f, {
      thread: "always",
      spawnThread: (_input: WorkerInput) => {
        spawned++;
        return failingWorker(how);
      },
    });
    assert.equal(spawned, 1);
    assert.deepEqual(r, single, how);
  }
});

test('thread "auto" leaves small files (below THREAD_MIN_BYTES) in this thread', async () => {
  let spawned = 0;
  const r = await read(fixture("vmx-small.data"), { spawnThread: () => (spawned++, failingWorker("exit")) });
  assert.equal(spawned, 0);
  assert.ok((r.tables[0].totalSamples ?? 0) > 0);
});

/** What the reader does to an event queue: timed or untimed events, and FINISHED_ROUND. */
type QueueOp = { op: "event"; t: number; timed: boolean; id: number } | { op: "round" };

/** Applies the ops to `q` the way the reader does (the event's id goes in column a), then finishes. */
function feedOps(ops: readonly QueueOp[], q: EventQueue): void {
  for (const o of ops) {
    if (o.op === "round") q.finishedRound();
    else {
      q.reserve();
      const i = q.buffer.push(0, 1, 1, 0, o.timed ? o.t : -Infinity, o.id, 0, 0, o.id);
      if (o.timed) q.added(i);
      else q.deliverNow(i);
    }
  }
  q.finish();
}

/** Feeds the ops through a BatchForwarder of `batch` events and replays its batches into `sorter`, which is then finished. */
function replayThroughBatches(ops: readonly QueueOp[], batch: number, sorter: RoundSorter): void {
  const live = { arch: "x86" as const, baseTimeNs: null, commNames: [] as string[] };
  const credits = new Int32Array(new SharedArrayBuffer(4));
  credits[0] = 1;
  const fwd = new BatchForwarder(
    (m) => {
      if (m.type === "batch") replayBatch(m, sorter, live);
      Atomics.add(credits, 0, 1);
    },
    credits,
    batch,
  );
  feedOps(ops, fwd);
  sorter.finish();
}

/** A sink that records the ids (column a) of the events handed on. */
const recordIds = (out: number[]) => (c: { a: Float64Array }, i: number) => void out.push(c.a[i]);

test("replayBatch: a forwarder's batches replayed into a RoundSorter hand on the same events in the same order as pushing them there directly (rounds, untimed events, late events, tiny batches)", async () => {
  const rnd = seededRandom(5);
  const ops: QueueOp[] = [];
  let now = 1000;
  for (let i = 0; i < 3000; i++) {
    const x = rnd();
    if (x < 0.05) ops.push({ op: "round" });
    else {
      now += Math.floor(rnd() * 50);
      // Some events arrive late (older than what a round may already have flushed), some untimed.
      const t = rnd() < 0.05 ? now - Math.floor(rnd() * 5000) : now;
      ops.push({ op: "event", t, timed: rnd() > 0.03, id: i });
    }
  }
  const direct: number[] = [];
  const a = new RoundSorter(recordIds(direct));
  feedOps(ops, a);
  assert.equal(direct.length, ops.filter((o) => o.op === "event").length);
  for (const batch of [1, 3, 64, 100_000]) {
    const replayed: number[] = [];
    const b = new RoundSorter(recordIds(replayed));
    replayThroughBatches(ops, batch, b);
    assert.deepEqual(replayed, direct, `batch ${batch}`);
    assert.equal(b.outOfOrder, a.outOfOrder);
  }
  assert.ok(a.outOfOrder > 0, "the sequence has late events");
  // The sorter's own chunks: tiny ones (new chunks, kept runs across many chunks, copied together) give the same.
  for (const chunk of [1, 2, 5, 33]) {
    const out: number[] = [];
    const c = new RoundSorter(recordIds(out), chunk);
    feedOps(ops, c);
    assert.deepEqual(out, direct, `chunks of ${chunk}`);
    assert.equal(c.outOfOrder, a.outOfOrder);
  }
});

test("prestartForArgs boots a reader thread only for a big perf.data argument, and readPerfData takes it (same result)", async () => {
  const { prestartForArgs, prestartedThreadWaiting, takePrestartedThread, THREAD_MIN_BYTES } = await import("../../src/perf-data/prestart");
  prestartForArgs(["--json", fixture("vmx-small.data"), "/nonexistent/file"]);
  assert.equal(takePrestartedThread(), null, "no thread for a small file");
  const big = join(dir, "big.data");
  const { createFileSink, createPerfDataWriter } = await import("../../src/perf-data/writer");
  const fs = await import("node:fs");
  const sink = createFileSink(fs, big);
  const w = createPerfDataWriter({ isa: "vmx", vcpuCount: 4, hostCpus: 8 }, sink);
  for (const e of seededExits(21, VMX_MIX, 4, 40_000, 8, true)) w.add(e);
  w.finish();
  sink.close();
  assert.ok(fs.statSync(big).size >= THREAD_MIN_BYTES, `${fs.statSync(big).size} bytes`);
  const single = await read(big, { thread: "never" });
  prestartForArgs(["--json", big]);
  assert.ok(prestartedThreadWaiting());
  // Let it boot (and fail, if it would), then read: the thread must still be there and be taken.
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(prestartedThreadWaiting(), "the prestarted thread is alive");
  const threaded = await read(big);
  assert.equal(takePrestartedThread(), null, "the prestarted thread was taken");
  assert.deepEqual(threaded, single);
});

/** perf's ordered events written the obvious way: an array in arrival order, a stable sort at every flush. */
function referenceOrder(ops: readonly QueueOp[], maxBuffered: number) {
  const out: number[] = [];
  let buf: Array<{ t: number; id: number }> = [];
  let maxT = -Infinity;
  let nextFlush = -Infinity;
  let lastFlush = -Infinity;
  let late = 0;
  const flush = (limit: number) => {
    const sorted = buf.map((e, k) => ({ ...e, k })).sort((a, b) => a.t - b.t || a.k - b.k);
    for (const e of sorted) if (e.t <= limit) (out.push(e.id), (lastFlush = e.t));
    buf = buf.filter((e) => !(e.t <= limit));
  };
  for (const o of ops) {
    if (o.op === "round") {
      flush(nextFlush);
      nextFlush = maxT;
    } else if (!o.timed) out.push(o.id);
    else {
      if (o.t < lastFlush) late++;
      if (o.t > maxT) maxT = o.t;
      buf.push({ t: o.t, id: o.id });
      if (buf.length >= maxBuffered) flush(buf.map((e) => e.t).sort((a, b) => a - b)[Math.floor(buf.length / 2)]);
    }
  }
  flush(Infinity);
  return { out, late };
}

test("RoundSorter = the obvious model of perf's ordered events (rounds, half flushes when full, late and untimed events), pushed directly, in tiny chunks, and replayed from batches", async () => {
  for (const [seed, roundP, maxBuffered] of [
    [1, 0.05, 40],
    [2, 0.002, 40],
    [3, 0.002, 7],
    [4, 0, 100],
  ] as const) {
    const rnd = seededRandom(seed);
    const ops: QueueOp[] = [];
    let now = 0;
    for (let i = 0; i < 4000; i++) {
      if (rnd() < roundP) ops.push({ op: "round" });
      else {
        now += Math.floor(rnd() * 30);
        const t = rnd() < 0.1 ? now - Math.floor(rnd() * 3000) : rnd() < 0.05 ? now : now + Math.floor(rnd() * 200);
        ops.push({ op: "event", t, timed: rnd() > 0.02, id: i });
      }
    }
    const want = referenceOrder(ops, maxBuffered);
    const label = `seed ${seed}, rounds ${roundP}, half flush at ${maxBuffered}`;
    for (const chunk of [1 << 16, 3, 17]) {
      const got: number[] = [];
      const s = new RoundSorter(recordIds(got), chunk, maxBuffered);
      feedOps(ops, s);
      assert.deepEqual(got, want.out, `${label}, chunks of ${chunk}`);
      assert.equal(s.outOfOrder, want.late, `${label}: late events`);
    }
    for (const batch of [1, 5, 64]) {
      const got: number[] = [];
      const s = new RoundSorter(recordIds(got), 1 << 16, maxBuffered);
      replayThroughBatches(ops, batch, s);
      assert.deepEqual(got, want.out, `${label}, replayed from batches of ${batch}`);
      assert.equal(s.outOfOrder, want.late, `${label}: late events (replayed)`);
    }
  }
});

test("the progress bar gets the same calls from the reader thread as in one thread", async () => {
  const calls = (into: string[]) => ({
    start: (n: number) => void into.push(`start ${n}`),
    update: (n: number) => void into.push(`update ${n}`),
    stop: () => void into.push("stop"),
  });
  const f = fixture("vmx-multivcpu.data");
  const one: string[] = [];
  const two: string[] = [];
  await read(f, { thread: "never", progress: calls(one) });
  await read(f, { thread: "always", progress: calls(two), chunkBytes: 4096 });
  assert.deepEqual(one[0], two[0]);
  assert.equal(two[two.length - 1], "stop");
  assert.equal(two.filter((c) => c.startsWith("start")).length, 1);
  assert.deepEqual(two[two.length - 2], one[one.length - 2], "the last update is the whole size");
});
