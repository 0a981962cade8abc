// Eigenpairs of a symmetric tridiagonal matrix by the implicit QL method with Wilkinson-type
// shifts (EISPACK tql1/tql2, as in JAMA). O(n²) for the values; O(n³) with the vectors, so the
// divide-and-conquer solver uses it only on small leaves.
//
// In: d (n diagonal), e (n−1 off-diagonal, e_i = T[i][i+1]). Out: d ascending. With Z: Z is an
// n×n block inside a row-major array (element (r, c) at z0 + r·ldz + c), overwritten by the
// eigenvectors as columns (Z starts as I here). The rotations G act on Z from the right (Z ← Z G),
// so a Z of `zRows` rows holding Y on entry (`zIdentity` false) ends as Y S, S the eigenvectors:
// the projections of the rows of Y on every eigenvector, in O(n²·zRows) instead of O(n³).

const EPS = 2 ** -52

/** Eigenvalues (and optionally eigenvectors) of the tridiagonal (d, e); d and e are overwritten. */
export function tridiagonalQl(n: number, d: Float64Array, d0: number, e: Float64Array, e0: number, Z: Float64Array | null, z0 = 0, ldz = n, zRows = n, zIdentity = true): void {
  if (n === 0) return
  const f64 = new Float64Array(n) // e shifted so that f64[i] couples i and i+1, f64[n−1] = 0
  for (let i = 0; i < n - 1; i++) f64[i] = e[e0 + i]
  const dd = new Float64Array(n)
  for (let i = 0; i < n; i++) dd[i] = d[d0 + i]
  if (Z && zIdentity) for (let r = 0; r < zRows; r++) for (let c = 0; c < n; c++) Z[z0 + r * ldz + c] = r === c ? 1 : 0
  const ee = f64
  let f = 0
  let tst1 = 0
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(dd[l]) + Math.abs(ee[l]))
    let m = l
    while (m < n - 1 && Math.abs(ee[m]) > EPS * tst1) m++
    if (m > l) {
      let iter = 0
      do {
        if (++iter > 60 * n) throw new Error('tridiagonalQl: no convergence')
        let g = dd[l]
        let p = (dd[l + 1] - g) / (2 * ee[l])
        let r = Math.hypot(p, 1)
        if (p < 0) r = -r
        dd[l] = ee[l] / (p + r)
        dd[l + 1] = ee[l] * (p + r)
        const dl1 = dd[l + 1]
        let h = g - dd[l]
        for (let i = l + 2; i < n; i++) dd[i] -= h
        f += h
        p = dd[m]
        let c = 1, c2 = 1, c3 = 1
        const el1 = ee[l + 1]
        let s = 0, s2 = 0
        for (let i = m - 1; i >= l; i--) {
          c3 = c2
          c2 = c
          s2 = s
          g = c * ee[i]
          h = c * p
          r = Math.hypot(p, ee[i])
          ee[i + 1] = s * r
          s = ee[i] / r
          c = p / r
          p = c * dd[i] - s * g
          dd[i + 1] = h + s * (c * g + s * dd[i])
          if (Z) rotate(zRows, Z, z0 + i, ldz, c, s)
        }
        p = (-s * s2 * c3 * el1 * ee[l]) / dl1
        ee[l] = s * p
        dd[l] = c * p
      } while (Math.abs(ee[l]) > EPS * tst1)
    }
    dd[l] += f
    ee[l] = 0
  }
  // ascending order, vectors permuted alike
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => dd[a] - dd[b])
  for (let i = 0; i < n; i++) d[d0 + i] = dd[order[i]]
  if (Z) {
    const row = new Float64Array(n)
    for (let r = 0; r < zRows; r++) {
      const at = z0 + r * ldz
      for (let c = 0; c < n; c++) row[c] = Z[at + order[c]]
      for (let c = 0; c < n; c++) Z[at + c] = row[c]
    }
  }
}

/** columns i, i+1 of Z's `rows` rows (i at z0): (z_i, z_{i+1}) ← (c z_i − s z_{i+1}, s z_i + c z_{i+1}) */
function rotate(rows: number, Z: Float64Array, z0: number, ldz: number, c: number, s: number): void {
  for (let k = 0; k < rows; k++) {
    const at = z0 + k * ldz
    const h = Z[at + 1]
    Z[at + 1] = s * Z[at] + c * h
    Z[at] = c * Z[at] - s * h
  }
}
