/* bench-stream.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Streams a 1 MB answer in 4-byte deltas through what the app uses — the
 * stream decoder (SSE parser and chunk mapping, on its worker thread),
 * the message model and the real message row in a shown window — and
 * prints the main thread's CPU time next to the floor: the same deltas
 * appended to a plain GtkTextBuffer.  The worker's CPU time is printed
 * too, since moving work off the main thread does not make it free.
 *
 * The stream is fed 16 KiB at a time from an idle callback, as network
 * reads would arrive, so frames are drawn in between and the row's
 * once-per-frame updates happen as they would in the app.  The row runs
 * twice: with the view left at the top, and following the end of the
 * answer as the window does while the person is at the bottom.  The
 * time of each phase of the frames is printed, to show where it goes,
 * and what the screen showed (Xvfb in the benchmarks): how soon the
 * window was painted, how soon the first text of the answer was, and
 * how many frames were painted while it streamed, with the longest
 * wait for one.
 */

#include "config.h"

#include <stdlib.h>
#include <time.h>

#include <adwaita.h>

#include "confab-application.h"
#include "confab-markdown-view.h"
#include "confab-message-row.h"
#include "confab-message.h"
#include "confab-stream-decoder.h"
#include "confab-test-bench.h"
#include "confab-test-frames.h"

#define ANSWER_SIZE (1024 * 1024)
#define DELTA_SIZE  4
#define READ_SIZE   (16 * 1024)

typedef struct
{
  ConfabMessage   *message;
  ConfabStreamDecoder *decoder;
  GBytes          *stream;
  gsize            offset;
  ConfabMarkdownView *view;
  gsize            expected;
  gboolean         done;
} Bench;

static double
process_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);

  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1000000.0;
}

/* Prose-like text: words, sentences and paragraphs, ASCII so that every
 * 4-byte slice is whole characters.
 */
static char *
make_answer (void)
{
  static const char *words[] = {
    "token", "stream", "answer", "the", "model", "writes", "a", "long",
    "reply", "with", "reasoning", "and", "code", "that", "people", "read",
  };
  GString *text = g_string_sized_new (ANSWER_SIZE + 16);
  guint i = 0;

  while (text->len < ANSWER_SIZE)
    {
      g_string_append (text, words[g_random_int_range (0, G_N_ELEMENTS (words))]);
      i++;
      if (i % 97 == 0)
        g_string_append (text, ".\n\n");
      else if (i % 13 == 0)
        g_string_append (text, ". ");
      else
        g_string_append_c (text, ' ');
    }

  g_string_truncate (text, ANSWER_SIZE);

  return g_string_free (text, FALSE);
}

static GBytes *
make_stream (const char *answer)
{
  GString *stream = g_string_new (NULL);

  for (gsize i = 0; i < ANSWER_SIZE; i += DELTA_SIZE)
    {
      g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), "");
      g_autofree char *delta = g_strndup (answer + i, DELTA_SIZE);
      g_autofree char *escaped = NULL;

      json_node_set_string (node, delta);
      escaped = json_to_string (node, FALSE);

      g_string_append_printf (stream,
                              "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
                              "\"created\":1760032810,\"model\":\"gemini-3.1-pro-preview\","
                              "\"choices\":[{\"index\":0,\"delta\":{\"content\":%s},\"finish_reason\":null}],"
                              "\"usage\":null}\n\n",
                              escaped);
    }

  g_string_append (stream, "data: [DONE]\n\n");

  return g_string_free_to_bytes (stream);
}

/* What the client does with each batch of a streamed answer. */
static void
batch_cb (ConfabStreamBatch *batch,
          gpointer           user_data)
{
  Bench *bench = user_data;

  confab_message_append_delta (bench->message, batch->content->str, batch->reasoning->str);

  if (batch->done || batch->ended || batch->error != NULL)
    bench->done = TRUE;
}

static gboolean
feed_cb (gpointer user_data)
{
  Bench *bench = user_data;
  gsize size = g_bytes_get_size (bench->stream);
  gsize length = MIN (READ_SIZE, size - bench->offset);

  g_autoptr(GBytes) piece = g_bytes_new_from_bytes (bench->stream, bench->offset, length);

  confab_stream_decoder_push (bench->decoder, piece);
  bench->offset += length;

  return bench->offset < size ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
row_has_text (gpointer data)
{
  Bench *bench = data;

  return *confab_markdown_view_get_source (bench->view) != '\0';
}

static gboolean
row_is_done (Bench *bench)
{
  return bench->done && strlen (confab_markdown_view_get_source (bench->view)) == bench->expected;
}

/* Where the main thread's time goes while frames are drawn: the CPU time
 * of each phase of the frame clock, from the end of one to the end of
 * the next, and what is outside frames.
 */
typedef enum
{
  PHASE_UPDATE,
  PHASE_LAYOUT,
  PHASE_PAINT,
  PHASE_AFTER_PAINT,
  N_PHASES
} Phase;

static const char *phase_names[N_PHASES] = {
  "update (tick callbacks)",
  "layout (measure, allocate)",
  "paint (snapshot, render)",
  "after paint",
};
static const char *phase_signals[N_PHASES] = { "update", "layout", "paint", "after-paint" };

typedef struct
{
  double mark;
  double phases[N_PHASES];
  guint  frames;
} Phases;

static Phases phases;

/* What was seen on the screen in the last run with the row. */
static ConfabBenchFrames frames;

/* Whether to print each frame's phases (CONFAB_BENCH_TRACE=1). */
static gboolean trace;

static void
before_paint_cb (GdkFrameClock *clock,
                 gpointer       user_data)
{
  phases.mark = confab_bench_thread_cpu_ms ();
  phases.frames++;
}

static void
phase_end_cb (GdkFrameClock *clock,
              gpointer       user_data)
{
  double now = confab_bench_thread_cpu_ms ();

  phases.phases[GPOINTER_TO_UINT (user_data)] += now - phases.mark;
  if (trace)
    g_printerr ("%s %.2f%s", phase_signals[GPOINTER_TO_UINT (user_data)], now - phases.mark, GPOINTER_TO_UINT (user_data) == PHASE_AFTER_PAINT ? "\n" : " ");
  phases.mark = now;
}

static void
watch_phases (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  phases = (Phases) { 0 };
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), NULL);
  for (guint i = 0; i < N_PHASES; i++)
    g_signal_connect_after (clock, phase_signals[i], G_CALLBACK (phase_end_cb), GUINT_TO_POINTER (i));
}

/* As the window does while the person is at the end of the chat. */
static void
upper_cb (GtkAdjustment *adjustment,
          GParamSpec    *pspec,
          gpointer       user_data)
{
  if (trace)
    g_printerr ("[upper %.0f] ", gtk_adjustment_get_upper (adjustment));
  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
}

static double
run_pipeline (GBytes   *stream,
              gboolean  with_row,
              gboolean  follow,
              double   *wall_ms)
{
  GtkWidget *window = NULL;
  GtkWidget *row = NULL;
  Bench bench = { 0 };
  double start;
  double elapsed;
  gint64 wall_start;

  bench.message = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  confab_message_set_state (bench.message, CONFAB_MESSAGE_STATE_PENDING);
  bench.decoder = confab_stream_decoder_new (NULL, batch_cb, &bench, NULL);
  bench.stream = stream;
  bench.expected = ANSWER_SIZE;

  if (with_row)
    {
      GtkWidget *scrolled = gtk_scrolled_window_new ();

      window = gtk_window_new ();
      gtk_window_set_default_size (GTK_WINDOW (window), 720, 820);
      row = confab_message_row_new ();
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), row);
      gtk_window_set_child (GTK_WINDOW (window), scrolled);
      if (follow)
        g_signal_connect (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                          "notify::upper", G_CALLBACK (upper_cb), NULL);
      confab_message_row_set_message (CONFAB_MESSAGE_ROW (row), bench.message);
      confab_bench_frames_present (&frames, window, row_has_text, &bench);

      while (!gtk_widget_get_mapped (row))
        g_main_context_iteration (NULL, TRUE);

      for (GtkWidget *child = row; child != NULL; )
        {
          GtkWidget *found = NULL;

          /* Find the row's answer view, depth first. */
          if (CONFAB_IS_MARKDOWN_VIEW (child))
            {
              bench.view = CONFAB_MARKDOWN_VIEW (child);
              break;
            }

          if ((found = gtk_widget_get_first_child (child)) == NULL)
            {
              while (child != row && gtk_widget_get_next_sibling (child) == NULL)
                child = gtk_widget_get_parent (child);
              found = child == row ? NULL : gtk_widget_get_next_sibling (child);
            }

          child = found;
        }

      g_assert (bench.view != NULL);
      watch_phases (row);
    }

  start = confab_bench_thread_cpu_ms ();
  wall_start = g_get_monotonic_time ();
  if (with_row)
    confab_bench_frames_text_start (&frames);

  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, feed_cb, &bench, NULL);

  if (with_row)
    while (!row_is_done (&bench))
      g_main_context_iteration (NULL, TRUE);
  else
    while (!bench.done)
      g_main_context_iteration (NULL, TRUE);

  elapsed = confab_bench_thread_cpu_ms () - start;
  if (wall_ms != NULL)
    *wall_ms = (g_get_monotonic_time () - wall_start) / 1000.0;

  g_assert_cmpuint (confab_message_get_content_length (bench.message), ==, ANSWER_SIZE);

  confab_stream_decoder_cancel (bench.decoder);
  confab_stream_decoder_unref (bench.decoder);
  if (window != NULL)
    {
      confab_bench_frames_stop (&frames);
      gtk_window_destroy (GTK_WINDOW (window));
    }
  g_object_unref (bench.message);

  return elapsed;
}

static void
print_phases (const Phases *p)
{
  g_print ("    of which in %u frames:\n", p->frames);
  for (guint i = 0; i < N_PHASES; i++)
    g_print ("      %-38s %8.1f ms\n", phase_names[i], p->phases[i]);
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

/* A case of the benchmark, run a few times: the run of median
 * main-thread time, since other work on the machine (the decoder's
 * thread, the software renderer's threads, other guests) changes how
 * many frames a run draws.
 */
#define RUNS 3

typedef struct
{
  double            cpu_ms;
  double            wall_ms;
  Phases            phases;
  ConfabBenchFrames frames;
} Run;

static int
compare_runs (gconstpointer a,
              gconstpointer b)
{
  const Run *run_a = a;
  const Run *run_b = b;

  return (run_a->cpu_ms > run_b->cpu_ms) - (run_a->cpu_ms < run_b->cpu_ms);
}

static Run
run_case (GBytes   *stream,
          gboolean  with_row,
          gboolean  follow)
{
  Run runs[RUNS];

  for (guint i = 0; i < RUNS; i++)
    {
      runs[i].cpu_ms = run_pipeline (stream, with_row, follow, &runs[i].wall_ms);
      runs[i].phases = phases;
      runs[i].frames = frames;
    }

  qsort (runs, RUNS, sizeof (Run), compare_runs);

  return runs[RUNS / 2];
}

static double
median_floor (const char *answer)
{
  double values[2 * RUNS - 1];

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    values[i] = run_floor (answer);

  return confab_bench_median (values, G_N_ELEMENTS (values));
}

static void
print_run (const char *what,
           const Run  *run,
           double      floor_ms,
           gboolean    with_phases)
{
  g_print ("  %-44s %8.1f ms main-thread CPU (%.2fx floor), %.0f ms wall\n",
           what, run->cpu_ms, run->cpu_ms / floor_ms, run->wall_ms);
  if (with_phases)
    {
      print_phases (&run->phases);
      confab_bench_frames_print (&run->frames);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *answer = NULL;
  g_autoptr(GBytes) stream = NULL;
  double floor_ms;
  Run core;
  Run row;
  Run follow;

  gtk_init ();
  adw_init ();

  /* Text is laid out as the application lays it out. */
  confab_application_set_up_text (gtk_settings_get_default ());

  trace = g_getenv ("CONFAB_BENCH_TRACE") != NULL;
  answer = make_answer ();
  stream = make_stream (answer);

  /* `bench-stream follow` runs only the row following the end, once,
   * for a profiler; CONFAB_BENCH_TRACE=1 prints each frame's phases.
   */
  if (argc > 1 && g_str_equal (argv[1], "follow"))
    {
      double follow_ms = run_pipeline (stream, TRUE, TRUE, NULL);

      g_print ("the view following the end: %8.1f ms main-thread CPU\n", follow_ms);
      print_phases (&phases);
      confab_bench_frames_print (&frames);
      return 0;
    }

  floor_ms = median_floor (answer);
  core = run_case (stream, FALSE, FALSE);
  row = run_case (stream, TRUE, FALSE);
  follow = run_case (stream, TRUE, TRUE);

  g_print ("stream benchmark: %d bytes in %d-byte deltas (%zu bytes of SSE), median of %d runs\n",
           ANSWER_SIZE, DELTA_SIZE, g_bytes_get_size (stream), RUNS);
  g_print ("  %-44s %8.1f ms main-thread CPU\n", "floor (deltas appended to a GtkTextBuffer):", floor_ms);
  print_run ("decoder + message (no widgets):", &core, floor_ms, FALSE);
  print_run ("decoder + message + message row:", &row, floor_ms, TRUE);
  print_run ("the same, the view following the end:", &follow, floor_ms, TRUE);
  g_print ("  goal: the message row, with the view at the top and following the end, <= 3x floor\n");
  g_print ("  whole process CPU, all threads:             %8.1f ms\n", process_cpu_ms ());

  return 0;
}
