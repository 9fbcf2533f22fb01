/* confab-test-frames.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What the benchmarks that show a window see on the screen: when the
 * window was first painted, when the answer's first text was, and the
 * frames painted meanwhile, with the longest wait between two.
 */
typedef struct
{
  GtkWidget     *window;
  GdkFrameClock *clock;
  gulong         after_paint_id;
  gint64         presented_us;
  gint64         first_paint_us;
  gint64         text_us;
  gint64         first_text_us;
  gint64         last_paint_us;
  gint64         longest_gap_us;
  guint          n_frames;
  gboolean       (*has_text) (gpointer data);
  gpointer       data;
} ConfabBenchFrames;

void confab_bench_frames_present    (ConfabBenchFrames  *frames,
                                     GtkWidget          *window,
                                     gboolean          (*has_text) (gpointer data),
                                     gpointer            data);
void confab_bench_frames_text_start (ConfabBenchFrames  *frames);
void confab_bench_frames_stop       (ConfabBenchFrames  *frames);
void confab_bench_frames_print      (const ConfabBenchFrames *frames);

G_END_DECLS
