// One drawn instance of the hidden manifold model (MATH.md §1): everything the seed fixes.
// Both engines start from it, which is what "identical initial conditions" means.

export interface HmmInstance {
  N: number
  D: number
  K: number
  M: number
  /** feature matrix F ∈ R^{D×N}, row-major, entries N(0,1) */
  F: Float64Array
  /** teacher first layer w̃ ∈ R^{M×D}, row-major */
  wTeacher: Float64Array
  /** teacher second layer ṽ ∈ R^M */
  vTeacher: Float64Array
  /** student first layer w ∈ R^{K×N}, row-major (initial values) */
  w: Float64Array
  /** student second layer v ∈ R^K (initial values) */
  v: Float64Array
}
