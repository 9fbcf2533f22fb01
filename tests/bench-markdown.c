/* bench-markdown.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Streams a 1 MB Markdown answer (sections of prose, lists, code blocks,
 * now and then a table) into a shown ConfabMarkdownView and prints the
 * main thread's CPU time next to the floor: the same answer appended in
 * 4-byte deltas to a plain GtkTextBuffer.  A plain GtkTextView fed the
 * same way, as the message row shows answers without Markdown, is
 * measured too, and the renderer alone, on a view that is not shown:
 * drawing and layout are most of the time of a shown view, for the plain
 * text view as much as for Markdown.
 *
 * The answer arrives in 4-byte deltas, PACE bytes of them each frame,
 * and is shown as the row does it: at most once every 33 ms of frame
 * time, from a tick callback.  The time each set_text() call takes is
 * noted, to show that it follows the size of the last block and not of
 * the answer.  What the screen showed (Xvfb in the benchmarks) is
 * printed for each shown view: how soon the window and the first text
 * were painted, and the frames painted while the answer arrived, with
 * the longest wait for one.
 */

#include "config.h"

#include <time.h>
#include <adwaita.h>

#include "confab-markdown-view.h"
#include "confab-test-bench.h"
#include "confab-test-frames.h"

#define ANSWER_SIZE (1024 * 1024)
#define DELTA_SIZE  4
#define PACE        512
#define INTERVAL_US (G_USEC_PER_SEC / 30)

typedef struct
{
  const char    *answer;
  GString       *received;
  gsize          shown;
  GtkWidget     *view;
  gboolean       markdown;
  gint64         shown_at;
  guint          calls;
  double         call_ms;
  double         max_call_ms;
  double         early_ms;
  guint          early_calls;
  double         late_ms;
  guint          late_calls;
  gboolean       done;
  ConfabBenchFrames frames;
} Run;

/* Sections of about 3 KB, ASCII so that every 4-byte delta is whole
 * characters.
 */
static char *
make_answer (void)
{
  GString *text = g_string_sized_new (ANSWER_SIZE + 4096);
  guint section = 0;

  while (text->len < ANSWER_SIZE)
    {
      g_string_append_printf (text, "## Step %u\n\n", ++section);
      for (guint i = 0; i < 4; i++)
        g_string_append (text,
                         "The model writes a long reply with *reasoning* and **code** that people "
                         "read, calling `render()` and linking [the docs](https://example.com/docs) "
                         "as it goes; the sentences run on for a while so that the paragraph wraps "
                         "over several lines of the window, as answers that explain do, and then "
                         "one more sentence closes it.\n\n");
      g_string_append (text, "- first point\n- second point\n  - a detail\n- third point\n\n");
      g_string_append_printf (text,
                              "```python\n"
                              "def step_%u(items):\n"
                              "    total = 0\n"
                              "    for item in items:\n"
                              "        total += item.weight * %u\n"
                              "    return total\n"
                              "```\n\n",
                              section, section);
      if (section % 5 == 0)
        g_string_append (text, "| Name | Value |\n|------|-------|\n| a | 1 |\n| b | 2 |\n\n> A note.\n\n");
    }

  g_string_truncate (text, ANSWER_SIZE);

  return g_string_free (text, FALSE);
}

static void
show (Run *run)
{
  if (run->markdown)
    {
      double start = confab_bench_thread_cpu_ms ();
      double elapsed;

      confab_markdown_view_set_text (CONFAB_MARKDOWN_VIEW (run->view), run->received->str, run->received->len);

      elapsed = confab_bench_thread_cpu_ms () - start;
      run->call_ms += elapsed;
      run->max_call_ms = MAX (run->max_call_ms, elapsed);

      if (run->received->len <= ANSWER_SIZE / 10)
        {
          run->early_ms += elapsed;
          run->early_calls++;
        }
      else if (run->received->len > ANSWER_SIZE - ANSWER_SIZE / 10)
        {
          run->late_ms += elapsed;
          run->late_calls++;
        }
    }
  else
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (run->view));
      GtkTextIter end;

      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, run->received->str + run->shown, run->received->len - run->shown);
    }

  run->shown = run->received->len;
  run->calls++;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  Run *run = user_data;
  gint64 frame_time = gdk_frame_clock_get_frame_time (frame_clock);

  if (run->shown == ANSWER_SIZE)
    {
      /* One more frame draws what was shown last. */
      run->done = TRUE;
      return G_SOURCE_REMOVE;
    }

  /* What arrives during a frame, a delta after the other. */
  for (gsize i = 0; i < PACE && run->received->len < ANSWER_SIZE; i += DELTA_SIZE)
    g_string_append_len (run->received, run->answer + run->received->len, DELTA_SIZE);

  if (frame_time - run->shown_at >= INTERVAL_US || run->received->len == ANSWER_SIZE)
    {
      run->shown_at = frame_time;
      show (run);
    }

  return G_SOURCE_CONTINUE;
}

/* Whether the view has any of the answer to show. */
static gboolean
view_has_text (gpointer data)
{
  Run *run = data;

  return run->shown > 0;
}

static double
run_view (const char *answer,
          gboolean    markdown,
          Run        *run)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  double start;
  double elapsed;

  *run = (Run) { 0 };
  run->answer = answer;
  run->received = g_string_sized_new (ANSWER_SIZE + 1);
  run->markdown = markdown;

  if (markdown)
    {
      run->view = confab_markdown_view_new ();
    }
  else
    {
      run->view = gtk_text_view_new ();
      gtk_text_view_set_editable (GTK_TEXT_VIEW (run->view), FALSE);
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (run->view), GTK_WRAP_WORD_CHAR);
    }

  /* In a box, as in a row of the list: the view is as tall as its text. */
  gtk_box_append (GTK_BOX (box), run->view);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 820);
  confab_bench_frames_present (&run->frames, window, view_has_text, run);

  while (!gtk_widget_get_mapped (run->view))
    g_main_context_iteration (NULL, TRUE);

  start = confab_bench_thread_cpu_ms ();
  confab_bench_frames_text_start (&run->frames);

  gtk_widget_add_tick_callback (run->view, tick_cb, run, NULL);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);

  elapsed = confab_bench_thread_cpu_ms () - start;

  if (markdown)
    g_assert_cmpstr (confab_markdown_view_get_source (CONFAB_MARKDOWN_VIEW (run->view)), ==, answer);

  confab_bench_frames_stop (&run->frames);
  gtk_window_destroy (GTK_WINDOW (window));
  g_string_free (run->received, TRUE);

  return elapsed;
}

/* The renderer alone: the same calls, on a view that is not shown. */
static double
run_hidden (const char *answer,
            Run        *run)
{
  double start;
  double elapsed;

  *run = (Run) { 0 };
  run->answer = answer;
  run->received = g_string_sized_new (ANSWER_SIZE + 1);
  run->markdown = TRUE;
  run->view = g_object_ref_sink (confab_markdown_view_new ());

  start = confab_bench_thread_cpu_ms ();

  /* Two frames of 60 a second to each update, as when shown. */
  while (run->shown < ANSWER_SIZE)
    {
      for (gsize i = 0; i < 2 * PACE && run->received->len < ANSWER_SIZE; i += DELTA_SIZE)
        g_string_append_len (run->received, answer + run->received->len, DELTA_SIZE);
      show (run);
    }

  elapsed = confab_bench_thread_cpu_ms () - start;

  g_object_unref (run->view);
  g_string_free (run->received, TRUE);

  return elapsed;
}

static double
run_floor (const char *answer)
{
  g_autoptr(GtkTextBuffer) buffer = gtk_text_buffer_new (NULL);
  double start = confab_bench_thread_cpu_ms ();
  GtkTextIter end;

  for (gsize i = 0; i < ANSWER_SIZE; i += DELTA_SIZE)
    {
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, answer + i, DELTA_SIZE);
    }

  return confab_bench_thread_cpu_ms () - start;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *answer = NULL;
  double floor_ms, hidden_ms, plain_ms, markdown_ms;
  Run hidden = { 0 };
  Run plain = { 0 };
  Run markdown = { 0 };
  gboolean only_hidden;

  gtk_init ();
  adw_init ();

  answer = make_answer ();

  /* "bench-markdown hidden" runs only the renderer, for profiling. */
  only_hidden = argc > 1 && g_str_equal (argv[1], "hidden");

  floor_ms = run_floor (answer);
  hidden_ms = run_hidden (answer, &hidden);
  plain_ms = only_hidden ? 0 : run_view (answer, FALSE, &plain);
  markdown_ms = only_hidden ? 0 : run_view (answer, TRUE, &markdown);

  g_print ("markdown benchmark: %d bytes in %d-byte deltas, %d bytes a frame, shown at most every %d ms\n",
           ANSWER_SIZE, DELTA_SIZE, PACE, (int) (INTERVAL_US / 1000));
  g_print ("  floor (deltas appended to a GtkTextBuffer): %8.1f ms main-thread CPU\n", floor_ms);
  g_print ("  ConfabMarkdownView, not shown:              %8.1f ms main-thread CPU (%.2f× floor, goal ≤ 3×), %u updates\n",
           hidden_ms, hidden_ms / floor_ms, hidden.calls);
  g_print ("    per call in the first 10%% of the answer:  %8.3f ms, in the last 10%%: %.3f ms\n",
           hidden.early_ms / MAX (hidden.early_calls, 1), hidden.late_ms / MAX (hidden.late_calls, 1));
  g_print ("  plain GtkTextView, shown:                   %8.1f ms main-thread CPU (%.2f× floor), %u updates\n",
           plain_ms, plain_ms / floor_ms, plain.calls);
  if (!only_hidden)
    confab_bench_frames_print (&plain.frames);
  g_print ("  ConfabMarkdownView, shown:                  %8.1f ms main-thread CPU (%.2f× floor, %.2f× plain), %u updates\n",
           markdown_ms, markdown_ms / floor_ms, markdown_ms / plain_ms, markdown.calls);
  g_print ("    of which set_text():                     %8.1f ms; per call %.3f ms on average, %.3f ms at most\n",
           markdown.call_ms, markdown.call_ms / MAX (markdown.calls, 1), markdown.max_call_ms);
  g_print ("    per call in the first 10%% of the answer:  %8.3f ms, in the last 10%%: %.3f ms\n",
           markdown.early_ms / MAX (markdown.early_calls, 1), markdown.late_ms / MAX (markdown.late_calls, 1));
  if (!only_hidden)
    confab_bench_frames_print (&markdown.frames);

  return 0;
}
