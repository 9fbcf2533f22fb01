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
#include "confab-tooltip.h"

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

static gboolean
popover_is_shown (gpointer data)
{
  GtkWidget *contents = gtk_widget_get_first_child (data);
  GdkSurface *surface = gtk_native_get_surface (data);

  return gtk_widget_get_mapped (data) && surface != NULL && gdk_surface_get_mapped (surface) &&
         gtk_widget_get_width (contents) > 0;
}

static gboolean
popover_is_hidden (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

static gboolean
window_is_narrow (gpointer data)
{
  gpointer *args = data;

  /* The default size has the shadows of the window's frame too. */
  return gtk_widget_get_width (args[0]) <= GPOINTER_TO_INT (args[1]);
}

static gboolean
widget_is_allocated (gpointer data)
{
  return gtk_widget_get_width (data) > 0;
}

/* Whether the popover's bubble (its first child, "contents") is shown
 * inside the window, in the window's surface: args are the window, its
 * width asked for, and the popover.
 */
static gboolean
bubble_is_inside (gpointer data)
{
  gpointer *args = data;
  GtkWidget *window = args[0];
  GtkWidget *popover = args[2];
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (popover));
  double window_x, window_y;
  double popover_x, popover_y;
  graphene_rect_t bubble;
  int left, right;

  if (!popover_is_shown (popover))
    return FALSE;

  g_assert_true (GDK_IS_POPUP (surface));
  gtk_native_get_surface_transform (GTK_NATIVE (window), &window_x, &window_y);
  gtk_native_get_surface_transform (GTK_NATIVE (popover), &popover_x, &popover_y);
  g_assert_true (gtk_widget_compute_bounds (gtk_widget_get_first_child (popover), popover, &bubble));
  left = gdk_popup_get_position_x (GDK_POPUP (surface)) + (int) (popover_x + bubble.origin.x);
  right = left + (int) bubble.size.width;
  g_test_message ("Window %d px wide from %d; the popover's bubble from %d to %d",
                  gtk_widget_get_width (window), (int) window_x, left, right);

  return left >= (int) window_x && right <= (int) window_x + gtk_widget_get_width (window);
}

/* Opens the estimate's popover in a window of the default size @width
 * (0 for the default of the settings) and checks that it stays inside
 * the window: on X11 a popover is a window of its own, which nothing
 * keeps inside the window it belongs to.
 */
static void
assert_popover_inside (ConfabTestWindow *fixture,
                       int               width)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *button = confab_test_find_widget (window, GTK_TYPE_MENU_BUTTON, "composer-estimate");
  gpointer args[3] = { window, GINT_TO_POINTER (width), NULL };
  GtkPopover *popover;

  if (width > 0)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), width, 600);
      confab_test_run_until (window_is_narrow, args);
    }

  /* Other tests' windows share the display and take the focus, which
   * closes a popover that hides itself then.
   */
  /* As a person sees it: the window drawn, the button where it is. */
  confab_test_run_until (widget_is_allocated, button);
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  args[2] = popover;
  gtk_popover_set_autohide (popover, FALSE);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  confab_test_run_until (popover_is_shown, popover);

  /* Laid out again, the window places the popover again: where the
   * button is now, whatever its size was when the popover was shown.
   */
  confab_test_run_until (bubble_is_inside, args);
  gtk_popover_popdown (popover);
  confab_test_run_until (popover_is_hidden, popover);
}

/* The estimate's popover stays inside the window, at the default size
 * and at the smallest, with the longest text it has.
 */
static void
test_estimate_popover_inside (ConfabTestWindow *fixture,
                              gconstpointer     data)
{
  queue_answer (fixture, "A1", 20, 4);
  send_and_wait (fixture, "P1");
  confab_composer_set_text (fixture->composer, "Then tell me what the estimate of this question is made of, at length");
  assert_estimate (fixture, 24, 2 + CONFAB_ESTIMATE_MESSAGE_OVERHEAD, 15);

  assert_popover_inside (fixture, 0);
  assert_popover_inside (fixture, 360);
}

static int
count_lines (GtkWidget *label)
{
  int width, height;

  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, width, NULL, &height, NULL, NULL);
  pango_layout_set_width (gtk_label_get_layout (GTK_LABEL (label)), width * PANGO_SCALE);

  return pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label)));
}

/* The estimate button's tooltip is a label of one line in Korean too.
 * GTK 4.8 wraps a tooltip of one line at as many average character
 * widths as it has characters, less than Hangul needs: its own label
 * would take two lines.
 */
static void
test_estimate_tooltip_korean (ConfabTestWindow *fixture,
                              gconstpointer     data)
{
  static const char korean[] = "이 예상치를 내는 방법";
  GtkWidget *button = confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON, "composer-estimate");
  g_autoptr(GtkWidget) gtk_rule = g_object_ref_sink (gtk_label_new (korean));
  g_autoptr(GtkWidget) label = g_object_ref_sink (confab_tooltip_label_new (korean));
  g_autoptr(GtkWidget) english = g_object_ref_sink (confab_tooltip_label_new ("How This Estimate Is Made"));
  g_autofree char *long_text = g_strnfill (200, 'x');
  g_autoptr(GtkWidget) longer = NULL;

  g_assert_cmpstr (confab_tooltip_get_text (button), ==, "How This Estimate Is Made");
  g_assert_true (gtk_widget_get_has_tooltip (button));

  gtk_label_set_wrap (GTK_LABEL (gtk_rule), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (gtk_rule), g_utf8_strlen (korean, -1));
  g_test_message ("GTK's own tooltip label: %d lines", count_lines (gtk_rule));
  g_assert_cmpint (count_lines (gtk_rule), ==, 2);

  g_assert_cmpint (count_lines (label), ==, 1);
  g_assert_cmpint (count_lines (english), ==, 1);

  /* Long text still wraps, as GTK's would. */
  g_free (long_text);
  long_text = g_strdup ("Counted by the server and estimated from the characters of the text "
                        "not counted yet with the framing of the request");
  longer = g_object_ref_sink (confab_tooltip_label_new (long_text));
  g_assert_cmpint (count_lines (longer), >, 1);
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
  confab_test_window_add ("/window-estimate-edit/popover-inside", NULL, test_estimate_popover_inside);
  confab_test_window_add ("/window-estimate-edit/tooltip-korean", NULL, test_estimate_tooltip_korean);

  return confab_test_window_run ();
}
