import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  ContractError,
  ELEMENTWISE_BUGS,
  GradcheckError,
  MAX_WRONG_ORDER,
  SCHEMES,
  UsageError,
  allIndices,
  call,
  checkGradient,
  checkRules,
  checkTf,
  createStream,
  drawParameters,
  entryProbe,
  errorsOf,
  flatten,
  gradientValues,
  holdsTensors,
  leavesOf,
  loadModule,
  medianOf,
  numericGradient,
  seedValue,
  seriesHead,
  smoothedBest,
  sweepSteps,
  taylorSeries,
  taylorVerdict,
  unitDirection,
  writeBack
} from "./chunk-3JXSRZWL.js";

// src/cli/module-worker.ts
import { parentPort, workerData } from "worker_threads";

// src/checks/module-sweep.ts
function moduleSweep(source, o) {
  const problem = source;
  const checkWith = (scheme) => checkGradient(problem, { scheme, seed: o.seed, rng: o.rng, tolerance: "allclose", module: o.module }).entries;
  const reference = checkWith("richardson");
  const initial = drawParameters(problem.parameters, createStream(o.rng, o.seed));
  const flat = flatten(initial);
  const live = structuredClone(initial);
  const probes = flat.map((p) => entryProbe(problem, live, p));
  const numericAt = (scheme, h) => Float64Array.from(
    flat.flatMap((p, q) => [...numericGradient(allIndices(p.values.length), probes[q], SCHEMES[scheme], () => h).values])
  );
  const steps = sweepSteps(o.from, o.to, o.perDecade);
  const series = o.schemes.map((scheme) => {
    const points = steps.map((step) => ({
      step,
      ...errorsOf(
        numericAt(scheme, step),
        reference.map((e) => e.numeric)
      )
    }));
    const predicted = scheme === "complex-step" ? NaN : medianOf(checkWith(scheme).map((e) => e.step));
    return { scheme, dtype: "float64", points, bestStep: smoothedBest(points), predictedStep: predicted };
  });
  return {
    ...seriesHead("sweep"),
    config: {
      model: "module",
      module: o.module,
      seed: seedValue(o.seed),
      rng: o.rng,
      schemes: o.schemes,
      dtypes: ["float64"],
      from: o.from,
      to: o.to,
      perDecade: o.perDecade
    },
    reference: { scheme: "richardson", dtype: "float64", step: medianOf(reference.map((e) => e.step)) },
    series
  };
}

// src/checks/module-taylor.ts
var EPSILON = Number.EPSILON;
var dot = (a, b) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
var norm = (v) => Math.sqrt(dot(v, v));
var concat = (parts) => Float64Array.from(parts.flatMap((p) => [...p]));
var flatOutput = (value, what) => Float64Array.from(leavesOf(value, what, "the value of").values);
function startOf(source, o) {
  const stream = createStream(o.rng, o.seed);
  const problem = source;
  const initial = drawParameters(problem.parameters, stream);
  const flat = flatten(initial);
  const D = unitDirection(
    flat.reduce((n, p) => n + p.values.length, 0),
    stream
  );
  const starts = flat.map((_, q) => flat.slice(0, q).reduce((n, p) => n + p.values.length, 0));
  const split = flat.map((p, q) => D.subarray(starts[q], starts[q] + p.values.length));
  const shifted = (h) => {
    const live = structuredClone(initial);
    writeBack(
      live,
      flat.map((p, q) => ({ ...p, values: p.values.map((w, k) => w + h * split[q][k]) }))
    );
    return live;
  };
  const tangent = () => {
    const t = structuredClone(initial);
    writeBack(
      t,
      flat.map((p, q) => ({ ...p, values: split[q] }))
    );
    return t;
  };
  const bug = o.bug ? ELEMENTWISE_BUGS[o.bug] : (x) => x;
  const wMax = Math.max(...flat.map((p) => p.values.reduce((m, w) => Math.max(m, Math.abs(w)), 0)));
  return { stream, problem, initial, flat, D, shifted, tangent, bug, wMax, at: () => structuredClone(initial) };
}
var ALONG = {
  gradient: ({ problem, flat, D, shifted, bug, wMax, at }) => {
    const value = (h) => Float64Array.of(call("loss", () => problem.loss(shifted(h))));
    const g = concat(
      gradientValues(
        call("gradient", () => problem.gradient(at())),
        flat
      )
    ).map(bug);
    return { value, slope: Float64Array.of(dot(g, D)), scale: Math.abs(value(0)[0]) + wMax * Math.abs(dot(g, D)) };
  },
  vjp: ({ problem, flat, D, shifted, bug, wMax, at, stream }) => {
    const first = call("output", () => problem.output(at()));
    const out0 = flatOutput(first, "output");
    const c = Float64Array.from(out0, () => 2 * stream.uniform() - 1);
    const g = concat(
      gradientValues(
        call("vjp", () => problem.vjp?.(at(), cotangentLike(first, c))),
        flat,
        "vjp"
      )
    ).map(bug);
    const value = (h) => Float64Array.of(
      dot(
        c,
        flatOutput(
          call("output", () => problem.output(shifted(h))),
          "output"
        )
      )
    );
    return { value, slope: Float64Array.of(dot(g, D)), scale: dot(c.map(Math.abs), out0.map(Math.abs)) + wMax * Math.abs(dot(g, D)) };
  },
  jvp: ({ problem, shifted, tangent, bug, wMax, at }) => {
    const value = (h) => flatOutput(
      call("output", () => problem.output(shifted(h))),
      "output"
    );
    const slope = flatOutput(
      call("jvp", () => problem.jvp?.(at(), tangent())),
      "jvp"
    ).map(bug);
    return { value, slope, scale: norm(value(0)) + wMax * norm(slope) };
  },
  hvp: ({ problem, flat, shifted, tangent, bug, wMax, at }) => {
    const value = (h) => concat(
      gradientValues(
        call("gradient", () => problem.gradient(shifted(h))),
        flat
      )
    );
    const slope = concat(
      gradientValues(
        call("hvp", () => problem.hvp(at(), tangent())),
        flat,
        "hvp"
      )
    ).map(bug);
    return { value, slope, scale: norm(value(0)) + wMax * norm(slope) };
  }
};
function cotangentLike(output, c) {
  let k = 0;
  const fill = (v) => Array.isArray(v) ? v.map(fill) : c[k++];
  return fill(output);
}
function moduleTaylor(source, o) {
  const f = ALONG[o.rule](startOf(source, o));
  const f0 = f.value(0);
  const residual = (h) => {
    const at = f.value(h);
    return norm(at.map((v, i) => v - f0[i] - h * f.slope[i]));
  };
  const even = (h) => {
    const plus = f.value(h);
    const minus = f.value(-h);
    return norm(plus.map((v, i) => (v + minus[i]) / 2 - f0[i]));
  };
  const floor = 10 * EPSILON * f.scale;
  let series = taylorSeries(residual, o.steps, floor);
  if (taylorVerdict(series).verdict !== "pass" && taylorSeries(even, o.steps, floor).order <= MAX_WRONG_ORDER)
    series = { ...series, reason: "kinks" };
  const { verdict, inconclusive } = taylorVerdict(series);
  return {
    ...seriesHead("taylor"),
    config: {
      model: "module",
      module: o.module,
      rule: o.rule,
      seed: seedValue(o.seed),
      rng: o.rng,
      dtype: "float64",
      bug: o.bug,
      steps: o.steps
    },
    floor,
    points: series.points,
    order: series.order,
    verdict,
    pass: verdict === "pass",
    inconclusive,
    heldAtKinks: 0
  };
}

// src/cli/module-worker.ts
var { path, task, options, calls } = workerData;
function counted(source) {
  const tick = (f) => (...args) => {
    Atomics.add(calls, 0, 1);
    const r = f(...args);
    Atomics.add(calls, 0, 1);
    return r;
  };
  return Object.fromEntries(
    Object.entries(source).map(([k, v]) => [
      k,
      typeof v === "function" && k !== "parameters" ? tick(v.bind(source)) : v
    ])
  );
}
function runTask(task2, source, rules, options2) {
  if (task2 === "check")
    return rules.map(
      (rule) => (
        // A loss of tensors: its gradient is TF.js's own (tf.grads), checked through TF.js in float32.
        rule === "gradient" && holdsTensors(source.parameters) ? checkTf(source.loss, source.parameters, options2) : checkRules(source, [rule], options2)[0]
      )
    );
  const needed = task2 === "sweep" ? "gradient" : options2.rule ?? rules[0];
  if (!rules.includes(needed)) {
    const has = `has the rule${rules.length === 1 ? "" : "s"} ${rules.join(", ")}`;
    throw new UsageError(
      task2 === "sweep" ? `module ${path} ${has}, no loss with a gradient: gradcheck sweep sweeps the differences of a loss.` : `module ${path} ${has}, not ${needed} (--rule ${needed}).`
    );
  }
  if (task2 === "taylor") return moduleTaylor(source, { ...options2, rule: needed, module: path });
  return moduleSweep(source, { ...options2, module: path });
}
var reply;
try {
  const onProgress = (done, total) => parentPort?.postMessage({ progress: [done, total] });
  const { source, rules } = await loadModule(path);
  reply = { ok: true, result: runTask(task, counted(source), rules, { ...options, onProgress }) };
} catch (e) {
  const error = e instanceof Error ? e : new Error(String(e));
  const cause = error.cause instanceof Error ? error.cause : void 0;
  reply = {
    ok: false,
    kind: e instanceof ContractError ? "contract" : e instanceof GradcheckError ? "usage" : "internal",
    message: error.message,
    stack: cause?.stack ?? error.stack
  };
}
parentPort?.postMessage(reply);
