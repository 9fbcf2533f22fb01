/* test-window-branches.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Versions in the real window: Regenerate on an earlier answer, Edit on
 * an earlier prompt, the ‹ 2/3 › switcher on both, the requests they
 * send, and the chat reopened on the branch last shown.
 */

#include "config.h"

#include <adwaita.h>

#include "confab-application.h"
#include "confab-composer.h"
#include "confab-message-row.h"
#include "confab-sidebar.h"
#include "confab-test-server.h"
#include "confab-test-ui.h"
#include "confab-window.h"

static ConfabApplication *app;

typedef struct
{
  ConfabTestServer *server;
  ConfabWindow     *window;
  ConfabComposer   *composer;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GSettings *settings = confab_application_get_settings (app);

  fixture->server = confab_test_server_new ();
  confab_store_set_last_conversation (confab_application_get_store (app), 0, NULL);
  g_settings_set_string (settings, "base-url", confab_test_server_get_base_url (fixture->server));
  g_settings_set_string (settings, "api-key", "test-key-123");

  fixture->window = confab_window_new (app);
  gtk_window_present (GTK_WINDOW (fixture->window));
  confab_test_run_until (confab_test_widget_is_mapped, fixture->window);
  fixture->composer = CONFAB_COMPOSER (confab_test_find_widget (GTK_WIDGET (fixture->window), CONFAB_TYPE_COMPOSER, NULL));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  confab_exchanges_stop_all (confab_application_get_exchanges (app));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->server);
}

static gboolean
window_is_idle (gpointer data)
{
  return !confab_window_get_busy (data);
}

static void
queue_answer (Fixture    *fixture,
              const char *text)
{
  g_autofree char *body =
    g_strdup_printf ("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"%s\"},"
                     "\"finish_reason\":\"stop\"}],"
                     "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}",
                     text);

  confab_test_server_queue_response (fixture->server, 200, "application/json", body);
}

static void
send_prompt (Fixture    *fixture,
             const char *text,
             const char *answer)
{
  static guint32 time = 1000;

  queue_answer (fixture, answer);
  confab_composer_set_text (fixture->composer, text);
  g_assert_true (confab_composer_handle_enter (fixture->composer, 0, time++));
  confab_test_run_until (window_is_idle, fixture->window);
}

static ConfabMessage *
get_message (Fixture *fixture,
             guint    position)
{
  GListModel *model = G_LIST_MODEL (confab_window_get_conversation (fixture->window));
  ConfabMessage *message = g_list_model_get_item (model, position);

  g_object_unref (message);

  return message;
}

/* The contents shown, joined by spaces. */
static char *
shown (Fixture *fixture)
{
  GListModel *model = G_LIST_MODEL (confab_window_get_conversation (fixture->window));
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " " : "",
                            confab_message_get_content (get_message (fixture, i)));

  return g_string_free (text, FALSE);
}

/* The contents of the messages of the last request, joined by spaces. */
static char *
last_sent (Fixture *fixture)
{
  guint n = confab_test_server_get_n_requests (fixture->server);
  g_autoptr(JsonNode) body = confab_test_request_parse_json (confab_test_server_get_request (fixture->server, n - 1));
  JsonArray *messages = json_object_get_array_member (json_node_get_object (body), "messages");
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (messages); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " " : "",
                            json_object_get_string_member (json_array_get_object_element (messages, i), "content"));

  return g_string_free (text, FALSE);
}

#define assert_text(call, expected) \
  G_STMT_START { g_autofree char *text_ = (call); g_assert_cmpstr (text_, ==, (expected)); } G_STMT_END

static GtkWidget *
find_row (GtkWidget     *root,
          ConfabMessage *message)
{
  if (CONFAB_IS_MESSAGE_ROW (root) &&
      confab_message_row_get_message (CONFAB_MESSAGE_ROW (root)) == message &&
      gtk_widget_get_mapped (root))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, message);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  Fixture       *fixture;
  ConfabMessage *message;
  GtkWidget     *row;
} RowWait;

static gboolean
row_is_shown (gpointer data)
{
  RowWait *wait = data;

  wait->row = find_row (GTK_WIDGET (wait->fixture->window), wait->message);

  return wait->row != NULL;
}

static GtkWidget *
wait_for_row (Fixture *fixture,
              guint    position)
{
  RowWait wait = { fixture, get_message (fixture, position), NULL };

  confab_test_run_until (row_is_shown, &wait);

  return wait.row;
}

typedef struct
{
  GtkWidget  *row;
  const char *label;
} SwitcherWait;

/* Whether @row shows its switcher with @label: "" for no switcher. */
static gboolean
switcher_shows (gpointer data)
{
  SwitcherWait *wait = data;
  GtkWidget *switcher = confab_test_find_widget (wait->row, G_TYPE_INVALID, "version-switcher");
  GtkWidget *label = confab_test_find_widget (switcher, GTK_TYPE_LABEL, "version-label");

  if (*wait->label == '\0')
    return !gtk_widget_get_mapped (switcher);

  return gtk_widget_get_mapped (switcher) &&
         g_str_equal (gtk_label_get_text (GTK_LABEL (label)), wait->label);
}

static GtkWidget *
wait_for_switcher (Fixture    *fixture,
                   guint       position,
                   const char *label)
{
  SwitcherWait wait = { wait_for_row (fixture, position), label };

  confab_test_run_until (switcher_shows, &wait);

  return confab_test_find_widget (wait.row, G_TYPE_INVALID, "version-switcher");
}

static void
click (GtkWidget  *switcher,
       const char *name)
{
  GtkWidget *button = confab_test_find_widget (switcher, GTK_TYPE_BUTTON, name);

  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
shows_two (gpointer window)
{
  ConfabConversation *conversation = confab_window_get_conversation (window);

  return conversation != NULL && g_list_model_get_n_items (G_LIST_MODEL (conversation)) == 2;
}

static gboolean
shows_four (gpointer window)
{
  ConfabConversation *conversation = confab_window_get_conversation (window);

  return conversation != NULL && g_list_model_get_n_items (G_LIST_MODEL (conversation)) == 4;
}

/* Regenerate on the first of two answers, then Edit on the second
 * prompt of the first branch: each is a new version, sent with the
 * history of its branch alone, and the switchers go from one branch to
 * the other.  The chat opens again on the branch last shown.
 */
static void
test_branches (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *switcher;
  GtkWidget *row;
  gint64 chat_id;
  gint64 regenerated_id;
  guint n_requests;

  send_prompt (fixture, "P1", "A1");
  send_prompt (fixture, "P2", "A2");
  switcher = wait_for_switcher (fixture, 1, "");

  /* Regenerate the first answer: the second exchange is set aside. */
  queue_answer (fixture, "A1b");
  row = wait_for_row (fixture, 1);
  gtk_widget_activate_action (row, "message.regenerate", NULL);
  confab_test_run_until (window_is_idle, fixture->window);
  assert_text (shown (fixture), "P1 A1b");
  assert_text (last_sent (fixture), "P1");
  regenerated_id = confab_message_get_id (get_message (fixture, 1));

  /* ‹ 2/2 ›: back to the first, with what followed it. */
  switcher = wait_for_switcher (fixture, 1, "2/2");
  g_assert_false (gtk_widget_is_sensitive (confab_test_find_widget (switcher, GTK_TYPE_BUTTON, "next-version-button")));
  click (switcher, "previous-version-button");
  assert_text (shown (fixture), "P1 A1 P2 A2");
  wait_for_switcher (fixture, 1, "1/2");

  /* Edit the second prompt: the composer says it is editing, and
   * Cancel leaves everything as it was...
   */
  row = wait_for_row (fixture, 2);
  n_requests = confab_test_server_get_n_requests (fixture->server);
  gtk_widget_activate_action (row, "message.edit", NULL);
  g_assert_true (confab_composer_get_editing (fixture->composer));
  g_assert_true (gtk_widget_get_visible (confab_test_find_widget (GTK_WIDGET (fixture->composer), G_TYPE_INVALID, "composer-editing")));
  assert_text (confab_composer_get_text (fixture->composer), "P2");
  g_signal_emit_by_name (confab_test_find_widget (GTK_WIDGET (fixture->composer), GTK_TYPE_BUTTON, "composer-cancel-edit"), "clicked");
  g_assert_false (confab_composer_get_editing (fixture->composer));
  assert_text (confab_composer_get_text (fixture->composer), "");
  assert_text (shown (fixture), "P1 A1 P2 A2");
  g_assert_cmpuint (confab_message_get_n_versions (get_message (fixture, 2)), ==, 1);
  g_assert_cmpuint (confab_test_server_get_n_requests (fixture->server), ==, n_requests);

  /* ...and what is sent instead is a new version: no question asked. */
  row = wait_for_row (fixture, 2);
  gtk_widget_activate_action (row, "message.edit", NULL);
  assert_text (shown (fixture), "P1 A1 P2 A2");
  assert_text (confab_composer_get_text (fixture->composer), "P2");
  send_prompt (fixture, "P2b", "A2b");
  g_assert_false (confab_composer_get_editing (fixture->composer));
  assert_text (shown (fixture), "P1 A1 P2b A2b");
  assert_text (last_sent (fixture), "P1 A1 P2b");
  switcher = wait_for_switcher (fixture, 2, "2/2");
  click (switcher, "previous-version-button");
  assert_text (shown (fixture), "P1 A1 P2 A2");
  switcher = wait_for_switcher (fixture, 2, "1/2");
  click (switcher, "next-version-button");
  assert_text (shown (fixture), "P1 A1 P2b A2b");

  /* Every answer counts in the chat's total. */
  g_assert_cmpuint (confab_conversation_get_n_answers (confab_window_get_conversation (fixture->window)), ==, 4);

  /* Opened again: the branch last shown. */
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = confab_window_new (app);
  gtk_window_present (GTK_WINDOW (fixture->window));
  confab_test_run_until (shows_four, fixture->window);
  wait_for_switcher (fixture, 2, "2/2");
  assert_text (shown (fixture), "P1 A1 P2b A2b");
  wait_for_switcher (fixture, 1, "1/2");

  /* A search hit in the other branch opens the chat on that branch. */
  chat_id = confab_exchanges_get_conversation_id (confab_application_get_exchanges (app),
                                                  confab_window_get_conversation (fixture->window));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-chat", NULL);
  g_signal_emit_by_name (confab_test_find_widget (GTK_WIDGET (fixture->window), CONFAB_TYPE_SIDEBAR, NULL),
                         "message-activated", chat_id, regenerated_id);
  confab_test_run_until (shows_two, fixture->window);
  assert_text (shown (fixture), "P1 A1b");
  wait_for_switcher (fixture, 1, "2/2");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("confab-test-branches-XXXXXX", NULL);
  int status;

  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  confab_test_ui_init (&argc, &argv);
  adw_init ();

  app = confab_application_new ("io.github.confabapp.Confab.Test", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/window-branches/regenerate-and-edit", Fixture, NULL, fixture_set_up, test_branches, fixture_tear_down);

  status = g_test_run ();

  g_clear_object (&app);
  confab_test_remove_tree (data_home);

  return status;
}
