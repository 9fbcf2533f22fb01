/* bench-usage-window.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the real Usage window on the benchmarks' history (1,000
 * conversations, 100,000 messages) and prints how long it takes until
 * it shows its report, drawn: for the period it opens with and for all
 * time.  bench-usage-report has the query times alone (goal: under
 * 200 ms).  It never fails on time.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "confab-application.h"
#include "confab-test-bench.h"
#include "confab-test-history.h"
#include "confab-usage-window.h"

#define N_RUNS 5

typedef struct
{
  ConfabUsageWindow *window;
  gboolean           painted;
} Wait;

static void
after_paint_cb (GdkFrameClock *clock,
                Wait          *wait)
{
  if (!confab_usage_window_get_loading (wait->window) &&
      confab_usage_window_get_report (wait->window) != NULL)
    wait->painted = TRUE;
}

/* Waits for the first frame that shows a finished report. */
static void
wait_for_report (Wait *wait)
{
  GdkSurface *surface;
  gulong handler;

  while ((surface = gtk_native_get_surface (GTK_NATIVE (wait->window))) == NULL ||
         gdk_surface_get_frame_clock (surface) == NULL)
    g_main_context_iteration (NULL, TRUE);

  wait->painted = FALSE;
  handler = g_signal_connect (gdk_surface_get_frame_clock (surface), "after-paint",
                              G_CALLBACK (after_paint_cb), wait);
  while (!wait->painted)
    {
      /* Something has to be drawn once the report is in. */
      if (!confab_usage_window_get_loading (wait->window))
        gtk_widget_queue_draw (GTK_WIDGET (wait->window));
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (gdk_surface_get_frame_clock (surface), handler);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("confab-bench-usage-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (data_home, "confab", NULL);
  g_autofree char *path = g_build_filename (dir, "confab.db", NULL);
  g_autoptr(ConfabApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  double open[N_RUNS], all[N_RUNS];
  gint64 big_id, empty_id;

  g_mkdir_with_parents (dir, 0700);
  confab_test_history_generate (path, &big_id, &empty_id);

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_init ();
  adw_init ();

  app = confab_application_new ("io.github.confabapp.Confab.Bench", G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  if (confab_application_get_store (app) == NULL)
    g_error ("No history: %s", confab_application_get_store_error (app)->message);

  for (guint i = 0; i < N_RUNS; i++)
    {
      Wait wait = { 0 };
      gint64 start = g_get_monotonic_time ();

      wait.window = confab_usage_window_new (GTK_APPLICATION (app),
                                             confab_application_get_store (app), NULL,
                                             confab_application_get_pricing (app));
      gtk_window_present (GTK_WINDOW (wait.window));
      wait_for_report (&wait);
      open[i] = (g_get_monotonic_time () - start) / 1000.0;

      start = g_get_monotonic_time ();
      confab_usage_window_set_period (wait.window, CONFAB_USAGE_PERIOD_ALL);
      wait_for_report (&wait);
      all[i] = (g_get_monotonic_time () - start) / 1000.0;

      gtk_window_destroy (GTK_WINDOW (wait.window));
    }

  g_print ("Usage window on %d messages (median of %d):\n", N_MESSAGES, N_RUNS);
  g_print ("  open to its first period, drawn:  %7.1f ms\n", confab_bench_median (open, N_RUNS));
  g_print ("  switch to all time, drawn:        %7.1f ms\n", confab_bench_median (all, N_RUNS));

  return 0;
}
