/* confab-test-bench.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "confab-test-bench.h"

/* Monotonic wall time, in milliseconds. */
double
confab_bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* The calling thread's CPU time, in milliseconds: what the code spent,
 * apart from the other processes of a busy machine.
 */
double
confab_bench_thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* The process's resident memory, in MiB. */
double
confab_bench_rss_mib (void)
{
  g_autofree char *statm = NULL;
  long size = 0;
  long resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%ld %ld", &size, &resident) != 2)
    return 0;

  return resident * (double) sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Sorts @values and returns the one in the middle. */
double
confab_bench_median (double *values,
                     guint   n_values)
{
  g_return_val_if_fail (n_values > 0, 0);

  qsort (values, n_values, sizeof (double), compare_doubles);

  return values[n_values / 2];
}
