/* confab-test-window.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the tests of the real window share; see confab-test-window.h.
 */

#include "config.h"

#include <execinfo.h>
#include <signal.h>
#include <unistd.h>

#include "confab-markdown-view.h"
#include "confab-test-fixtures.h"
#include "confab-test-ui.h"
#include "confab-test-window.h"

/* One application for every test: it can be registered only once. */
static ConfabApplication *app;
/* The binary's own history, let go when the tests are done. */
static char *data_home;
/* What a test file adds to every set-up; see confab_test_window_set_prepare(). */
static ConfabTestWindowFunc prepare;

static void
fixture_set_up (ConfabTestWindow *fixture,
                gconstpointer     data)
{
  GSettings *settings;

  fixture->server = confab_test_server_new ();
  fixture->app = g_object_ref (app);

  /* Every test starts with a new chat, not with the last test's. */
  confab_store_set_last_conversation (confab_application_get_store (app), 0, NULL);

  settings = confab_application_get_settings (fixture->app);
  g_settings_reset (settings, "system-prompt");
  g_settings_reset (settings, "model");
  g_settings_reset (settings, "send-key");
  g_settings_reset (settings, "model-prices");
  /* Estimates start uncorrected, whatever earlier tests taught. */
  confab_estimator_forget (confab_application_get_estimator (fixture->app), NULL);
  g_settings_set_string (settings, "base-url", confab_test_server_get_base_url (fixture->server));
  g_settings_set_string (settings, "api-key", data ? data : CONFAB_TEST_WINDOW_KEY);
  if (prepare != NULL)
    prepare (fixture, data);

  confab_test_window_open (fixture);
}

static void
fixture_tear_down (ConfabTestWindow *fixture,
                   gconstpointer     data)
{
  /* Answers are the application's: none goes on into the next test. */
  confab_exchanges_stop_all (confab_application_get_exchanges (fixture->app));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->app);
  g_clear_object (&fixture->server);
}

/* The list view makes rows at layout time, so wait for @message's. */
static gboolean
row_is_shown (gpointer data)
{
  gpointer *args = data;

  args[2] = confab_test_window_find_row (args[0], args[1]);

  return args[2] != NULL;
}

typedef struct
{
  ConfabMessage *message;
  const char    *content;
} ContentWait;

static gboolean
has_content (gpointer data)
{
  ContentWait *wait = data;

  return g_str_equal (confab_message_get_content (wait->message), wait->content);
}

/* A crash in a window test says where it was: meson's log would show
 * only "killed by signal 11" (as /window/undo-delete did, twice).  Only
 * async-signal-safe calls; backtrace() was called once before, so that
 * it needs no loading here.  The binaries export their symbols
 * (--export-dynamic), so Confab's functions are named.
 */
static void
crash_cb (int signum)
{
  static const char header[] = "# Crashed; the stack, innermost first:\n";
  void *frames[64];
  int n_frames = backtrace (frames, G_N_ELEMENTS (frames));

  if (write (STDERR_FILENO, header, sizeof header - 1) > 0)
    backtrace_symbols_fd (frames, n_frames, STDERR_FILENO);

  raise (signum);
}

static void
print_stack_on_crash (void)
{
  static const int signums[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL };
  struct sigaction action = { 0 };
  void *frame;

  backtrace (&frame, 1);
  action.sa_handler = crash_cb;
  action.sa_flags = SA_RESETHAND | SA_NODEFER;
  sigemptyset (&action.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS (signums); i++)
    sigaction (signums[i], &action, NULL);
}

/* Sets up what every window test needs: a history of the binary's own
 * (a damaged one under CONFAB_TEST_DAMAGED_HISTORY, for
 * /window/no-history), GTK, libadwaita, the registered application, and
 * a stack printed on a crash.
 */
void
confab_test_window_init (int    *argcp,
                         char ***argvp)
{
  g_autoptr(GError) error = NULL;

  print_stack_on_crash ();
  data_home = g_dir_make_tmp ("confab-test-window-XXXXXX", NULL);

  /* The history goes to a database of the test's own. */
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  {
    g_autofree char *cache_home = g_build_filename (data_home, "cache", NULL);

    /* So is the list of models. */
    g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  }
  if (g_getenv ("CONFAB_TEST_DAMAGED_HISTORY") != NULL)
    {
      g_autofree char *dir = g_build_filename (data_home, "confab", NULL);
      g_autofree char *path = g_build_filename (dir, "confab.db", NULL);
      g_autofree char *garbage = g_strnfill (8192, 'x');

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_assert_true (g_file_set_contents (path, garbage, -1, NULL));
    }

  confab_test_ui_init (argcp, argvp);
  adw_init ();

  app = confab_application_new ("io.github.confabapp.Confab.Test", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (confab_application_get_store (app) != NULL ||
                 g_getenv ("CONFAB_TEST_DAMAGED_HISTORY") != NULL);
}

/* Runs the tests added and lets the application go. */
int
confab_test_window_run (void)
{
  int status = g_test_run ();

  g_clear_object (&app);
  confab_test_remove_tree (data_home);
  g_clear_pointer (&data_home, g_free);

  return status;
}

ConfabApplication *
confab_test_window_get_app (void)
{
  return app;
}

/* Sets @func to be called in the set-up of every test added, after the
 * settings are reset to what a test starts from and before the window
 * is made: for the settings a test file needs (a model, a chat's
 * parameters), so that its tests need no set-up of their own.
 */
void
confab_test_window_set_prepare (ConfabTestWindowFunc func)
{
  prepare = func;
}

/* Adds the test @func at @path, with a new window on a new scripted
 * server; @data is the API key, or NULL for CONFAB_TEST_WINDOW_KEY.
 */
void
confab_test_window_add (const char           *path,
                        gconstpointer         data,
                        ConfabTestWindowFunc  func)
{
  g_test_add_vtable (path, sizeof (ConfabTestWindow), data,
                     (GTestFixtureFunc) fixture_set_up,
                     (GTestFixtureFunc) func,
                     (GTestFixtureFunc) fixture_tear_down);
}

/* The text a row's named text view shows; for the answer, the Markdown
 * its view renders.
 */
char *
confab_test_window_dup_view_text (ConfabMessageRow *row,
                                  const char       *name)
{
  GtkWidget *view = confab_test_find_widget (GTK_WIDGET (row), G_TYPE_INVALID, name);
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_assert_nonnull (view);
  if (CONFAB_IS_MARKDOWN_VIEW (view))
    return g_strdup (confab_markdown_view_get_source (CONFAB_MARKDOWN_VIEW (view)));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

char *
confab_test_window_dup_clipboard_text (GtkWidget *widget)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *text;

  gdk_clipboard_read_text_async (clipboard, NULL, confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  text = gdk_clipboard_read_text_finish (clipboard, result, &error);
  g_assert_no_error (error);

  return text;
}

/* Whether the ConfabTestViewWait at @data is met. */
gboolean
confab_test_window_view_shows (gpointer data)
{
  ConfabTestViewWait *wait = data;
  g_autofree char *text = confab_test_window_dup_view_text (wait->row, wait->name);

  return g_str_equal (text, wait->text);
}

/* The scrolled window of @fixture's chat, that shows its messages. */
GtkWidget *
confab_test_window_get_chat_view (ConfabTestWindow *fixture)
{
  GtkWidget *list = confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LIST_VIEW, "message-list");

  g_assert_nonnull (list);

  return gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
}

/* The mapped row of @message under @root, if any. */
GtkWidget *
confab_test_window_find_row (GtkWidget     *root,
                             ConfabMessage *message)
{
  if (CONFAB_IS_MESSAGE_ROW (root) &&
      confab_message_row_get_message (CONFAB_MESSAGE_ROW (root)) == message &&
      gtk_widget_get_mapped (root))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = confab_test_window_find_row (child, message);

      if (found != NULL)
        return found;
    }

  return NULL;
}

ConfabMessageRow *
confab_test_window_wait_for_row (ConfabTestWindow *fixture,
                                 ConfabMessage    *message)
{
  gpointer args[3] = { fixture->window, message, NULL };

  confab_test_run_until (row_is_shown, args);

  return args[2];
}

gboolean
confab_test_window_message_is_done (gpointer message)
{
  return confab_message_get_state (message) != CONFAB_MESSAGE_STATE_PENDING;
}

gboolean
confab_test_window_is_idle (gpointer window)
{
  return !confab_window_get_busy (window);
}

ConfabMessage *
confab_test_window_get_message (ConfabTestWindow *fixture,
                                guint             position)
{
  GListModel *model = G_LIST_MODEL (confab_window_get_conversation (fixture->window));
  ConfabMessage *message = g_list_model_get_item (model, position);

  g_object_unref (message);

  return message;
}

/* The number of messages shown; 0 while the window has no chat. */
guint
confab_test_window_get_n_messages (ConfabTestWindow *fixture)
{
  ConfabConversation *conversation = confab_window_get_conversation (fixture->window);

  return conversation != NULL ? g_list_model_get_n_items (G_LIST_MODEL (conversation)) : 0;
}

/* Types @text and presses Enter, as the key handler sees it. */
void
confab_test_window_send_prompt (ConfabTestWindow *fixture,
                                const char       *text)
{
  static guint32 time = 1000;

  confab_composer_set_text (fixture->composer, text);
  g_assert_true (confab_composer_handle_enter (fixture->composer, 0, time++));
}

/* Closes the window and opens a new one, as the person would. */
void
confab_test_window_reopen (ConfabTestWindow *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  confab_test_window_open (fixture);
}

/**
 * confab_test_window_open:
 * @fixture: a fixture whose window is gone, or not made yet
 *
 * Opens a new main window as the fixture's and waits until it shows.
 */
void
confab_test_window_open (ConfabTestWindow *fixture)
{
  fixture->window = confab_window_new (fixture->app);
  gtk_window_present (GTK_WINDOW (fixture->window));
  confab_test_run_until (confab_test_widget_is_mapped, fixture->window);

  fixture->composer = CONFAB_COMPOSER (confab_test_find_widget (GTK_WIDGET (fixture->window), CONFAB_TYPE_COMPOSER, NULL));
  g_assert_nonnull (fixture->composer);
}

void
confab_test_window_wait_for_content (ConfabMessage *message,
                                     const char    *content)
{
  ContentWait wait = { message, content };

  confab_test_run_until (has_content, &wait);
}

gboolean
confab_test_window_response_is_closed (gpointer data)
{
  return confab_test_response_get_closed (data);
}

gint64
confab_test_window_get_newest_id (ConfabTestWindow *fixture)
{
  GListModel *conversations = confab_store_get_conversations (confab_application_get_store (fixture->app));
  g_autoptr(ConfabConversationInfo) info = g_list_model_get_item (conversations, 0);

  return confab_conversation_info_get_id (info);
}

gboolean
confab_test_window_conversation_has_two (gpointer data)
{
  ConfabTestWindow *fixture = data;

  return confab_test_window_get_n_messages (fixture) == 2;
}

gboolean
confab_test_window_conversation_has_messages (gpointer data)
{
  ConfabTestWindow *fixture = data;

  return confab_test_window_get_n_messages (fixture) > 0;
}
