/* Minimal assertion helpers for the core unit tests.  Each test program
 * returns non-zero when any check failed and prints what failed. */
#ifndef PEL_TEST_H
#define PEL_TEST_H

#include <math.h>
#include <stdio.h>

extern int pel_test_failures;
extern int pel_test_checks;

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    pel_test_checks++;                                                                             \
    if (!(cond)) {                                                                                 \
      pel_test_failures++;                                                                         \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                     \
    }                                                                                              \
  } while (0)

/* |a - b| <= tol */
#define CHECK_CLOSE(a, b, tol)                                                                     \
  do {                                                                                             \
    double pel_a_ = (a), pel_b_ = (b), pel_t_ = (tol);                                             \
    pel_test_checks++;                                                                             \
    if (!(fabs(pel_a_ - pel_b_) <= pel_t_)) {                                                      \
      pel_test_failures++;                                                                         \
      fprintf(stderr, "%s:%d: %s = %.15g, expected %s = %.15g (tol %.3g)\n", __FILE__, __LINE__,   \
              #a, pel_a_, #b, pel_b_, pel_t_);                                                     \
    }                                                                                              \
  } while (0)

#define CHECK_INT(a, b)                                                                            \
  do {                                                                                             \
    long pel_a_ = (long)(a), pel_b_ = (long)(b);                                                   \
    pel_test_checks++;                                                                             \
    if (pel_a_ != pel_b_) {                                                                        \
      pel_test_failures++;                                                                         \
      fprintf(stderr, "%s:%d: %s = %ld, expected %ld\n", __FILE__, __LINE__, #a, pel_a_, pel_b_);  \
    }                                                                                              \
  } while (0)

/* Prints "N passed, M failed" and returns the exit status. */
int pel_test_report(const char *name);

#endif
