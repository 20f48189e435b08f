// A forward-mode rule for an elementwise function, checked as a Jacobian-vector product:
//   output(x) = x·tanh(x)  entry by entry,  jvp(x, t) = (tanh(x) + x·(1 − tanh²(x)))·t
// `gradcheck --module examples/jvp-elementwise.mjs` checks every entry ∂output[i]/∂x[j]
// (the Jacobian is diagonal: the zeros off it are checked too) and exits 0.

export const parameters = { x: [-1.5, -0.4, 0.3, 0.9, 2.1] };

export const output = ({ x }) => x.map((v) => v * Math.tanh(v));

export const jvp = ({ x }, { x: t }) => x.map((v, i) => (Math.tanh(v) + v * (1 - Math.tanh(v) ** 2)) * t[i]);
