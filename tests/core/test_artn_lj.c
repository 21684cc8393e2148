/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The ART engine on a free Lennard-Jones cluster (reduced units).
 *
 * LJ38: the 38 fcc sites nearest an octahedral interstice (the truncated
 * octahedron), jittered by 0.02 sigma and relaxed, is the initial minimum.  Events from several
 * centers and seeds; every reported saddle must have a largest per-atom force < ftol, exactly one
 * negative eigenvalue of the full finite-difference Hessian once the six zero modes (translations
 * and rotations) are set aside, a positive barrier, and connect the initial minimum to a distinct
 * one (checked here independently of the engine).
 *
 * Tolerance of the Hessian check: the six eigenvalues closest to zero must
 * satisfy |lambda| < ZERO_TOL = 0.05 epsilon/sigma^2 (at a point with residual
 * force ftol the rotations are not exact zero modes); of the remaining 3N-6,
 * exactly one is < -ZERO_TOL and none lies in [-ZERO_TOL, 0).
 *
 * A second host reorders its atoms before every force call (as migration
 * does under MPI): the events must be the same. */
#include "pel_artn.h"
#include "pel_rng.h"
#include "pel_test.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_sort.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#define NAT 38
#define ZERO_TOL 0.05

/* ---- LJ energy and forces, in canonical (ID) order ---- */
static double lj(const double *x, double *f)
{
  double e = 0.0;
  if (f) memset(f, 0, sizeof(double) * 3 * NAT);
  for (int i = 0; i < NAT; i++)
    for (int j = i + 1; j < NAT; j++) {
      double d[3], r2 = 0.0;
      for (int k = 0; k < 3; k++) {
        d[k] = x[3 * i + k] - x[3 * j + k];
        r2 += d[k] * d[k];
      }
      double s6 = 1.0 / (r2 * r2 * r2);
      e += 4.0 * (s6 * s6 - s6);
      if (f) {
        double ff = 24.0 * (2.0 * s6 * s6 - s6) / r2;
        for (int k = 0; k < 3; k++) {
          f[3 * i + k] += ff * d[k];
          f[3 * j + k] -= ff * d[k];
        }
      }
    }
  return e;
}

/* ---- host: atoms stored in any order; vectors are separate arrays ---- */
typedef struct {
  int nvec;      /* 2 + nstorage */
  double *v[64]; /* v[which] : 3 * NAT doubles */
  int64_t id[NAT];
  int reorder; /* permute atoms before every force call */
  long calls;
  double xc[3 * NAT], fc[3 * NAT];
} lj_host;

static int h_nlocal(void *u)
{
  return NAT;
}
static int64_t h_id(void *u, int i)
{
  return ((lj_host *)u)->id[i];
}
static double *h_vector(void *u, int which)
{
  return ((lj_host *)u)->v[which];
}

static void permute(lj_host *m)
{
  /* a permutation that changes with every call */
  int perm[NAT];
  for (int i = 0; i < NAT; i++) perm[i] = i;
  for (int i = NAT - 1; i > 0; i--) {
    int j = (int)(pel_rng_uniform(77, m->calls, 0, i, 0) * (i + 1));
    int t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  double tmp[3 * NAT];
  int64_t idt[NAT];
  for (int w = 0; w < m->nvec; w++) {
    for (int i = 0; i < NAT; i++)
      for (int k = 0; k < 3; k++) tmp[3 * i + k] = m->v[w][3 * perm[i] + k];
    memcpy(m->v[w], tmp, sizeof tmp);
  }
  for (int i = 0; i < NAT; i++) idt[i] = m->id[perm[i]];
  memcpy(m->id, idt, sizeof idt);
}

static int h_energy_force(void *u, double *e)
{
  lj_host *m = u;
  if (m->reorder) permute(m);
  m->calls++;
  double *x = m->v[PEL_ARTN_X], *f = m->v[PEL_ARTN_F];
  for (int i = 0; i < NAT; i++)
    for (int k = 0; k < 3; k++) m->xc[3 * (m->id[i] - 1) + k] = x[3 * i + k];
  *e = lj(m->xc, m->fc);
  for (int i = 0; i < NAT; i++)
    for (int k = 0; k < 3; k++) f[3 * i + k] = m->fc[3 * (m->id[i] - 1) + k];
  return 0;
}

static void host_init(lj_host *m, int nstore, const double *x)
{
  memset(m, 0, sizeof *m);
  m->nvec = 2 + nstore;
  for (int w = 0; w < m->nvec; w++) m->v[w] = calloc(3 * NAT, sizeof(double));
  for (int i = 0; i < NAT; i++) m->id[i] = i + 1;
  memcpy(m->v[PEL_ARTN_X], x, sizeof(double) * 3 * NAT);
}

static void host_free(lj_host *m)
{
  for (int w = 0; w < m->nvec; w++) free(m->v[w]);
}

/* canonical (ID-ordered) copy of vector `which` */
static void canonical(const lj_host *m, int which, double *out)
{
  for (int i = 0; i < NAT; i++)
    for (int k = 0; k < 3; k++) out[3 * (m->id[i] - 1) + k] = m->v[which][3 * i + k];
}

/* eigenvalues (ascending) and eigenvectors of the central-difference Hessian */
static void hessian(const double *x, double *eval, gsl_matrix *evec)
{
  const int n = 3 * NAT;
  const double hd = 1e-5;
  gsl_matrix *hm = gsl_matrix_alloc(n, n);
  double xp[3 * NAT], fp[3 * NAT], fm[3 * NAT];
  for (int j = 0; j < n; j++) {
    memcpy(xp, x, sizeof xp);
    xp[j] += hd;
    lj(xp, fp);
    xp[j] -= 2 * hd;
    lj(xp, fm);
    for (int i = 0; i < n; i++) gsl_matrix_set(hm, i, j, -(fp[i] - fm[i]) / (2 * hd));
  }
  for (int i = 0; i < n; i++)
    for (int j = 0; j < i; j++) {
      double s = 0.5 * (gsl_matrix_get(hm, i, j) + gsl_matrix_get(hm, j, i));
      gsl_matrix_set(hm, i, j, s);
      gsl_matrix_set(hm, j, i, s);
    }
  gsl_vector *e = gsl_vector_alloc(n);
  gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc(n);
  gsl_eigen_symmv(hm, e, evec, w);
  gsl_eigen_symmv_sort(e, evec, GSL_EIGEN_SORT_VAL_ASC);
  for (int i = 0; i < n; i++) eval[i] = gsl_vector_get(e, i);
  gsl_eigen_symmv_free(w);
  gsl_vector_free(e);
  gsl_matrix_free(hm);
}

/* the test's own minimizer: gradient flow, then FIRE */
static double relax_test(double *x, double ftol)
{
  double v[3 * NAT] = {0}, f[3 * NAT], dt = 0.005, alpha = 0.1;
  int npos = 0;
  double e = lj(x, f);
  /* steepest-descent path (gradient flow, per-atom step <= 0.0005) out of the
   * saddle region, so no inertia can carry the check over a ridge */
  for (int it = 0; it < 200000; it++) {
    double fm = 0;
    for (int i = 0; i < NAT; i++)
      fm = fmax(fm, sqrt(f[3 * i] * f[3 * i] + f[3 * i + 1] * f[3 * i + 1] +
                         f[3 * i + 2] * f[3 * i + 2]));
    if (fm < 0.05) break;
    double step = fmin(0.0005 / fm, 0.0005);
    for (int k = 0; k < 3 * NAT; k++) x[k] += step * f[k];
    e = lj(x, f);
  }
  for (int it = 0; it < 100000; it++) {
    double fm = 0, p = 0, vn = 0, fn = 0;
    for (int i = 0; i < NAT; i++) {
      double s = f[3 * i] * f[3 * i] + f[3 * i + 1] * f[3 * i + 1] + f[3 * i + 2] * f[3 * i + 2];
      fm = fmax(fm, s);
    }
    if (sqrt(fm) < ftol) break;
    for (int k = 0; k < 3 * NAT; k++) {
      p += f[k] * v[k];
      vn += v[k] * v[k];
      fn += f[k] * f[k];
    }
    if (p > 0) {
      for (int k = 0; k < 3 * NAT; k++) v[k] = (1 - alpha) * v[k] + alpha * sqrt(vn / fn) * f[k];
      if (++npos > 5) {
        dt = fmin(dt * 1.1, 0.02);
        alpha *= 0.99;
      }
    } else {
      memset(v, 0, sizeof v);
      dt *= 0.5;
      alpha = 0.1;
      npos = 0;
    }
    for (int k = 0; k < 3 * NAT; k++) {
      v[k] += dt * f[k];
      x[k] += dt * v[k];
    }
    e = lj(x, f);
  }
  return e;
}

static double maxdist(const double *a, const double *b)
{
  double m = 0;
  for (int i = 0; i < NAT; i++) {
    double s = 0;
    for (int k = 0; k < 3; k++) s += (a[3 * i + k] - b[3 * i + k]) * (a[3 * i + k] - b[3 * i + k]);
    m = fmax(m, sqrt(s));
  }
  return m;
}

typedef struct {
  int status;
  long calls, calls_saddle;
  double barrier, e_final;
} brief;

int main(int argc, char **argv)
{
  MPI_Init(&argc, &argv);
  const int verbose = getenv("PEL_TEST_VERBOSE") != NULL;

  /* initial cluster: the 38 fcc sites nearest an octahedral interstice */
  double x0[3 * NAT];
  {
    const double a = 1.5874; /* fcc lattice constant of LJ, nn = 2^(1/6) */
    double cand[4 * 7 * 7 * 7][3], d2[4 * 7 * 7 * 7];
    size_t nc = 0, idx[4 * 7 * 7 * 7];
    const double basis[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
    for (int i = -3; i <= 3; i++)
      for (int j = -3; j <= 3; j++)
        for (int k = -3; k <= 3; k++)
          for (int b = 0; b < 4; b++) {
            cand[nc][0] = a * (i + basis[b][0]);
            cand[nc][1] = a * (j + basis[b][1]);
            cand[nc][2] = a * (k + basis[b][2]);
            double c[3] = {0.5 * a + 0.01, 0.02, 0.03};
            d2[nc] = 0;
            for (int q = 0; q < 3; q++) d2[nc] += (cand[nc][q] - c[q]) * (cand[nc][q] - c[q]);
            nc++;
          }
    gsl_sort_index(idx, d2, 1, nc);
    for (int i = 0; i < NAT; i++)
      for (int k = 0; k < 3; k++)
        x0[3 * i + k] = cand[idx[i]][k] + 0.02 * pel_rng_normal(5, 0, 0, i, k);
  }

  pel_artn_params p;
  pel_artn_params_default(&p);
  p.cluster_radius = 1.3;
  p.push_init = 0.05;
  p.push_step = 0.07;
  p.eig_threshold = -4.0;
  p.ftol = 0.005;
  p.lanczos_disp = 0.002;
  p.activation_step = 0.07;
  p.push_over = 0.03;
  p.descent_steps = 40;
  p.descent_step = 0.01;
  p.relax_ftol = 5e-4;
  p.fire_dt = 0.02;
  p.fire_dtmax = 0.06;
  p.max_disp = 0.01;
  p.trivial_barrier = 1e-3;
  p.remove_rotation = 1; /* a free cluster */
  pel_error err;
  pel_artn *eng = pel_artn_alloc(&p, MPI_COMM_SELF, &err);
  CHECK(eng != NULL);
  const int nstore = pel_artn_nstorage(&p);

  lj_host m;
  host_init(&m, nstore, x0);
  pel_artn_host h = {.user = &m,
                     .comm = MPI_COMM_SELF,
                     .nlocal = h_nlocal,
                     .id = h_id,
                     .mask = NULL,
                     .vector = h_vector,
                     .energy_force = h_energy_force,
                     .minimum_image = NULL};

  /* relax the initial cluster tightly (the engine's own minimizer) */
  double e0, fmax0, dmax0;
  long calls0;
  CHECK_INT(pel_artn_minimize(eng, &h, 1e-7, 20000, &e0, &fmax0, &dmax0, &calls0, &err), PEL_OK);
  CHECK(fmax0 < 1e-7);
  canonical(&m, PEL_ARTN_X, x0);
  CHECK_CLOSE(lj(x0, NULL), e0, 1e-12);
  if (verbose) printf("initial minimum E = %.8f after %ld calls\n", e0, calls0);

  const int64_t centers[] = {1, 2, 5, 9, 14, 23};
  const int ncent = 6, nseed = 3;
  brief ref[6 * 3];
  int nsaddle = 0, nfound = 0;
  long calls_all = 0, calls_to_saddle[6 * 3];
  gsl_matrix *evec = gsl_matrix_alloc(3 * NAT, 3 * NAT);
  double eval[3 * NAT], xs[3 * NAT], xf[3 * NAT], xa[3 * NAT], xb[3 * NAT];

  for (int c = 0; c < ncent; c++)
    for (int s = 0; s < nseed; s++) {
      pel_artn_result r;
      CHECK_INT(pel_artn_event(eng, &h, 1000 + s, centers[c], s, e0, &r, &err), PEL_OK);
      brief *b = &ref[c * nseed + s];
      b->status = r.status;
      b->calls = r.force_calls;
      b->calls_saddle = r.force_calls_saddle;
      b->barrier = r.barrier;
      b->e_final = r.e_final;
      calls_all += r.force_calls;
      if (verbose)
        printf("center %2lld seed %d: %-20s barrier %8.5f asym %8.5f eig %8.3f moved %ld "
               "calls %4ld saddle %4ld lanczos %4ld basin %d act %d\n",
               (long long)centers[c], s, pel_artn_status_name(r.status), r.barrier, r.asymmetry,
               r.eigenvalue, r.natoms_moved, r.force_calls, r.force_calls_saddle,
               r.force_calls_lanczos, r.basin_steps, r.activation_steps);
      /* sample mode: the configuration is the initial minimum again */
      double xnow[3 * NAT];
      canonical(&m, PEL_ARTN_X, xnow);
      CHECK(memcmp(xnow, x0, sizeof xnow) == 0);
      if (r.status == PEL_ARTN_FAIL_CONNECT) nfound++;
      if (r.status != PEL_ARTN_SADDLE) continue;
      calls_to_saddle[nsaddle++] = r.force_calls_saddle;
      nfound++;

      /* the saddle */
      canonical(&m, PEL_ARTN_DSADDLE, xs);
      for (int k = 0; k < 3 * NAT; k++) xs[k] += x0[k];
      double fs[3 * NAT];
      double es = lj(xs, fs);
      CHECK_CLOSE(es, r.e_saddle, 1e-10);
      double fm = 0;
      for (int i = 0; i < NAT; i++)
        fm = fmax(fm, sqrt(fs[3 * i] * fs[3 * i] + fs[3 * i + 1] * fs[3 * i + 1] +
                           fs[3 * i + 2] * fs[3 * i + 2]));
      CHECK(fm < p.ftol);
      CHECK(r.barrier > 0.0);
      CHECK_CLOSE(r.barrier, es - e0, 1e-10);
      CHECK(r.eigenvalue < 0.0);

      /* Hessian: six near-zero modes, exactly one negative among the rest */
      hessian(xs, eval, evec);
      double az[3 * NAT];
      size_t order[3 * NAT];
      for (int i = 0; i < 3 * NAT; i++) az[i] = fabs(eval[i]);
      gsl_sort_index(order, az, 1, 3 * NAT);
      int nneg = 0, nambig = 0;
      for (int i = 0; i < 3 * NAT; i++) {
        double l = eval[order[i]];
        if (i < 6) {
          CHECK(fabs(l) < ZERO_TOL);
          continue;
        }
        if (l < -ZERO_TOL)
          nneg++;
        else if (l < 0.0)
          nambig++;
      }
      CHECK_INT(nneg, 1);
      CHECK_INT(nambig, 0);
      /* Lanczos eigenvalue near the Hessian's lowest */
      CHECK(fabs(r.eigenvalue - eval[0]) < 0.1 * fabs(eval[0]) + 0.05);

      /* connectivity, independently: relax both sides along the Hessian's
       * negative mode; one side is the initial minimum, the other the final */
      for (int k = 0; k < 3 * NAT; k++) {
        double u = gsl_matrix_get(evec, k, 0);
        xa[k] = xs[k] + 0.02 * u;
        xb[k] = xs[k] - 0.02 * u;
      }
      double ea = relax_test(xa, 1e-5), eb = relax_test(xb, 1e-5);
      canonical(&m, PEL_ARTN_DFINAL, xf);
      for (int k = 0; k < 3 * NAT; k++) xf[k] += x0[k];
      int a_home = maxdist(xa, x0) < p.connect_dist, b_home = maxdist(xb, x0) < p.connect_dist;
      CHECK(a_home != b_home);
      if (verbose || a_home == b_home)
        printf("  check: side a %.4f (E %.5f), side b %.4f (E %.5f), final %.4f, hessian "
               "lowest %.3f %.3f\n",
               maxdist(xa, x0), ea, maxdist(xb, x0), eb, maxdist(xf, x0), eval[0], eval[1]);
      const double *xo = a_home ? xb : xa;
      double eo = a_home ? eb : ea;
      CHECK(maxdist(xo, xf) < p.connect_dist);
      CHECK(maxdist(xf, x0) > p.connect_dist);
      CHECK_CLOSE(eo, r.e_final, 1e-5);
      CHECK_CLOSE(r.asymmetry, r.e_final - e0, 1e-12);
      CHECK(r.force_calls_saddle <= r.force_calls);
      CHECK(r.force_calls_lanczos < r.force_calls_saddle);
    }
  const int natt = ncent * nseed;
  gsl_sort_long(calls_to_saddle, 1, nsaddle);
  printf("LJ%d: %d connected saddles of %d attempts (%d converged); force calls: median to "
         "saddle %ld, all/attempt %.1f, all/connected saddle %.1f\n",
         NAT, nsaddle, natt, nfound, nsaddle ? calls_to_saddle[nsaddle / 2] : -1L,
         (double)calls_all / natt, nsaddle ? (double)calls_all / nsaddle : -1.0);
  CHECK(2 * nsaddle >= natt);

  /* the same events with atoms reordered before every force call */
  {
    lj_host m2;
    host_init(&m2, nstore, x0);
    m2.reorder = 1;
    pel_artn_host h2 = h;
    h2.user = &m2;
    for (int c = 0; c < ncent; c++)
      for (int s = 0; s < nseed; s++) {
        pel_artn_result r;
        CHECK_INT(pel_artn_event(eng, &h2, 1000 + s, centers[c], s, e0, &r, &err), PEL_OK);
        const brief *b = &ref[c * nseed + s];
        CHECK_INT(r.status, b->status);
        CHECK_INT(r.force_calls, b->calls);
        CHECK_INT(r.force_calls_saddle, b->calls_saddle);
        if (r.status == PEL_ARTN_SADDLE) {
          CHECK_CLOSE(r.barrier, b->barrier, 1e-9);
          CHECK_CLOSE(r.e_final, b->e_final, 1e-9);
        }
        double xnow[3 * NAT];
        canonical(&m2, PEL_ARTN_X, xnow);
        CHECK(memcmp(xnow, x0, sizeof xnow) == 0);
      }
    host_free(&m2);
  }

  gsl_matrix_free(evec);
  host_free(&m);
  pel_artn_free(eng);
  int rc = pel_test_report("test_artn_lj");
  MPI_Finalize();
  return rc;
}
