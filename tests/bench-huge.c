/* bench-huge.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Huge answers in the real window: how long the main loop stalls while
 * they arrive and while a chat that holds one opens.  The window talks
 * to the scripted server (run in a thread of its own, so that sending
 * megabytes costs the window's main loop nothing) and keeps its history
 * in a real SQLite file, seeded before the app starts.
 *
 * The cases:
 *  - a 10 MB answer, not streamed: Markdown as answers are written,
 *    paragraphs, headings, lists and code blocks;
 *  - a 10 MB answer, not streamed, that is one paragraph with no
 *    newline at all;
 *  - a 2 MB answer of the same Markdown, streamed in 64-byte deltas;
 *  - opening from the history a chat with each of the 10 MB answers;
 *  - then, in the last chat opened, scrolling to the top and to the
 *    middle of the answer.
 *
 * Each case runs from the prompt (or the click) until the answer's view
 * has all its text, then SETTLE_MS more while the view renders it; it
 * says when the view had not rendered all by then.
 *
 * While each runs, a high-priority timeout every 5 ms and a tick
 * callback of the window record the gaps between their calls: the
 * longest is the longest time the main loop could do nothing else, or
 * drew no frame.  The main thread's CPU time in the longest stretch
 * between two probes is printed too: on a busy machine, a process
 * waits for its turn or for the software renderer's threads, and the
 * wall-clock gaps grow with that.  It prints figures and never fails
 * on time; the goal is a longest gap under 100 ms in every case.  It
 * counts the gaps longer than 100 ms too.
 *
 * `bench-huge markdown paragraph stream open-markdown open-paragraph`
 * runs only the cases named (all of them by default).  With
 * CONFAB_BENCH_HUGE_KB set, the answers of 10 MB are that many KB
 * instead (and the streamed one a fifth of it), to profile a case
 * faster.  With CONFAB_BENCH_HUGE_GAPS set, each case also lists every
 * gap over 100 ms: when it began, how long it was and the main
 * thread's CPU time in it, to tell a stall of Confab's from a wait for
 * a core.  The start is also given on the monotonic clock, to find the
 * gap in a profile (`perf record -k CLOCK_MONOTONIC`, then
 * `perf script --time`).
 */

#include "config.h"

#include <adwaita.h>

#include "confab-application.h"
#include "confab-composer.h"
#include "confab-markdown-view.h"
#include "confab-message-row.h"
#include "confab-store.h"
#include "confab-test-bench.h"
#include "confab-test-server.h"
#include "confab-window.h"

#include "bench-huge-texts.h"

#define HUGE_SIZE     (10 * 1024 * 1024)
#define STREAM_SIZE   (2 * 1024 * 1024)
#define STREAM_PIECE  (64 * 1024)
#define PROBE_MS      5
#define LONG_GAP_MS   100
#define SETTLE_S      10
#define SETTLE_MS     (SETTLE_S * 1000)
#define WAIT_LIMIT_S  900

static char **cases;

static gboolean
wanted (const char *name)
{
  return cases == NULL || cases[0] == NULL || g_strv_contains ((const char * const *) cases, name);
}

/* The server, in a thread of its own, with every answer of the run
 * queued before it serves.
 */
typedef struct
{
  GMutex            mutex;
  GCond             cond;
  char             *base_url;
  GMainLoop        *loop;
  GMainContext     *context;
  const char       *markdown;
  const char       *paragraph;
  const char       *streamed;
} Server;

static gpointer
server_thread (gpointer data)
{
  Server *server = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(ConfabTestServer) test_server = NULL;
  g_autoptr(GBytes) markdown = NULL;
  g_autoptr(GBytes) paragraph = NULL;
  g_autofree char *stream = NULL;
  ConfabTestResponse *response;

  g_main_context_push_thread_default (context);
  test_server = confab_test_server_new ();

  markdown = make_response (server->markdown);
  paragraph = make_response (server->paragraph);
  stream = make_stream (server->streamed);

  if (wanted ("markdown"))
    confab_test_server_queue_response_bytes (test_server, 200, "application/json", markdown);
  if (wanted ("paragraph"))
    confab_test_server_queue_response_bytes (test_server, 200, "application/json", paragraph);
  response = confab_test_server_queue_stream (test_server, 200, "text/event-stream");
  confab_test_response_add_pieces (response, 5, stream, STREAM_PIECE);

  g_mutex_lock (&server->mutex);
  server->loop = g_main_loop_new (context, FALSE);
  server->context = context;
  server->base_url = g_strdup (confab_test_server_get_base_url (test_server));
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->mutex);

  g_main_loop_run (server->loop);

  g_clear_object (&test_server);
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);

  return NULL;
}

/* A gap between two probes longer than LONG_GAP_MS. */
typedef struct
{
  double at_ms;
  double gap_ms;
  double cpu_ms;
} LongGap;

/* What the probes saw. */
typedef struct
{
  gint64 started;
  GArray *long_list;
  gint64 last_probe;
  gint64 longest_probe;
  double last_cpu;
  double longest_cpu;
  gint64 last_tick;
  gint64 longest_tick;
  gint64 longest_tick_at;
  guint  long_gaps;
  guint  frames;
  guint  probe_id;
  guint  tick_id;
  GtkWidget *widget;
} Gaps;

static Gaps gaps;

static gboolean
probe_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  double cpu = confab_bench_thread_cpu_ms ();

  gaps.longest_probe = MAX (gaps.longest_probe, now - gaps.last_probe);
  if (now - gaps.last_probe > LONG_GAP_MS * 1000)
    {
      LongGap gap = { (gaps.last_probe - gaps.started) / 1000.0, (now - gaps.last_probe) / 1000.0,
                      cpu - gaps.last_cpu };

      gaps.long_gaps++;
      if (gaps.long_list != NULL)
        g_array_append_val (gaps.long_list, gap);
    }
  gaps.last_probe = now;
  gaps.longest_cpu = MAX (gaps.longest_cpu, cpu - gaps.last_cpu);
  gaps.last_cpu = cpu;

  return G_SOURCE_CONTINUE;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (now - gaps.last_tick > gaps.longest_tick)
    {
      gaps.longest_tick = now - gaps.last_tick;
      gaps.longest_tick_at = now;
    }
  gaps.last_tick = now;
  gaps.frames++;

  return G_SOURCE_CONTINUE;
}

static void
start_probes (GtkWidget *widget)
{
  gint64 now = g_get_monotonic_time ();

  g_clear_pointer (&gaps.long_list, g_array_unref);
  gaps = (Gaps) { now, NULL, now, 0, confab_bench_thread_cpu_ms (), 0, now, 0, 0, 0, 0, 0, 0, widget };
  if (g_getenv ("CONFAB_BENCH_HUGE_GAPS") != NULL)
    gaps.long_list = g_array_new (FALSE, FALSE, sizeof (LongGap));
  gaps.probe_id = g_timeout_add_full (G_PRIORITY_HIGH, PROBE_MS, probe_cb, NULL, NULL);
  gaps.tick_id = gtk_widget_add_tick_callback (widget, tick_cb, NULL, NULL);
}

static void
stop_probes (void)
{
  g_source_remove (gaps.probe_id);
  gtk_widget_remove_tick_callback (gaps.widget, gaps.tick_id);
}

typedef gboolean (*Condition) (gpointer data);

static void
run_until (Condition condition,
           gpointer  data)
{
  gint64 limit = g_get_monotonic_time () + WAIT_LIMIT_S * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > limit)
        g_error ("bench-huge: waited %d s in vain", WAIT_LIMIT_S);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
time_passed (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *) data;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
run_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;
  guint id = g_timeout_add (ms, wake_cb, NULL);

  run_until (time_passed, &until);
  g_source_remove (id);
}

/* The answer view of the row that shows @message. */
static ConfabMarkdownView *
find_view (GtkWidget     *root,
           ConfabMessage *message)
{
  if (CONFAB_IS_MESSAGE_ROW (root))
    {
      GtkWidget *child = root;

      if (confab_message_row_get_message (CONFAB_MESSAGE_ROW (root)) != message)
        return NULL;

      /* Depth first, to the row's Markdown view. */
      while (child != NULL && !CONFAB_IS_MARKDOWN_VIEW (child))
        {
          GtkWidget *next = gtk_widget_get_first_child (child);

          while (next == NULL && child != root)
            {
              next = gtk_widget_get_next_sibling (child);
              if (next == NULL)
                child = gtk_widget_get_parent (child);
            }
          child = next;
        }

      return child != NULL ? CONFAB_MARKDOWN_VIEW (child) : NULL;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ConfabMarkdownView *found = find_view (child, message);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  ConfabWindow *window;
  gsize         length;
  gint64        shown_at;
  gint64        checked_at;
  ConfabMarkdownView *view;
  ConfabMessage *answer;
  char         *failed;
} Shown;

/* The answer is in, kept, and its row has all of it, to render. */
static gboolean
answer_shown (gpointer data)
{
  Shown *shown = data;
  ConfabConversation *conversation = confab_window_get_conversation (shown->window);
  g_autoptr(ConfabMessage) answer = NULL;
  ConfabMarkdownView *view;
  gint64 now = g_get_monotonic_time ();

  /* Not after every iteration: the check is not free. */
  if (now - shown->checked_at < 20000)
    return FALSE;
  shown->checked_at = now;

  if (g_list_model_get_n_items (G_LIST_MODEL (conversation)) < 2 || confab_window_get_busy (shown->window))
    return FALSE;

  answer = g_list_model_get_item (G_LIST_MODEL (conversation), 1);

  /* A main loop held long enough lets the client's stall watchdog stop
   * the answer.
   */
  if (confab_message_get_state (answer) == CONFAB_MESSAGE_STATE_FAILED)
    {
      shown->failed = g_strdup (confab_message_get_error (answer) ? confab_message_get_error (answer)->message : "?");
      shown->shown_at = g_get_monotonic_time ();
      shown->view = find_view (GTK_WIDGET (shown->window), answer);
      shown->answer = g_object_ref (answer);
      return TRUE;
    }

  if (confab_message_get_content_length (answer) != shown->length ||
      (view = find_view (GTK_WIDGET (shown->window), answer)) == NULL ||
      strlen (confab_markdown_view_get_source (view)) != shown->length)
    return FALSE;

  shown->shown_at = g_get_monotonic_time ();
  shown->view = view;
  shown->answer = g_object_ref (answer);

  return TRUE;
}

typedef struct
{
  const char *name;
  double      longest_loop_ms;
  double      longest_cpu_ms;
  double      longest_frame_ms;
  double      shown_ms;
  double      cpu_ms;
  guint       frames;
  guint       long_gaps;
  gboolean    rendered;
} Result;

static GArray *results;

static void
print_result (const Result *result)
{
  g_autofree char *shown = result->shown_ms < 0 ? g_strdup ("") :
                           g_strdup_printf (", in the view after %.0f ms%s", result->shown_ms,
                                            result->rendered ? "" : " (still rendering " G_STRINGIFY (SETTLE_S) " s later)");

  g_print ("  %-38s longest gap %7.1f ms (%5.1f ms CPU), %3u gaps > %d ms, longest frame %7.1f ms (%u frames)%s, main-thread CPU %.0f ms\n",
           result->name, result->longest_loop_ms, result->longest_cpu_ms, result->long_gaps, LONG_GAP_MS,
           result->longest_frame_ms, result->frames, shown, result->cpu_ms);
}

/* The gaps over LONG_GAP_MS, and when the longest frame ended, with
 * CONFAB_BENCH_HUGE_GAPS set.
 */
static void
print_long_gaps (void)
{
  if (gaps.long_list == NULL)
    return;

  g_print ("  %-38s longest frame ended at %7.0f ms, %.3f s monotonic\n", "", (gaps.longest_tick_at - gaps.started) / 1000.0,
           gaps.longest_tick_at / 1e6);

  for (guint i = 0; i < gaps.long_list->len; i++)
    {
      const LongGap *gap = &g_array_index (gaps.long_list, LongGap, i);

      g_print ("  %-38s gap at %7.0f ms: %6.1f ms (%5.1f ms CPU), from %.3f s monotonic\n", "",
               gap->at_ms, gap->gap_ms, gap->cpu_ms, (gaps.started / 1000.0 + gap->at_ms) / 1000.0);
    }
}

static void
measure (ConfabWindow *window,
         const char   *name,
         gsize         length,
         void        (*start) (ConfabWindow *window, gpointer data),
         gpointer      data)
{
  Shown shown = { window, length, 0, 0, NULL, NULL, NULL };
  gint64 started;
  double cpu;
  Result result;

  run_for (300);

  start_probes (GTK_WIDGET (window));
  started = g_get_monotonic_time ();
  cpu = confab_bench_thread_cpu_ms ();

  start (window, data);
  run_until (answer_shown, &shown);
  run_for (SETTLE_MS);

  stop_probes ();
  /* The row may have been made anew since. */
  if (shown.answer != NULL)
    shown.view = find_view (GTK_WIDGET (window), shown.answer);
  result.rendered = shown.view == NULL || !confab_markdown_view_get_pending (shown.view);
  g_clear_object (&shown.answer);

  result.name = name;
  result.longest_loop_ms = gaps.longest_probe / 1000.0;
  result.longest_cpu_ms = gaps.longest_cpu;
  result.longest_frame_ms = gaps.longest_tick / 1000.0;
  result.shown_ms = (shown.shown_at - started) / 1000.0;
  result.cpu_ms = confab_bench_thread_cpu_ms () - cpu;
  result.frames = gaps.frames;
  result.long_gaps = gaps.long_gaps;
  g_array_append_val (results, result);

  print_result (&result);
  print_long_gaps ();
  if (shown.failed != NULL)
    g_print ("  %-38s the answer FAILED after %.0f ms: %s\n", "", result.shown_ms, shown.failed);
  g_free (shown.failed);
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Types @data in a new chat and presses Enter. */
static void
send_prompt (ConfabWindow *window,
             gpointer      data)
{
  static guint32 time = 1000;
  ConfabComposer *composer;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-chat", NULL);
  composer = CONFAB_COMPOSER (find_type (GTK_WIDGET (window), CONFAB_TYPE_COMPOSER));
  confab_composer_set_text (composer, data);
  g_assert_true (confab_composer_handle_enter (composer, 0, time++));
}

static void
open_chat (ConfabWindow *window,
           gpointer      data)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-conversation", "x", *(gint64 *) data);
}

static GtkAdjustment *
find_vadjustment (GtkWidget *root)
{
  if (GTK_IS_LIST_VIEW (root) && g_strcmp0 (gtk_widget_get_name (root), "message-list") == 0)
    return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkAdjustment *found = find_vadjustment (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Scrolls the chat shown to @fraction of its height and draws for a
 * while.
 */
static void
measure_scroll (ConfabWindow *window,
                const char   *name,
                double        fraction)
{
  GtkAdjustment *adjustment = find_vadjustment (GTK_WIDGET (window));
  Result result;
  double cpu;

  g_assert (adjustment != NULL);

  run_for (300);
  start_probes (GTK_WIDGET (window));
  cpu = confab_bench_thread_cpu_ms ();

  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_lower (adjustment) +
                            fraction * (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_lower (adjustment)));
  run_for (SETTLE_MS);

  stop_probes ();

  result.name = name;
  result.longest_loop_ms = gaps.longest_probe / 1000.0;
  result.longest_cpu_ms = gaps.longest_cpu;
  result.longest_frame_ms = gaps.longest_tick / 1000.0;
  result.shown_ms = -1;
  result.rendered = TRUE;
  result.cpu_ms = confab_bench_thread_cpu_ms () - cpu;
  result.frames = gaps.frames;
  result.long_gaps = gaps.long_gaps;
  g_array_append_val (results, result);

  print_result (&result);
  print_long_gaps ();
}

static gint64
seed_chat (ConfabStore *store,
           const char  *prompt,
           const char  *content)
{
  g_autoptr(ConfabMessage) question = confab_message_new (CONFAB_ROLE_USER, prompt);
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, content);
  g_autoptr(GError) error = NULL;
  gint64 id;

  confab_message_set_model (answer, "test-model");
  if ((id = confab_store_create_conversation (store, &error)) == 0 ||
      !confab_store_append_message (store, id, question, &error) ||
      !confab_store_append_message (store, id, answer, &error) ||
      !confab_store_rename_conversation (store, id, prompt, &error))
    g_error ("%s", error->message);

  return id;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("confab-bench-huge-XXXXXX", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  const char *size_kb = g_getenv ("CONFAB_BENCH_HUGE_KB");
  gsize huge_size = size_kb != NULL ? g_ascii_strtoull (size_kb, NULL, 10) * 1024 : HUGE_SIZE;
  gsize stream_size = size_kb != NULL ? huge_size / 5 : STREAM_SIZE;
  g_autofree char *markdown = make_markdown (huge_size, 13);
  g_autofree char *paragraph = make_paragraph (huge_size);
  /* Another text: with the same beginning, the Markdown chat opened
   * after the streamed one would go on from its answer, kept in the
   * same row (ConfabSlotModel), instead of starting anew.
   */
  g_autofree char *streamed = make_markdown (stream_size, 17);
  g_autoptr(ConfabApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  Server server = { 0 };
  GThread *thread;
  ConfabWindow *window;
  GSettings *settings;
  gint64 markdown_id;
  gint64 paragraph_id;
  double worst = 0;
  double worst_cpu = 0;
  guint long_gaps = 0;
  double started = confab_bench_now_ms ();

  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  cases = argv + 1;

  /* The history, with a chat for each huge answer, as the app will
   * find it.
   */
  dir = g_build_filename (data_home, "confab", NULL);
  path = g_build_filename (dir, "confab.db", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  {
    g_autoptr(ConfabStore) store = confab_store_new_for_path (path, &error);

    g_assert_no_error (error);
    markdown_id = seed_chat (store, "A huge answer", markdown);
    paragraph_id = seed_chat (store, "A huge paragraph", paragraph);
  }

  server.markdown = markdown;
  server.paragraph = paragraph;
  server.streamed = streamed;
  g_mutex_init (&server.mutex);
  g_cond_init (&server.cond);
  thread = g_thread_new ("bench-server", server_thread, &server);
  g_mutex_lock (&server.mutex);
  while (server.base_url == NULL)
    g_cond_wait (&server.cond, &server.mutex);
  g_mutex_unlock (&server.mutex);

  gtk_init ();
  adw_init ();

  app = confab_application_new ("io.github.confabapp.Confab.BenchHuge", G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  if (confab_application_get_store (app) == NULL)
    g_error ("No history: %s", confab_application_get_store_error (app)->message);
  confab_store_set_last_conversation (confab_application_get_store (app), 0, NULL);

  settings = confab_application_get_settings (app);
  g_settings_set_string (settings, "base-url", server.base_url);
  g_settings_set_string (settings, "api-key", "bench-key");

  window = confab_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 800);
  gtk_window_present (GTK_WINDOW (window));
  run_until ((Condition) gtk_widget_get_mapped, window);

  results = g_array_new (FALSE, FALSE, sizeof (Result));

  g_print ("huge answers in the real window: the longest main-loop gap (%d ms probe) and frame gap\n", PROBE_MS);
  /* The server answers in this order whatever is asked. */
  if (wanted ("markdown"))
    measure (window, "10 MB Markdown answer, not streamed:", strlen (markdown), send_prompt, (gpointer) "Write a lot");
  if (wanted ("paragraph"))
    measure (window, "10 MB paragraph answer, not streamed:", strlen (paragraph), send_prompt, (gpointer) "Write one paragraph");
  if (wanted ("stream"))
    measure (window, "2 MB Markdown answer, streamed:", strlen (streamed), send_prompt, (gpointer) "Stream a lot");
  if (wanted ("open-markdown"))
    {
      measure (window, "10 MB Markdown answer, opened:", strlen (markdown), open_chat, &markdown_id);
      measure_scroll (window, "  then scrolled to its top:", 0.0);
      measure_scroll (window, "  then scrolled to its middle:", 0.5);
    }
  if (wanted ("open-paragraph"))
    {
      measure (window, "10 MB paragraph answer, opened:", strlen (paragraph), open_chat, &paragraph_id);
      measure_scroll (window, "  then scrolled to its top:", 0.0);
      measure_scroll (window, "  then scrolled to its middle:", 0.5);
    }

  for (guint i = 0; i < results->len; i++)
    {
      worst = MAX (worst, g_array_index (results, Result, i).longest_loop_ms);
      worst_cpu = MAX (worst_cpu, g_array_index (results, Result, i).longest_cpu_ms);
      long_gaps += g_array_index (results, Result, i).long_gaps;
    }
  g_print ("  longest gap of all: %.1f ms, of which %.1f ms main-thread CPU (goal: < 100 ms); %u gaps > %d ms; total %.1f s\n",
           worst, worst_cpu, long_gaps, LONG_GAP_MS, (confab_bench_now_ms () - started) / 1000);

  gtk_window_destroy (GTK_WINDOW (window));
  g_main_loop_quit (server.loop);
  g_main_context_wakeup (server.context);
  g_thread_join (thread);
  g_array_unref (results);

  return 0;
}
