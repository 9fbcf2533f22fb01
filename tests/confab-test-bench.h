/* confab-test-bench.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the benchmarks measure with. */

double confab_bench_now_ms        (void);
double confab_bench_thread_cpu_ms (void);
double confab_bench_rss_mib       (void);
double confab_bench_median        (double *values,
                                   guint   n_values);

G_END_DECLS
