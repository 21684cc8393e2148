#include "pel_test.h"

int pel_test_failures = 0;
int pel_test_checks = 0;

int pel_test_report(const char *name)
{
  printf("%s: %d checks, %d passed, %d failed\n", name, pel_test_checks,
         pel_test_checks - pel_test_failures, pel_test_failures);
  return pel_test_failures ? 1 : 0;
}
