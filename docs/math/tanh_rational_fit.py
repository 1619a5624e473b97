#!/usr/bin/env python3
"""Fits the rational tanh of Runtime/Core/Backends/CpuVectorMath.cs.

tanh(x) ~ x * P(x^2) / Q(x^2) on [0, 9] (tanh(9) rounds to 1.0f), P and Q of degree 4, Q(0) = 1,
minimising the maximum relative error: weighted linear least squares (Loeb's linearisation,
dividing by the previous Q) with Lawson reweighting towards the worst points. Then the float32
coefficients are checked by Horner evaluation in float32 over 2,000,001 points.
Run with Debian's python3 and python3-numpy: python3 docs/math/tanh_rational_fit.py
"""
import numpy as np

LIMIT, DEGREE = 9.0, 4


def fit(iterations=40):
    x = np.unique(np.concatenate([np.linspace(1e-4, LIMIT, 20000),
                                  LIMIT * np.sin(np.linspace(0, np.pi / 2, 20000)) ** 2 + 1e-4]))
    s, t = x * x, np.tanh(x)
    weight, q_prev = np.ones_like(x), np.ones_like(x)
    for _ in range(iterations):
        a = np.hstack([x[:, None] * s[:, None] ** np.arange(DEGREE + 1),
                       -(t[:, None] * s[:, None] ** np.arange(1, DEGREE + 1))])
        row = weight / (t * q_prev)
        coef, *_ = np.linalg.lstsq(a * row[:, None], t * row, rcond=None)
        p, q = coef[:DEGREE + 1], np.concatenate([[1.0], coef[DEGREE + 1:]])
        q_prev = np.polyval(q[::-1], s)
        err = np.abs(x * np.polyval(p[::-1], s) / q_prev / t - 1)
        weight = weight * np.sqrt(err / err.max()) + 1e-12
        weight /= weight.max()
    return p.astype(np.float32), q.astype(np.float32), err.max()


def horner32(c, s):
    acc = np.full_like(s, c[-1])
    for v in c[-2::-1]:
        acc = (acc * s + v).astype(np.float32)
    return acc


p, q, err64 = fit()
xs = np.linspace(0, LIMIT, 2_000_001).astype(np.float32)
s = xs * xs
y = (xs * horner32(p, s) / horner32(q, s)).astype(np.float32)
t = np.tanh(xs.astype(np.float64))
rel = np.abs(y[1:] / t[1:] - 1)
print(f"max relative error: {err64:.2e} in double, {rel.max():.2e} in float32; largest value {y.max():.9g}")
print("P:", ", ".join(f"{v!r}f" for v in p))
print("Q:", ", ".join(f"{v!r}f" for v in q))
