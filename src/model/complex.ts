import type { Round } from '../numeric/dtype.js';

/** Complex arithmetic for complex-step, each part rounded by `r` as a complex tensor of the dtype would be. */
export interface Complex {
  re: number;
  im: number;
}

export const complex = (re: number, im = 0): Complex => ({ re, im });

export function add(a: Complex, b: Complex, r: Round): Complex {
  return { re: r(a.re + b.re), im: r(a.im + b.im) };
}

export function mul(a: Complex, b: Complex, r: Round): Complex {
  return { re: r(r(a.re * b.re) - r(a.im * b.im)), im: r(r(a.re * b.im) + r(a.im * b.re)) };
}

/** a / b by Smith's algorithm, which neither overflows nor underflows needlessly. */
export function div(a: Complex, b: Complex, r: Round): Complex {
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    const q = r(b.im / b.re);
    const den = r(b.re + r(b.im * q));
    return { re: r(r(a.re + r(a.im * q)) / den), im: r(r(a.im - r(a.re * q)) / den) };
  }
  const q = r(b.re / b.im);
  const den = r(b.im + r(b.re * q));
  return { re: r(r(r(a.re * q) + a.im) / den), im: r(r(r(a.im * q) - a.re) / den) };
}

export function exp(a: Complex, r: Round): Complex {
  const m = r(Math.exp(a.re));
  return { re: r(m * r(Math.cos(a.im))), im: r(m * r(Math.sin(a.im))) };
}

/** log(1 + a), accurate when a is small. */
export function log1p(a: Complex, r: Round): Complex {
  const x = r(1 + a.re);
  return { re: r(0.5 * r(Math.log1p(r(r(a.re * r(2 + a.re)) + r(a.im * a.im))))), im: r(Math.atan2(a.im, x)) };
}

export function neg(a: Complex): Complex {
  return { re: -a.re, im: -a.im };
}
