/* bench-startup.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Start-up of the real app with a large history against an empty one:
 * the time from starting the process to the window's first frame, and
 * the time and memory to open a 10,000-message conversation against an
 * empty one.  Each start is a process of its own (this program, run
 * with --child), as the app opens its history once per process.  It
 * prints figures and never fails on time.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "confab-application.h"
#include "confab-test-bench.h"
#include "confab-test-history.h"
#include "confab-window.h"

#define N_RUNS 5

typedef struct
{
  ConfabWindow *window;
  guint         expected;
  gboolean      painted;
} Child;

static void
after_paint_cb (GdkFrameClock *clock,
                Child         *child)
{
  ConfabConversation *conversation = confab_window_get_conversation (child->window);

  if (g_list_model_get_n_items (G_LIST_MODEL (conversation)) == child->expected)
    child->painted = TRUE;
}

/* Starts the app on the history in @data_home, opening @open_id, and
 * prints how long until a frame shows @expected messages.
 */
static int
child_main (const char *data_home,
            gint64      open_id,
            guint       expected)
{
  g_autoptr(ConfabApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  Child child = { 0 };
  gint64 start = g_get_monotonic_time ();
  gint64 window_start;
  double rss_before;
  double cpu_start;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_init ();
  adw_init ();

  app = confab_application_new ("io.github.confabapp.Confab.Bench", G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  if (confab_application_get_store (app) == NULL)
    g_error ("No history: %s", confab_application_get_store_error (app)->message);

  confab_store_set_last_conversation (confab_application_get_store (app), open_id, NULL);

  rss_before = confab_bench_rss_mib ();
  window_start = g_get_monotonic_time ();
  cpu_start = confab_bench_thread_cpu_ms ();
  child.window = confab_window_new (app);
  child.expected = expected;
  gtk_window_present (GTK_WINDOW (child.window));

  while (gtk_native_get_surface (GTK_NATIVE (child.window)) == NULL ||
         gdk_surface_get_frame_clock (gtk_native_get_surface (GTK_NATIVE (child.window))) == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_signal_connect (gdk_surface_get_frame_clock (gtk_native_get_surface (GTK_NATIVE (child.window))),
                    "after-paint", G_CALLBACK (after_paint_cb), &child);

  while (!child.painted)
    g_main_context_iteration (NULL, TRUE);

  g_print ("%.1f %.1f %.1f %.1f\n",
           (g_get_monotonic_time () - start) / 1000.0,
           (g_get_monotonic_time () - window_start) / 1000.0,
           confab_bench_rss_mib () - rss_before,
           confab_bench_thread_cpu_ms () - cpu_start);

  gtk_window_destroy (GTK_WINDOW (child.window));

  return 0;
}

/* Runs a child N_RUNS times; returns the medians of the process time to
 * the frame, of the window's time to it, of the memory growth and of the
 * main thread's CPU time.
 */
static void
run (const char *self,
     const char *data_home,
     gint64      open_id,
     guint       expected,
     double      medians[4])
{
  double values[4][N_RUNS];

  for (guint i = 0; i < N_RUNS; i++)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, open_id);
      g_autofree char *count = g_strdup_printf ("%u", expected);
      const char *argv[] = { self, "--child", data_home, id, count, NULL };
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      int status;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("The child failed: %s", error->message);

      values[0][i] = (g_get_monotonic_time () - start) / 1000.0;
      if (sscanf (out, "%*f %lf %lf %lf", &values[1][i], &values[2][i], &values[3][i]) != 3)
        g_error ("The child said: %s", out);
    }

  for (guint k = 0; k < 4; k++)
    medians[k] = confab_bench_median (values[k], N_RUNS);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *empty_home = NULL;
  g_autofree char *big_home = NULL;
  g_autofree char *path = NULL;
  double empty[4], big[4], open_empty[4], open_big[4];
  gint64 big_id = 0, empty_id = 0;

  if (argc == 5 && g_str_equal (argv[1], "--child"))
    return child_main (argv[2], g_ascii_strtoll (argv[3], NULL, 10), atoi (argv[4]));

  empty_home = g_dir_make_tmp ("confab-bench-empty-XXXXXX", NULL);
  big_home = g_dir_make_tmp ("confab-bench-big-XXXXXX", NULL);
  path = g_build_filename (big_home, "confab", NULL);
  g_mkdir_with_parents (path, 0700);
  g_free (path);
  path = g_build_filename (big_home, "confab", "confab.db", NULL);
  confab_test_history_generate (path, &big_id, &empty_id);

  run (argv[0], empty_home, 0, 0, empty);
  run (argv[0], big_home, 0, 0, big);
  run (argv[0], big_home, empty_id, 0, open_empty);
  run (argv[0], big_home, big_id, N_BIG, open_big);

  g_print ("Start-up to the first frame (median of %d processes, from spawn):\n", N_RUNS);
  g_print ("  empty history:                      %7.1f ms\n", empty[0]);
  g_print ("  %d chats, %d messages:          %7.1f ms (%.2fx empty, goal <= 1.1x)\n",
           N_CONVERSATIONS, N_MESSAGES, big[0], big[0] / empty[0]);
  g_print ("Opening a conversation at start-up, from the window's creation to its frame:\n");
  g_print ("  empty conversation:                 %7.1f ms, %+6.1f MiB (main thread: %.1f ms CPU)\n",
           open_empty[1], open_empty[2], open_empty[3]);
  g_print ("  %d messages:                    %7.1f ms, %+6.1f MiB (%.2fx the time, goal <= 1.3x; %+.1f MiB more, goal <= 30;"
           " main thread: %.1f ms CPU, %.2fx)\n",
           N_BIG, open_big[1], open_big[2], open_big[1] / open_empty[1], open_big[2] - open_empty[2],
           open_big[3], open_big[3] / open_empty[3]);

  return 0;
}
