/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The current point of a search (pel_point) on quadratics whose Hessians are
 * known exactly:
 *
 *  - a diagonal quadratic of 4 atoms (stiffnesses -2, -0.5, then positive):
 *    the lowest mode is -2 along the first coordinate; deflated by it, the
 *    second is -0.5 along the second coordinate, orthogonal to the first;
 *    the point's energy and force are those from before the Lanczos run;
 *  - a chain of 4 atoms joined by springs (translation invariant: the
 *    uniform translations are zero modes): with every atom movable a run
 *    deflated by a unit vector u (not an eigenvector) leaves out u and the
 *    translations: its eigenvalue is the lowest of P H P on their
 *    complement, computed here by Jacobi rotations of the 12 x 12 matrix,
 *    and its vector has no translation and is orthogonal to u; with one
 *    atom frozen nothing but u is left out (the lowest mode of the movable
 *    atoms' block);
 *  - pel_point_displacement: norm, largest per-atom norm, atoms above a
 *    threshold. */
#include "pel_lanczos.h"
#include "pel_point.h"
#include "pel_test.h"

#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#define NAT 4
#define N3 (3 * NAT)
#define KMAX 12
#define NVEC (PEL_ARTN_LANCZOS + KMAX)

typedef struct {
  double x[N3], f[N3];
  double store[NVEC][N3];
  int chain; /* springs between neighbours instead of the diagonal quadratic */
  int mask[NAT];
} host_t;

static const double KD[N3] = {-2.0, -0.5, 0.3, 1, 2, 5, 10, 3, 7, 0.8, 20, 1.5};
/* spring constants between atoms i and i+1 (per Cartesian component) */
static const double KS[NAT - 1][3] = {{1.0, 0.4, 2.0}, {3.0, 0.7, 1.1}, {0.5, 2.5, 0.9}};

static int h_nlocal(void *u)
{
  return NAT;
}
static int64_t h_id(void *u, int i)
{
  return i + 1;
}
static const int *h_mask(void *u)
{
  return ((host_t *)u)->mask;
}
static double *h_vector(void *u, int which)
{
  host_t *m = u;
  if (which == PEL_ARTN_X) return m->x;
  if (which == PEL_ARTN_F) return m->f;
  return m->store[which - PEL_ARTN_X0];
}
/* the Hessian of either quadratic */
static void hessian(const host_t *m, double H[N3][N3])
{
  memset(H, 0, sizeof(double) * N3 * N3);
  if (!m->chain) {
    for (int k = 0; k < N3; k++) H[k][k] = KD[k];
    return;
  }
  for (int i = 0; i + 1 < NAT; i++)
    for (int c = 0; c < 3; c++) {
      const int a = 3 * i + c, b = 3 * (i + 1) + c;
      H[a][a] += KS[i][c];
      H[b][b] += KS[i][c];
      H[a][b] -= KS[i][c];
      H[b][a] -= KS[i][c];
    }
}
static int h_energy_force(void *u, double *e)
{
  host_t *m = u;
  double H[N3][N3];
  hessian(m, H);
  *e = 0.0;
  for (int a = 0; a < N3; a++) {
    double g = 0.0;
    for (int b = 0; b < N3; b++) g += H[a][b] * m->x[b];
    *e += 0.5 * m->x[a] * g;
    m->f[a] = -g;
  }
  return 0;
}

/* eigenvalues of a symmetric matrix (cyclic Jacobi), ascending; A is overwritten */
static void jacobi(double A[N3][N3], double *w)
{
  for (int sweep = 0; sweep < 100; sweep++) {
    double off = 0.0, all = 0.0;
    for (int p = 0; p < N3; p++)
      for (int q = 0; q < N3; q++) {
        all += A[p][q] * A[p][q];
        if (q > p) off += A[p][q] * A[p][q];
      }
    if (off <= 1e-30 * all) break;
    for (int p = 0; p < N3; p++)
      for (int q = p + 1; q < N3; q++) {
        if (fabs(A[p][q]) < 1e-300) continue;
        const double th = 0.5 * (A[q][q] - A[p][p]) / A[p][q];
        const double t = (th >= 0 ? 1.0 : -1.0) / (fabs(th) + sqrt(th * th + 1.0));
        const double c = 1.0 / sqrt(t * t + 1.0), s = t * c;
        for (int k = 0; k < N3; k++) {
          const double akp = A[k][p], akq = A[k][q];
          A[k][p] = c * akp - s * akq;
          A[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < N3; k++) {
          const double apk = A[p][k], aqk = A[q][k];
          A[p][k] = c * apk - s * aqk;
          A[q][k] = s * apk + c * aqk;
        }
      }
  }
  for (int k = 0; k < N3; k++) w[k] = A[k][k];
  for (int i = 1; i < N3; i++)
    for (int j = i; j > 0 && w[j] < w[j - 1]; j--) {
      const double t = w[j];
      w[j] = w[j - 1];
      w[j - 1] = t;
    }
}

static void setup(host_t *m, pel_point *pt, pel_artn_host *h, int chain)
{
  memset(m, 0, sizeof *m);
  m->chain = chain;
  for (int i = 0; i < NAT; i++) m->mask[i] = 1;
  *h = (pel_artn_host){.user = m,
                       .comm = MPI_COMM_SELF,
                       .nlocal = h_nlocal,
                       .id = h_id,
                       .mask = h_mask,
                       .vector = h_vector,
                       .energy_force = h_energy_force};
  pel_point_init(pt, h, MPI_COMM_SELF, 1e6);
  /* a point off the origin: the force there is not zero */
  double *d = m->store[PEL_ARTN_D - PEL_ARTN_X0];
  for (int k = 0; k < N3; k++) d[k] = 0.01 * (k + 1);
}

/* deterministic start vectors */
static void fill(host_t *m, int which, double phase)
{
  double *v = m->store[which - PEL_ARTN_X0];
  for (int k = 0; k < N3; k++) v[k] = sin(1.7 * k + phase) + 0.1;
}

int main(int argc, char **argv)
{
  MPI_Init(&argc, &argv);
  pel_error err;
  pel_error_clear(&err);
  pel_lanczos *lz = pel_lanczos_alloc(KMAX, 1e-10, MPI_COMM_SELF, &err);
  pel_lanczos_set_min_size(lz, KMAX);
  double *q[KMAX];
  host_t m;
  pel_point pt;
  pel_artn_host h;
  double lam = NAN;

  /* diagonal quadratic: the two lowest modes */
  setup(&m, &pt, &h, 0);
  m.mask[3] = 0; /* one frozen atom: its coordinates are not variables */
  CHECK_INT(pel_point_eval(&pt, -1, 0.0, &err), PEL_EVAL_OK);
  const double e_here = pt.energy, f_here = pt.fmax;
  fill(&m, PEL_ARTN_WORK, 0.0);
  for (int k = 9; k < N3; k++) m.store[PEL_ARTN_WORK - PEL_ARTN_X0][k] = 0.0;
  CHECK_INT(
      pel_point_lowest_mode(&pt, lz, q, KMAX, 1e-4, PEL_ARTN_WORK, -1, PEL_ARTN_EIGVEC, &lam, &err),
      PEL_EVAL_OK);
  CHECK_CLOSE(lam, -2.0, 1e-8);
  const double *v1 = m.store[PEL_ARTN_EIGVEC - PEL_ARTN_X0];
  CHECK_CLOSE(fabs(v1[0]), 1.0, 1e-8);
  CHECK(pt.energy == e_here && pt.fmax == f_here);
  CHECK(pt.lzcalls > 0 && pt.lzcalls == pt.calls - 1);
  fill(&m, PEL_ARTN_WORK, 1.0);
  for (int k = 9; k < N3; k++) m.store[PEL_ARTN_WORK - PEL_ARTN_X0][k] = 0.0;
  CHECK_INT(pel_point_lowest_mode(&pt, lz, q, KMAX, 1e-4, PEL_ARTN_WORK, PEL_ARTN_EIGVEC,
                                  PEL_ARTN_EIGVEC2, &lam, &err),
            PEL_EVAL_OK);
  CHECK_CLOSE(lam, -0.5, 1e-8);
  const double *v2 = m.store[PEL_ARTN_EIGVEC2 - PEL_ARTN_X0];
  CHECK_CLOSE(fabs(v2[1]), 1.0, 1e-8);
  CHECK_CLOSE(pel_vdot(&pt, PEL_ARTN_EIGVEC, PEL_ARTN_EIGVEC2), 0.0, 1e-12);
  printf("diagonal: second mode %.10f (exact -0.5)\n", lam);

  /* the chain: translations are zero modes */
  double H[N3][N3], w[N3];
  setup(&m, &pt, &h, 1);
  hessian(&m, H);
  jacobi(H, w); /* w[0..2] = 0 (translations), then the lowest modes */
  CHECK_CLOSE(w[0], 0.0, 1e-10);
  CHECK_CLOSE(w[2], 0.0, 1e-10);
  CHECK(w[3] > 1e-3);
  CHECK_INT(pel_point_eval(&pt, -1, 0.0, &err), PEL_EVAL_OK);
  /* deflate a unit vector u without translation (not an eigenvector): the
   * run must find the lowest eigenvalue of H on the complement of u and of
   * the translations, P H P + 100 (1 - P) here (100: above every mode of H) */
  fill(&m, PEL_ARTN_EIGVEC, 2.0);
  double *u = m.store[PEL_ARTN_EIGVEC - PEL_ARTN_X0];
  double un = 0.0;
  for (int c = 0; c < 3; c++) {
    double s = 0.0;
    for (int i = 0; i < NAT; i++) s += u[3 * i + c];
    for (int i = 0; i < NAT; i++) u[3 * i + c] -= s / NAT;
  }
  for (int k = 0; k < N3; k++) un += u[k] * u[k];
  for (int k = 0; k < N3; k++) u[k] /= sqrt(un);
  double P[N3][N3], A[N3][N3], wa[N3];
  hessian(&m, H); /* jacobi() overwrote it */
  for (int a = 0; a < N3; a++)
    for (int b = 0; b < N3; b++)
      P[a][b] = (a == b) - u[a] * u[b] - ((a % 3 == b % 3) ? 1.0 / NAT : 0.0);
  for (int a = 0; a < N3; a++)
    for (int b = 0; b < N3; b++) {
      double s = 0.0;
      for (int c = 0; c < N3; c++)
        for (int d = 0; d < N3; d++) s += P[a][c] * H[c][d] * P[d][b];
      A[a][b] = s + 100.0 * ((a == b) - P[a][b]);
    }
  jacobi(A, wa);
  CHECK(wa[0] > w[3] - 1e-12 && wa[0] < w[5]); /* interlacing */
  fill(&m, PEL_ARTN_WORK, 3.0);
  CHECK_INT(pel_point_lowest_mode(&pt, lz, q, KMAX, 1e-4, PEL_ARTN_WORK, PEL_ARTN_EIGVEC,
                                  PEL_ARTN_EIGVEC2, &lam, &err),
            PEL_EVAL_OK);
  CHECK_CLOSE(lam, wa[0], 1e-7); /* translations and u left out */
  const double *v2c = m.store[PEL_ARTN_EIGVEC2 - PEL_ARTN_X0];
  double tr[3] = {0, 0, 0};
  for (int i = 0; i < NAT; i++)
    for (int c = 0; c < 3; c++) tr[c] += v2c[3 * i + c];
  CHECK(fabs(tr[0]) + fabs(tr[1]) + fabs(tr[2]) < 1e-10);
  CHECK_CLOSE(pel_vdot(&pt, PEL_ARTN_EIGVEC, PEL_ARTN_EIGVEC2), 0.0, 1e-10);
  printf("chain: deflated lowest %.8f (exact %.8f; modes of H %.8f %.8f)\n", lam, wa[0], w[3],
         w[4]);
  /* one atom frozen: no translation is a zero mode of the movable atoms,
   * and none is left out */
  m.mask[0] = 0;
  double Hf[N3][N3], wf[N3];
  hessian(&m, Hf);
  for (int k = 0; k < N3; k++)
    for (int j = 0; j < 3; j++) Hf[k][j] = Hf[j][k] = (k == j) ? 1e6 : 0.0;
  jacobi(Hf, wf);
  fill(&m, PEL_ARTN_WORK, 4.0);
  for (int j = 0; j < 3; j++) m.store[PEL_ARTN_WORK - PEL_ARTN_X0][j] = 0.0;
  m.store[PEL_ARTN_EIGVEC - PEL_ARTN_X0][0] = 1.0; /* deflate a frozen coordinate */
  for (int k = 1; k < N3; k++) m.store[PEL_ARTN_EIGVEC - PEL_ARTN_X0][k] = 0.0;
  CHECK_INT(pel_point_eval(&pt, -1, 0.0, &err), PEL_EVAL_OK);
  CHECK_INT(pel_point_lowest_mode(&pt, lz, q, KMAX, 1e-4, PEL_ARTN_WORK, PEL_ARTN_EIGVEC,
                                  PEL_ARTN_EIGVEC2, &lam, &err),
            PEL_EVAL_OK);
  CHECK_CLOSE(lam, wf[0], 1e-7);
  printf("chain, atom 1 frozen: lowest mode %.8f (exact %.8f)\n", lam, wf[0]);

  /* displacement */
  double nrm = 0.0, dmax = 0.0;
  long nmoved = 0;
  pel_point_displacement(&pt, PEL_ARTN_D, 0.1, &nrm, &dmax, &nmoved);
  double s2 = 0.0;
  for (int k = 0; k < N3; k++) s2 += 1e-4 * (k + 1) * (k + 1);
  CHECK_CLOSE(nrm, sqrt(s2), 1e-14);
  CHECK_CLOSE(dmax, 0.01 * sqrt(100.0 + 121.0 + 144.0), 1e-14);
  CHECK_INT(nmoved, 2); /* atoms 3 and 4; atom 2 moved 0.01 |(4,5,6)| = 0.088 */

  pel_lanczos_free(lz);
  int rc = pel_test_report("test_point");
  MPI_Finalize();
  return rc;
}
