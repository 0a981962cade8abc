#!/usr/bin/env python3
"""Reference values for relu I4 = E[θ(x_a) θ(x_b) x_c⁺ x_d⁺], x ~ N(0, C) (MATH.md §2),
by a method independent of the implementation (which uses Stein's lemma + Plackett's identity):
condition on the relu variables B = {c, d}; then
    I4 = ∫_{y>0} y_c y_d φ_B(y) P(x_A > 0 | x_B = y) dy,   A = {a, b} \\ B,
where the conditional orthant probability is Φ (|A| = 1) or the bivariate normal CDF by Owen's T
(|A| = 2), and the outer integral over (0, ∞)^|B| is done by scipy's adaptive quad/dblquad at
epsabs 1e-13. Each 2-D value is computed in both integration orders; the script asserts they
agree to 1e-10 and checks a block-diagonal case against its closed form.

Also: μ1 = E[u tanh u], μ2 = E[tanh² u] for u ~ N(0, 1) with mpmath at 30 digits.

Run:  python3 tests/reference/relu_i4_reference.py   (numpy, scipy, mpmath)
Writes tests/reference/relu-i4.json and tests/reference/tanh-moments.json.
"""
import json
import math
import os

import mpmath
import numpy as np
from scipy import integrate, special

HERE = os.path.dirname(os.path.abspath(__file__))


def Phi(x):
    return 0.5 * special.erfc(-x / math.sqrt(2))


def Phi2(h, k, rho):
    """P(X < h, Y < k) for unit-variance (X, Y) with correlation rho, via Owen's T."""
    if abs(rho) >= 1:
        raise ValueError('degenerate')
    s = math.sqrt(1 - rho * rho)
    h = h if h != 0 else 1e-300
    k = k if k != 0 else 1e-300
    ah = (k - rho * h) / (h * s)
    ak = (h - rho * k) / (k * s)
    beta = 0.0 if (h > 0) == (k > 0) else 0.5
    return 0.5 * (Phi(h) + Phi(k)) - special.owens_t(h, ah) - special.owens_t(k, ak) - beta


def relu_i4(C, a, b, c, d):
    C = np.asarray(C, float)
    B = sorted({c, d})
    A = sorted({a, b} - set(B))
    Sbb = C[np.ix_(B, B)]
    Sbb_inv = np.linalg.inv(Sbb)
    if A:
        Sab = C[np.ix_(A, B)]
        M = Sab @ Sbb_inv  # conditional mean = M y
        Ccond = C[np.ix_(A, A)] - M @ Sab.T
        sd = np.sqrt(np.diag(Ccond))
        rho = Ccond[0, 1] / (sd[0] * sd[1]) if len(A) == 2 else 0.0

    def p_rest(y):
        if not A:
            return 1.0
        mu = M @ y
        # P(x_A > 0) = P(z > −μ) = P(−z < μ) with −z ~ N(0, Ccond)
        if len(A) == 1:
            return Phi(mu[0] / sd[0])
        return Phi2(mu[0] / sd[0], mu[1] / sd[1], rho)

    lim = [12 * math.sqrt(C[i, i]) for i in B]
    if len(B) == 1:
        v = C[B[0], B[0]]
        f = lambda y: y * y * math.exp(-0.5 * y * y / v) / math.sqrt(2 * math.pi * v) * p_rest(np.array([y]))
        val, err = integrate.quad(f, 0, lim[0], epsabs=1e-14, epsrel=1e-13, limit=500)
        return val
    det = np.linalg.det(Sbb)
    norm = 1 / (2 * math.pi * math.sqrt(det))

    def dens(y0, y1):
        y = np.array([y0, y1])
        return y0 * y1 * norm * math.exp(-0.5 * y @ Sbb_inv @ y) * p_rest(y)

    v1, _ = integrate.dblquad(lambda y1, y0: dens(y0, y1), 0, lim[0], 0, lim[1], epsabs=1e-13, epsrel=1e-12)
    v2, _ = integrate.dblquad(lambda y0, y1: dens(y0, y1), 0, lim[1], 0, lim[0], epsabs=1e-13, epsrel=1e-12)
    assert abs(v1 - v2) < 1e-10, (v1, v2)
    return 0.5 * (v1 + v2)


def relu_i2(c11, c12, c22):
    s = math.sqrt(c11 * c22)
    t = math.acos(c12 / s)
    return s / (2 * math.pi) * (math.sin(t) + (math.pi - t) * math.cos(t))


def random_cov(rng, n, strength):
    A = rng.standard_normal((n, n))
    C = A @ A.T / n + (1 - strength) * np.eye(n)
    return C


def main():
    rng = np.random.default_rng(20240611)
    covs = {
        'random-a': random_cov(rng, 4, 0.3),
        'random-b': random_cov(rng, 4, 0.8),
        'strong': None,
        # the fixture's initial (Q, R, T) (hmm-ode-reference-N400-D200.json, t = 0)
        'fixture-t0': None,
    }
    # strongly correlated: correlations up to ~0.95
    G = rng.standard_normal((4, 2))
    covs['strong'] = G @ G.T + 0.1 * np.eye(4)
    # nearly singular (rank 2 + ε): correlations 0.990 and 0.997, det R = 5e-4 and 5e-6
    G2 = np.random.default_rng(5).standard_normal((4, 2))
    covs['near-singular-1e-2'] = G2 @ G2.T + 1e-2 * np.eye(4)
    covs['near-singular-1e-3'] = G2 @ G2.T + 1e-3 * np.eye(4)
    fx = os.path.join(HERE, '..', 'fixtures', 'hmm-ode-reference-N400-D200.json')
    with open(fx) as fh:
        ref = json.load(fh)['reference']
    Q = [[ref['Q00'][0], ref['Q01'][0]], [ref['Q01'][0], ref['Q11'][0]]]
    R = [[ref['R00'][0], ref['R01'][0]], [ref['R10'][0], ref['R11'][0]]]
    init = json.load(open(fx))['initialState']
    T = init['T']
    covs['fixture-t0'] = np.block([[np.array(Q), np.array(R)], [np.array(R).T, np.array(T)]])

    patterns = [(0, 1, 2, 3), (2, 3, 0, 1), (1, 3, 0, 2), (0, 0, 2, 3), (0, 1, 2, 2), (0, 1, 0, 1),
                (0, 0, 1, 1), (0, 1, 1, 2), (0, 0, 0, 0), (3, 2, 1, 1)]
    out = []
    for name, C in covs.items():
        C = np.asarray(C, float)
        corr = C / np.sqrt(np.outer(np.diag(C), np.diag(C)))
        print(name, 'max |corr| =', np.max(np.abs(corr - np.eye(4))), 'det R =', np.linalg.det(corr))
        vals = []
        for p in patterns:
            v = relu_i4(C, *p)
            vals.append({'abcd': list(p), 'value': v})
            print('  ', p, repr(v))
        out.append({'name': name, 'C': C.tolist(), 'values': vals})

    # self-check: block-diagonal C (a, b independent of c, d): I4 = P(x_a, x_b > 0) I2(c, d)
    Cb = np.array([[1.3, 0.4, 0, 0], [0.4, 0.9, 0, 0], [0, 0, 1.1, -0.5], [0, 0, -0.5, 0.8]])
    exact = (0.25 + math.asin(0.4 / math.sqrt(1.3 * 0.9)) / (2 * math.pi)) * relu_i2(1.1, -0.5, 0.8)
    got = relu_i4(Cb, 0, 1, 2, 3)
    assert abs(got - exact) < 1e-11, (got, exact)
    print('block-diagonal check', got, exact, got - exact)

    with open(os.path.join(HERE, 'relu-i4.json'), 'w') as fh:
        json.dump({'generator': 'tests/reference/relu_i4_reference.py', 'method': 'conditioning on (x_c, x_d) + Owen T bivariate CDF, scipy dblquad epsabs 1e-13', 'cases': out}, fh, indent=1)

    mpmath.mp.dps = 30
    phi = lambda u: mpmath.exp(-u * u / 2) / mpmath.sqrt(2 * mpmath.pi)
    mu1 = mpmath.quad(lambda u: u * mpmath.tanh(u) * phi(u), [-mpmath.inf, 0, mpmath.inf])
    mu2 = mpmath.quad(lambda u: mpmath.tanh(u) ** 2 * phi(u), [-mpmath.inf, 0, mpmath.inf])
    print('tanh mu1', mu1, 'mu2', mu2)
    with open(os.path.join(HERE, 'tanh-moments.json'), 'w') as fh:
        json.dump({'generator': 'tests/reference/relu_i4_reference.py (mpmath, 30 digits)', 'mu1': float(mu1), 'mu2': float(mu2),
                   'mu1_str': mpmath.nstr(mu1, 25), 'mu2_str': mpmath.nstr(mu2, 25)}, fh, indent=1)


if __name__ == '__main__':
    main()
