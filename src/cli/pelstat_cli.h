/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The subcommands of the pelstat command-line tool. */
#ifndef PELSTAT_CLI_H
#define PELSTAT_CLI_H

#include <stdio.h>

/* pelstat status [--json] FILE...: exit status 0, or 2 on bad usage or input */
int pelstat_status(int argc, char **argv);
void pelstat_status_usage(FILE *out);

#endif
