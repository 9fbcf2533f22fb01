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

#include "confab-sidebar.h"
#include "confab-test-ui.h"
#include "confab-test-window.h"

typedef ConfabTestWindow Fixture;

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
  queue_answer (fixture, answer);
  confab_test_window_send_prompt (fixture, text);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
}

/* The contents shown, joined by spaces. */
static char *
shown (Fixture *fixture)
{
  GListModel *model = G_LIST_MODEL (confab_window_get_conversation (fixture->window));
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " " : "",
                            confab_message_get_content (confab_test_window_get_message (fixture, i)));

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
wait_for_row (Fixture *fixture,
              guint    position)
{
  return GTK_WIDGET (confab_test_window_wait_for_row (fixture, confab_test_window_get_message (fixture, position)));
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
shows_four (gpointer fixture)
{
  return confab_test_window_get_n_messages (fixture) == 4;
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
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  assert_text (shown (fixture), "P1 A1b");
  assert_text (last_sent (fixture), "P1");
  regenerated_id = confab_message_get_id (confab_test_window_get_message (fixture, 1));

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
  g_assert_cmpuint (confab_message_get_n_versions (confab_test_window_get_message (fixture, 2)), ==, 1);
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
  confab_test_window_reopen (fixture);
  confab_test_run_until (shows_four, fixture);
  wait_for_switcher (fixture, 2, "2/2");
  assert_text (shown (fixture), "P1 A1 P2b A2b");
  wait_for_switcher (fixture, 1, "1/2");

  /* A search hit in the other branch opens the chat on that branch. */
  chat_id = confab_exchanges_get_conversation_id (confab_application_get_exchanges (fixture->app),
                                                  confab_window_get_conversation (fixture->window));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-chat", NULL);
  g_signal_emit_by_name (confab_test_find_widget (GTK_WIDGET (fixture->window), CONFAB_TYPE_SIDEBAR, NULL),
                         "message-activated", chat_id, regenerated_id);
  confab_test_run_until (confab_test_window_conversation_has_two, fixture);
  assert_text (shown (fixture), "P1 A1b");
  wait_for_switcher (fixture, 1, "2/2");
}

int
main (int   argc,
      char *argv[])
{
  confab_test_window_init (&argc, &argv);

  confab_test_window_add ("/window-branches/regenerate-and-edit", NULL, test_branches);

  return confab_test_window_run ();
}
