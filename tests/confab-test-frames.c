/* confab-test-frames.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-test-frames.h"

static void
after_paint_cb (GdkFrameClock     *clock,
                ConfabBenchFrames *frames)
{
  gint64 now = g_get_monotonic_time ();

  if (frames->first_paint_us == 0)
    frames->first_paint_us = now;

  if (frames->text_us != 0 && frames->first_text_us == 0 && frames->has_text (frames->data))
    frames->first_text_us = now;

  /* Frames are counted, and waited for, from the first text on. */
  if (frames->text_us != 0)
    {
      if (frames->last_paint_us != 0)
        frames->longest_gap_us = MAX (frames->longest_gap_us, now - frames->last_paint_us);
      else
        frames->longest_gap_us = now - frames->text_us;

      frames->last_paint_us = now;
      frames->n_frames++;
    }
}

/**
 * confab_bench_frames_present:
 * @window: a window not shown yet
 * @has_text: whether what @window shows has the answer's text yet
 *
 * Presents @window and waits until it is painted for the first time.
 */
void
confab_bench_frames_present (ConfabBenchFrames  *frames,
                             GtkWidget          *window,
                             gboolean          (*has_text) (gpointer data),
                             gpointer            data)
{
  *frames = (ConfabBenchFrames) { 0 };
  frames->window = window;
  frames->has_text = has_text;
  frames->data = data;

  /* Realized first, for its frame clock; the time counts from here. */
  gtk_widget_realize (window);
  frames->clock = g_object_ref (gtk_widget_get_frame_clock (window));
  frames->after_paint_id = g_signal_connect (frames->clock, "after-paint", G_CALLBACK (after_paint_cb), frames);

  frames->presented_us = g_get_monotonic_time ();
  gtk_window_present (GTK_WINDOW (window));

  while (frames->first_paint_us == 0)
    g_main_context_iteration (NULL, TRUE);
}

/* The answer starts to arrive now. */
void
confab_bench_frames_text_start (ConfabBenchFrames *frames)
{
  frames->text_us = g_get_monotonic_time ();
}

void
confab_bench_frames_stop (ConfabBenchFrames *frames)
{
  g_clear_signal_handler (&frames->after_paint_id, frames->clock);
  g_clear_object (&frames->clock);
}

void
confab_bench_frames_print (const ConfabBenchFrames *frames)
{
  double seconds = (frames->last_paint_us - frames->text_us) / (double) G_USEC_PER_SEC;

  g_print ("    on screen: first paint %.1f ms after present; first text painted %.1f ms after it began to arrive\n",
           (frames->first_paint_us - frames->presented_us) / 1000.0,
           frames->first_text_us != 0 ? (frames->first_text_us - frames->text_us) / 1000.0 : -1.0);
  g_print ("               %u frames painted in %.0f ms (%.1f a second), longest wait for a frame %.1f ms\n",
           frames->n_frames, seconds * 1000.0, seconds > 0 ? frames->n_frames / seconds : 0.0,
           frames->longest_gap_us / 1000.0);
}
