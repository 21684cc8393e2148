/* pel_rng: counter-based random numbers.
 *
 * - the values are pure functions of their arguments (the same call twice,
 *   and in any order, gives the same number);
 * - every argument matters: changing any one key word (seed, center,
 *   attempt, atom, component) changes the value, including seeds that a
 *   32-bit truncation would alias (0 and 2^32, 1 and 2^32+1);
 * - uniforms lie strictly inside (0, 1), with mean 1/2 and variance 1/12;
 *   normals have mean 0, variance 1, kurtosis 3, and the tail fraction
 *   |z| > 2 of a Gaussian (0.0455); tolerances are 5 standard errors of
 *   the estimate for N = 200,000 draws, so a correct generator fails with
 *   probability below 1e-6 per check;
 * - neighbouring counters are uncorrelated (lag-1 correlation within 5
 *   standard errors of 0). */
#include "pel_rng.h"
#include "pel_test.h"

#include <math.h>
#include <stdint.h>

#define N 200000

int main(void)
{
  /* determinism and independence of the key words */
  const double u = pel_rng_uniform(2024, 17, 3, 99, 1);
  CHECK(pel_rng_uniform(2024, 17, 3, 99, 1) == u);
  CHECK(pel_rng_uniform(2025, 17, 3, 99, 1) != u);
  CHECK(pel_rng_uniform(2024, 18, 3, 99, 1) != u);
  CHECK(pel_rng_uniform(2024, 17, 4, 99, 1) != u);
  CHECK(pel_rng_uniform(2024, 17, 3, 100, 1) != u);
  CHECK(pel_rng_uniform(2024, 17, 3, 99, 2) != u);
  CHECK(pel_rng_uniform(0, 1, 1, 1, 0) != pel_rng_uniform(UINT64_C(1) << 32, 1, 1, 1, 0));
  CHECK(pel_rng_uniform(1, 1, 1, 1, 0) != pel_rng_uniform((UINT64_C(1) << 32) + 1, 1, 1, 1, 0));
  CHECK(pel_rng_uniform(7, (int64_t)1 << 40, 1, 1, 0) != pel_rng_uniform(7, 0, 1, 1, 0));
  /* uniform and normal draws of the same arguments are independent streams */
  CHECK(pel_rng_normal(2024, 17, 3, 99, 1) != pel_rng_normal(2024, 17, 3, 99, 2));

  /* moments of the uniform */
  double s1 = 0.0, s2 = 0.0, lag = 0.0, prev = 0.0, lo = 1.0, hi = 0.0;
  for (int i = 0; i < N; i++) {
    const double x = pel_rng_uniform(11, 5, i / 3, i, i % 3);
    lo = fmin(lo, x);
    hi = fmax(hi, x);
    s1 += x;
    s2 += (x - 0.5) * (x - 0.5);
    if (i) lag += (x - 0.5) * (prev - 0.5);
    prev = x;
  }
  CHECK(lo > 0.0 && hi < 1.0);
  CHECK(lo < 1e-3 && hi > 1.0 - 1e-3); /* 200,000 draws cover the interval */
  const double se_mean = sqrt(1.0 / 12.0 / N);
  CHECK_CLOSE(s1 / N, 0.5, 5.0 * se_mean);
  /* variance of (x - 1/2)^2 for a uniform: 1/80 - 1/144 */
  CHECK_CLOSE(s2 / N, 1.0 / 12.0, 5.0 * sqrt((1.0 / 80.0 - 1.0 / 144.0) / N));
  CHECK_CLOSE(lag / (N - 1) * 12.0, 0.0, 5.0 / sqrt((double)N));

  /* moments of the normal */
  double m1 = 0.0, m2 = 0.0, m4 = 0.0;
  long tail = 0;
  for (int i = 0; i < N; i++) {
    const double z = pel_rng_normal(3, i, 1, 42, 0);
    m1 += z;
    m2 += z * z;
    m4 += z * z * z * z;
    tail += fabs(z) > 2.0;
  }
  CHECK_CLOSE(m1 / N, 0.0, 5.0 / sqrt((double)N));
  CHECK_CLOSE(m2 / N, 1.0, 5.0 * sqrt(2.0 / N));
  CHECK_CLOSE(m4 / N, 3.0, 5.0 * sqrt(96.0 / N)); /* var(z^4) = 105 - 9 */
  const double p = erfc(2.0 / sqrt(2.0));
  CHECK_CLOSE((double)tail / N, p, 5.0 * sqrt(p * (1.0 - p) / N));
  return pel_test_report("test_rng");
}
