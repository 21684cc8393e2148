#include "pel_error.h"
#include "pel_test.h"

#include <string.h>

int main(void)
{
  pel_error err;
  pel_error_clear(&err);
  CHECK_INT(err.code, PEL_OK);
  CHECK_INT(pel_error_set(&err, PEL_EINVAL, "keyword %s value %g", "bin", -0.5), PEL_EINVAL);
  CHECK_INT(err.code, PEL_EINVAL);
  CHECK(strcmp(err.msg, "keyword bin value -0.5") == 0);
  CHECK_INT(pel_error_set(NULL, PEL_EIO, "ignored"), PEL_EIO);
  CHECK(strcmp(pel_strstatus(PEL_ENOCONV), "no convergence") == 0);
  return pel_test_report("test_error");
}
