#!/usr/bin/env python3
"""Independent reference for the lab's NNGP/NTK recursions (MATH.md §9), numpy + scipy only.

Writes tests/reference/kernels_reference.json: for fixed inputs, the output NNGP K and NTK Θ of
deep networks (relu and erf by their closed forms; tanh by scipy's adaptive 2-D integration
of the Gaussian expectation, a different method from the lab's polar Gauss rule).
Run: python3 tests/reference/kernels_reference.py
"""
import json
import math
import os

import numpy as np
from scipy import integrate
from scipy.special import erf

X = np.array([[1.0, 0.0, 0.5], [0.3, -1.2, 0.8], [-0.7, 0.4, 1.1], [0.0, 0.9, -0.6]])


def dual_relu(a, b, c):
    ab = math.sqrt(a * b)
    cos = max(-1.0, min(1.0, c / ab))
    th = math.acos(cos)
    return ab * (math.sin(th) + (math.pi - th) * cos) / (2 * math.pi), (math.pi - th) / (2 * math.pi)


def dual_erf(a, b, c):
    p = (1 + 2 * a) * (1 + 2 * b)
    return 2 / math.pi * math.asin(2 * c / math.sqrt(p)), 4 / math.pi / math.sqrt(p - 4 * c * c)


def gauss2d(g, a, b, c):
    # E g(u, v) with (u, v) ~ N(0, [[a, c], [c, b]]): u = sqrt(a) z1, v = sqrt(b)(rho z1 + sqrt(1-rho^2) z2)
    rho = c / math.sqrt(a * b)
    rc = math.sqrt(max(0.0, 1 - rho * rho))
    dens = lambda z2, z1: math.exp(-(z1 * z1 + z2 * z2) / 2) / (2 * math.pi)
    f = lambda z2, z1: g(math.sqrt(a) * z1, math.sqrt(b) * (rho * z1 + rc * z2)) * dens(z2, z1)
    val, _ = integrate.dblquad(f, -9, 9, -9, 9, epsabs=1e-13, epsrel=1e-12)
    return val


def dual_tanh(a, b, c):
    k = gauss2d(lambda u, v: math.tanh(u) * math.tanh(v), a, b, c)
    kd = gauss2d(lambda u, v: (1 - math.tanh(u) ** 2) * (1 - math.tanh(v) ** 2), a, b, c)
    return k, kd


DUALS = {"relu": dual_relu, "erf": dual_erf, "tanh": dual_tanh}


def kernels(phi, depth, sw2, sb2):
    n, d = X.shape
    K = sb2 + sw2 * X @ X.T / d
    T = K.copy()
    for _ in range(depth):
        Kn = np.empty_like(K)
        Tn = np.empty_like(T)
        for i in range(n):
            for j in range(n):
                k, kd = DUALS[phi](K[i, i], K[j, j], K[i, j])
                Kn[i, j] = sb2 + sw2 * k
                Tn[i, j] = Kn[i, j] + sw2 * kd * T[i, j]
        K, T = Kn, Tn
    return K, T


CASES = [
    {"phi": "relu", "depth": 3, "sigmaW2": 2.0, "sigmaB2": 0.1},
    {"phi": "erf", "depth": 2, "sigmaW2": 1.5, "sigmaB2": 0.05},
    {"phi": "tanh", "depth": 2, "sigmaW2": 1.2, "sigmaB2": 0.2},
]

out = {"inputs": X.tolist(), "cases": []}
for case in CASES:
    K, T = kernels(case["phi"], case["depth"], case["sigmaW2"], case["sigmaB2"])
    out["cases"].append({**case, "nngp": K.tolist(), "ntk": T.tolist()})

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kernels_reference.json")
with open(path, "w") as fh:
    json.dump(out, fh, indent=1)
print("wrote", path)
