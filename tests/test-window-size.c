/* test-window-size.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window and the Usage window at their smallest size: their
 * content gets the size it is made for (the width-request and
 * height-request of their .ui files), whatever GTK keeps of it for the
 * window's frame (10 px each way on X11, with GTK 4.8 as with 4.24:
 * 350 × 284 of 360 × 294); a chat fits there, and Preferences open over
 * it without a warning (libadwaita 1.10 warned).
 */

#include "config.h"

#include <adwaita.h>

#include "confab-application.h"
#include "confab-composer.h"
#include "confab-preferences-window.h"
#include "confab-test-fixtures.h"
#include "confab-test-ui.h"
#include "confab-test-window.h"
#include "confab-usage-window.h"
#include "confab-window.h"

/* confab-window.ui and confab-usage-window.ui. */
#define SMALLEST_WIDTH  360
#define SMALLEST_HEIGHT 294

static gboolean
content_is_full_size (gpointer content)
{
  return gtk_widget_get_width (content) >= SMALLEST_WIDTH &&
         gtk_widget_get_height (content) >= SMALLEST_HEIGHT;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the main context until @condition (if any) holds or
 * @deadline, on the monotonic clock, has passed.
 */
static void
spin_until (ConfabTestConditionFunc condition,
            gpointer                data,
            gint64                  deadline)
{
  guint wake = g_timeout_add (10, wake_cb, NULL);

  while ((condition == NULL || !condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

/* Spins the main context until @condition holds, or for half the
 * tests' longest wait (10 s, more where waits are scaled): the caller
 * then asserts what it waited for.  GTK lays a window out again once
 * its smallest size grew, and the chat slides in; on a busy machine
 * that takes a few seconds (the first text drawn loads the fonts), not
 * forever.  A 10 s wait once gave up before the window had grown: an
 * ASan build on GTK 4.24, at low priority beside a CI run.
 */
static void
wait_a_while_for (ConfabTestConditionFunc condition,
                  gpointer                data)
{
  spin_until (condition, data, g_get_monotonic_time () + confab_test_wait_seconds () * G_USEC_PER_SEC / 2);
}

/* Runs the main loop for @ms milliseconds. */
static void
run_for (guint ms)
{
  spin_until (NULL, NULL, g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND);
}

/* @window, opened at its smallest size, gives @content all of it. */
static void
assert_content_full_size (GtkWindow *window,
                          GtkWidget *content)
{
  int request_width, request_height;

  confab_test_run_until (confab_test_widget_is_mapped, window);
  wait_a_while_for (content_is_full_size, content);

  gtk_widget_get_size_request (GTK_WIDGET (window), &request_width, &request_height);
  g_test_message ("%s: %d × %d, its content %d × %d (smallest size asked: %d × %d)",
                  G_OBJECT_TYPE_NAME (window),
                  gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)),
                  gtk_widget_get_width (content), gtk_widget_get_height (content),
                  request_width, request_height);
  g_assert_cmpint (gtk_widget_get_width (content), >=, SMALLEST_WIDTH);
  g_assert_cmpint (gtk_widget_get_height (content), >=, SMALLEST_HEIGHT);
}

/* Whether @widget lies within @content, whole. */
static gboolean
is_inside (GtkWidget       *widget,
           GtkWidget       *content,
           graphene_rect_t *bounds)
{
  return gtk_widget_get_mapped (widget) &&
         gtk_widget_compute_bounds (widget, content, bounds) &&
         bounds->size.width > 0 && bounds->size.height > 0 &&
         bounds->origin.x >= 0 && bounds->origin.y >= 0 &&
         bounds->origin.x + bounds->size.width <= gtk_widget_get_width (content) &&
         bounds->origin.y + bounds->size.height <= gtk_widget_get_height (content);
}

typedef struct
{
  GtkWidget *row;
  GtkWidget *composer;
  GtkWidget *content;
} ChatWait;

static gboolean
chat_fits (gpointer data)
{
  ChatWait *wait = data;
  graphene_rect_t bounds;

  return is_inside (wait->composer, wait->content, &bounds) &&
         gtk_widget_get_mapped (wait->row) && gtk_widget_get_width (wait->row) > 0 &&
         gtk_widget_compute_bounds (wait->row, wait->content, &bounds) &&
         bounds.origin.x >= 0 && bounds.origin.x + bounds.size.width <= gtk_widget_get_width (wait->content);
}

/* @widget lies within @content, whole. */
static void
assert_inside (GtkWidget *widget,
               GtkWidget *content)
{
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  gboolean inside = is_inside (widget, content, &bounds);

  g_test_message ("%s: %g, %g, %g × %g", G_OBJECT_TYPE_NAME (widget),
                  bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height);
  g_assert_true (inside);
}

static void
prepare (ConfabTestWindow *fixture,
         gconstpointer     data)
{
  GSettings *settings = confab_application_get_settings (fixture->app);

  /* As the window was left at its smallest. */
  g_settings_set_int (settings, "window-width", SMALLEST_WIDTH);
  g_settings_set_int (settings, "window-height", SMALLEST_HEIGHT);
  g_settings_set_boolean (settings, "window-maximized", FALSE);
}

/* The main window, with a chat and its answer, and Preferences over it
 * (a bottom sheet as wide as the window, from libadwaita 1.5 on: 1.10
 * warns, fatally in the stack lanes, when the window gives it less).
 */
static void
test_main_window (ConfabTestWindow *fixture,
                  gconstpointer     data)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (fixture->window));
  GSettings *settings = confab_application_get_settings (fixture->app);
  ConfabPreferencesWindow *preferences;
  ConfabMessage *answer;
  graphene_rect_t bounds;
  GtkWidget *list;
  GtkWidget *row;

  assert_content_full_size (GTK_WINDOW (fixture->window), content);

  /* A new chat, as Ctrl+N starts it: narrow, from libadwaita 1.4 on,
   * the window opens on the list of chats.
   */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-chat", NULL);
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_window_send_prompt (fixture, "Hello, introduce yourself");
  answer = confab_test_window_get_message (fixture, 1);
  confab_test_run_until (confab_test_window_message_is_done, answer);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  row = GTK_WIDGET (confab_test_window_wait_for_row (fixture, answer));

  /* The chat fits, once it has slid in: the answer between the
   * window's edges, the composer whole, and its Send button.
   */
  {
    ChatWait wait = { row, GTK_WIDGET (fixture->composer), content };

    wait_a_while_for (chat_fits, &wait);
  }
  list = confab_test_get_widget (content, GTK_TYPE_LIST_VIEW, "message-list");
  g_test_message ("the chat: %d × %d; the answer %d px wide",
                  gtk_widget_get_width (list), gtk_widget_get_height (list), gtk_widget_get_width (row));
  g_assert_cmpint (gtk_widget_get_height (list), >, 0);
  g_assert_cmpint (gtk_widget_get_width (row), >, 0);
  g_assert_true (gtk_widget_compute_bounds (row, content, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (content));
  assert_inside (GTK_WIDGET (fixture->composer), content);
  assert_inside (confab_test_get_widget (GTK_WIDGET (fixture->composer), GTK_TYPE_BUTTON, "send-button"), content);

  preferences = confab_preferences_window_new (settings, confab_application_get_key_store (fixture->app));
  confab_preferences_window_present (preferences, GTK_WINDOW (fixture->window));
  confab_test_run_until (confab_test_widget_is_mapped, preferences);
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_force_close (ADW_DIALOG (preferences));
#else
  gtk_window_destroy (GTK_WINDOW (preferences));
#endif
}

/* The main window left a little wider than its smallest size, by less
 * than what GTK keeps for its frame: still, the content gets it all.
 */
static void
test_main_window_between (ConfabTestWindow *fixture,
                          gconstpointer     data)
{
  GSettings *settings = confab_application_get_settings (fixture->app);

  g_settings_set_int (settings, "window-width", SMALLEST_WIDTH + 5);
  g_settings_set_int (settings, "window-height", SMALLEST_HEIGHT + 5);
  confab_test_window_reopen (fixture);
  assert_content_full_size (GTK_WINDOW (fixture->window),
                            adw_application_window_get_content (ADW_APPLICATION_WINDOW (fixture->window)));
}

#if ADW_CHECK_VERSION (1, 4, 0)
static gboolean
is_collapsed (gpointer split)
{
  return adw_navigation_split_view_get_collapsed (split);
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}
#endif

/* The window closed as soon as a new chat slid in.  libadwaita ends
 * the split view's change of page from an idle callback that holds no
 * reference to it, which then wrote into freed memory: the split view
 * outlives the window until then.  (Under load, GTK 4.24 crashed
 * later in CSS code or in a dispose, in about one run of
 * /window-size/main-between in seven.)
 */
static void
test_main_window_closed_changing_page (ConfabTestWindow *fixture,
                                       gconstpointer     data)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  GtkWidget *split = confab_test_get_widget (GTK_WIDGET (fixture->window), ADW_TYPE_NAVIGATION_SPLIT_VIEW, NULL);

  /* Narrow, the window shows the list of chats, then the new chat. */
  confab_test_run_until (is_collapsed, split);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-chats", NULL);
  g_assert_false (adw_navigation_split_view_get_show_content (ADW_NAVIGATION_SPLIT_VIEW (split)));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-chat", NULL);
  g_assert_true (adw_navigation_split_view_get_show_content (ADW_NAVIGATION_SPLIT_VIEW (split)));

  g_object_add_weak_pointer (G_OBJECT (split), (gpointer *) &split);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_nonnull (split);
  confab_test_run_until (is_gone, &split);

  confab_test_window_open (fixture);
#else
  g_test_skip ("libadwaita before 1.4 has no AdwNavigationSplitView");
#endif
}

static gboolean
usage_window_is_idle (gpointer window)
{
  return !confab_usage_window_get_loading (window) && confab_usage_window_get_report (window) != NULL;
}

/* The Usage window, made as small as the main window. */
static void
test_usage_window (ConfabTestWindow *fixture,
                   gconstpointer     data)
{
  ConfabApplication *app = fixture->app;
  ConfabUsageWindow *window = confab_usage_window_new (GTK_APPLICATION (app),
                                                       confab_application_get_store (app),
                                                       confab_application_get_store_error (app),
                                                       confab_application_get_pricing (app));

  gtk_window_set_default_size (GTK_WINDOW (window), SMALLEST_WIDTH, SMALLEST_HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  assert_content_full_size (GTK_WINDOW (window), adw_window_get_content (ADW_WINDOW (window)));

  /* Closed once it has read the history, as the other tests do.  (A
   * crash on GTK 4.24 in the period chooser's dispose, when it closed at
   * once, was most likely the freed memory an earlier main window's
   * split view left: see /window-size/main-closed-changing-page.)
   */
  confab_test_run_until (usage_window_is_idle, window);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The Usage window closed as soon as it shows, while it still reads the
 * history, as a person who opened it by mistake does: nothing is left
 * running that outlives it.
 */
static void
test_usage_window_closed_at_once (ConfabTestWindow *fixture,
                                  gconstpointer     data)
{
  ConfabApplication *app = fixture->app;

  for (guint i = 0; i < 5; i++)
    {
      ConfabUsageWindow *window = confab_usage_window_new (GTK_APPLICATION (app),
                                                           confab_application_get_store (app),
                                                           confab_application_get_store_error (app),
                                                           confab_application_get_pricing (app));

      gtk_window_present (GTK_WINDOW (window));
      run_for (i * 20);
      gtk_window_destroy (GTK_WINDOW (window));
    }

  /* What the store reads for the windows gone comes back to nobody. */
  run_for (500);
}

int
main (int   argc,
      char *argv[])
{
  confab_test_window_init (&argc, &argv);
  confab_test_window_set_prepare (prepare);

  confab_test_window_add ("/window-size/main", NULL, test_main_window);
  confab_test_window_add ("/window-size/main-between", NULL, test_main_window_between);
  confab_test_window_add ("/window-size/main-closed-changing-page", NULL, test_main_window_closed_changing_page);
  confab_test_window_add ("/window-size/usage", NULL, test_usage_window);
  confab_test_window_add ("/window-size/usage-closed-at-once", NULL, test_usage_window_closed_at_once);

  return confab_test_window_run ();
}
