"""The numpy row of docs/BENCHMARKS.md: a strong Python user's hand-written check of the same
problem, n=1000, d=128, C=32, sigmoid, float64: column-local central differences, vectorized.

Optional: needs python3 with numpy. Run: python3 bench/numpy_check.py  (npm run bench runs it
when it can, and times the whole process.) Drawn like --init scaled: signed integers, W scaled
so that z = x·w has variance about 1, so the check compares numbers that mean something.
"""
import math
import time

import numpy as np

start = time.perf_counter()
n, d, C, b, h = 1000, 128, 32, 3, 2.0**-17
rng = np.random.default_rng(42)
T = rng.integers(-b, b + 1, (n, C)).astype(float)
X = rng.integers(-b, b + 1, (n, d)).astype(float)
W = rng.integers(-b, b + 1, (d, C)) / 2 ** round(math.log2(b * (b + 1) / 3 * math.sqrt(d)))
sigmoid = lambda z: 1 / (1 + np.exp(-z))
Z = X @ W
Y = sigmoid(Z)
analytic = X.T @ (Y * (1 - Y) * (Y - T))
numeric = np.empty((d, C))
for k in range(d):  # moving W[k, j] moves column j of Z by h·X[:, k]: every j at once
    up = ((sigmoid(Z + h * X[:, k : k + 1]) - T) ** 2).sum(axis=0) / 2
    down = ((sigmoid(Z - h * X[:, k : k + 1]) - T) ** 2).sum(axis=0) / 2
    numeric[k] = (up - down) / (2 * h)
ok = np.allclose(analytic, numeric, atol=1e-5, rtol=1e-3)
print(f"numpy column-local central differences: {time.perf_counter() - start:.3f} s in-process, passed={ok}")
