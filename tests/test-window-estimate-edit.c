/* test-window-estimate-edit.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The composer's estimate in the real window while a sent prompt is
 * edited: it counts what the new version's request carries, the history
 * before that prompt, not the whole chat; and what its popover says
 * when there is no text yet.
 */

#include "config.h"

#include <adwaita.h>

#include "confab-estimate.h"
#include "confab-test-ui.h"
#include "confab-test-window.h"

/* An answer counted with @prompt input and @completion output tokens. */
static void
queue_answer (ConfabTestWindow *fixture,
              const char       *text,
              int               prompt,
              int               completion)
{
  g_autofree char *body =
    g_strdup_printf ("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"%s\"},"
                     "\"finish_reason\":\"stop\"}],"
                     "\"usage\":{\"prompt_tokens\":%d,\"completion_tokens\":%d,\"total_tokens\":%d}}",
                     text, prompt, completion, prompt + completion);

  confab_test_server_queue_response (fixture->server, 200, "application/json", body);
}

static void
send_and_wait (ConfabTestWindow *fixture,
               const char       *text)
{
  confab_test_window_send_prompt (fixture, text);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
}

typedef struct
{
  ConfabComposer *composer;
  gint64          counted;
  gint64          framing;
  gint64          text;
} EstimateWait;

/* Whether the composer's estimate is made of these parts; the parts,
 * not the total, which the correction learnt from the answers changes.
 */
static gboolean
estimate_is (gpointer data)
{
  EstimateWait *wait = data;
  ConfabEstimate estimate;

  return confab_composer_get_estimate (wait->composer, &estimate, NULL) &&
         estimate.counted == wait->counted &&
         estimate.framing == wait->framing &&
         estimate.text == wait->text;
}

static void
assert_estimate (ConfabTestWindow *fixture,
                 gint64            counted,
                 gint64            framing,
                 gint64            text)
{
  EstimateWait wait = { fixture->composer, counted, framing, text };
  ConfabEstimate estimate = { -1, -1, -1 };

  /* The composer estimates the text it is given at once when asked. */
  confab_composer_get_estimate (fixture->composer, &estimate, NULL);
  g_test_message ("Estimate: %" G_GINT64_FORMAT " counted, %" G_GINT64_FORMAT " framing, %" G_GINT64_FORMAT " text",
                  estimate.counted, estimate.framing, estimate.text);
  g_assert_true (estimate_is (&wait));
}

static void
edit (ConfabTestWindow *fixture,
      guint             position)
{
  ConfabMessageRow *row = confab_test_window_wait_for_row (fixture, confab_test_window_get_message (fixture, position));

  gtk_widget_activate_action (GTK_WIDGET (row), "message.edit", NULL);
  g_assert_true (confab_composer_get_editing (fixture->composer));
}

/* Two exchanges, counted 20 + 4 and 50 + 6 tokens.  Editing the second
 * prompt estimates the history before it: the first answer's counts,
 * the end of its turn (2) and the text with its framing (5), not the
 * second answer's counts.  Cancel, and Send, bring back the estimate of
 * the whole chat; the answer to the new version keeps the estimate of
 * its own request.
 */
static void
test_estimate_edit_history (ConfabTestWindow *fixture,
                            gconstpointer     data)
{
  ConfabEstimate estimate;
  ConfabMessage *answer;
  double ratio;

  queue_answer (fixture, "A1", 20, 4);
  send_and_wait (fixture, "P1");
  queue_answer (fixture, "A2", 50, 6);
  send_and_wait (fixture, "P2");
  assert_estimate (fixture, 56, 2, 0);

  /* "P2" is two tokens: a letter and a digit. */
  edit (fixture, 2);
  assert_estimate (fixture, 24, 2 + CONFAB_ESTIMATE_MESSAGE_OVERHEAD, 2);
  confab_composer_set_text (fixture->composer, "P2 and more");
  assert_estimate (fixture, 24, 2 + CONFAB_ESTIMATE_MESSAGE_OVERHEAD, 4);

  /* Cancel: the whole chat again, with nothing typed. */
  g_signal_emit_by_name (confab_test_find_widget (GTK_WIDGET (fixture->composer), GTK_TYPE_BUTTON, "composer-cancel-edit"), "clicked");
  g_assert_false (confab_composer_get_editing (fixture->composer));
  assert_estimate (fixture, 56, 2, 0);

  /* The first prompt: no history but the request's framing. */
  edit (fixture, 0);
  assert_estimate (fixture, 0, CONFAB_ESTIMATE_REQUEST_OVERHEAD + CONFAB_ESTIMATE_MESSAGE_OVERHEAD, 2);
  g_signal_emit_by_name (confab_test_find_widget (GTK_WIDGET (fixture->composer), GTK_TYPE_BUTTON, "composer-cancel-edit"), "clicked");

  /* Send a new version of the second: its answer keeps the estimate of
   * the request that was sent, and then the chat's new branch is
   * estimated.
   */
  edit (fixture, 2);
  confab_composer_set_text (fixture->composer, "P2b");
  g_assert_true (confab_composer_get_estimate (fixture->composer, &estimate, &ratio));
  g_assert_cmpint (estimate.counted, ==, 24);
  queue_answer (fixture, "A2b", 30, 3);
  send_and_wait (fixture, "P2b");
  g_assert_false (confab_composer_get_editing (fixture->composer));
  answer = confab_test_window_get_message (fixture, 3);
  g_assert_cmpstr (confab_message_get_content (answer), ==, "A2b");
  g_assert_cmpuint (confab_message_get_version (confab_test_window_get_message (fixture, 2)), ==, 2);
  g_assert_cmpint (confab_message_get_estimated_input_tokens (answer), ==,
                   confab_estimate_get_tokens (&estimate, ratio));
  assert_estimate (fixture, 33, 2, 0);
}

/* With nothing typed, the popover names the tokens beyond the count for
 * what they are: the request's framing, not text.
 */
static void
test_estimate_edit_no_text (ConfabTestWindow *fixture,
                            gconstpointer     data)
{
  GtkWidget *details = confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LABEL, "composer-estimate-details");
  const char *text;

  queue_answer (fixture, "A1", 20, 4);
  send_and_wait (fixture, "P1");
  assert_estimate (fixture, 24, 2, 0);

  text = gtk_label_get_text (GTK_LABEL (details));
  g_test_message ("%s", text);
  g_assert_null (strstr (text, "text not counted yet"));
  g_assert_nonnull (strstr (text, "Estimated: 2 tokens for the request’s framing"));

  /* With text, the estimate of the text is said. */
  confab_composer_set_text (fixture->composer, "Tell me more");
  assert_estimate (fixture, 24, 2 + CONFAB_ESTIMATE_MESSAGE_OVERHEAD, 3);
  text = gtk_label_get_text (GTK_LABEL (details));
  g_assert_nonnull (strstr (text, "tokens for the text not counted yet"));
}

int
main (int   argc,
      char *argv[])
{
  /* The tests read the English popover. */
  g_setenv ("LANGUAGE", "C", TRUE);
  confab_test_window_init (&argc, &argv);

  confab_test_window_add ("/window-estimate-edit/history", NULL, test_estimate_edit_history);
  confab_test_window_add ("/window-estimate-edit/no-text", NULL, test_estimate_edit_no_text);

  return confab_test_window_run ();
}
