/* confab-message-row-status.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-error.h"
#include "confab-estimate.h"
#include "confab-message-row-private.h"
#include "confab-tooltip.h"
#include "confab-usage-cost.h"

/* What a message row says of its message besides the text: that the
 * model is thinking and for how long, the error, the note on how the
 * answer ended, and the usage line with its popover and cost.
 */

static gboolean
error_wants_preferences (const GError *error)
{
  return g_error_matches (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_AUTH) ||
         g_error_matches (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_NO_API_KEY) ||
         g_error_matches (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_PROXY);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

/* A note below a finished answer for the finish reasons people need to
 * know about, and for an answer with no text, which would otherwise be
 * an empty bubble; or NULL.
 */
static const char *
get_finish_note (ConfabMessageRow *self)
{
  const char *finish_reason = confab_message_get_finish_reason (self->message);
  gboolean blank = is_blank (confab_message_get_content (self->message));

  if (_confab_message_row_get_role (self) != CONFAB_ROLE_ASSISTANT)
    return NULL;

  if (g_strcmp0 (finish_reason, "length") == 0)
    {
      if (blank)
        return _("The model reached its output limit before it could answer. "
                 "Thinking counts against the limit.");
      return _("The answer was cut off at the output limit.");
    }

  if (g_strcmp0 (finish_reason, "content_filter") == 0)
    return _("The answer was stopped by the provider’s content filter.");

  /* "function_call" is the older name. */
  if (g_strcmp0 (finish_reason, "tool_calls") == 0 ||
      g_strcmp0 (finish_reason, "function_call") == 0)
    return _("The model asked to use a tool, which Confab does not support yet.");

  if (blank)
    return _("The model finished without writing an answer.");

  return NULL;
}

/* How far the estimate shown before sending was from what the server
 * counted, or NULL when there was no estimate or no count.
 */
static char *
format_estimate_error (ConfabMessage *message,
                       ConfabUsage   *usage)
{
  gint64 estimated = confab_estimate_get_attached (message);
  gint64 counted = usage != NULL ? confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT) : -1;
  g_autofree char *estimated_text = NULL;
  g_autofree char *difference_text = NULL;
  gint64 difference;
  int percent;

  if (estimated < 0 || counted <= 0)
    return NULL;

  estimated_text = confab_usage_format_count (estimated);
  difference = estimated - counted;
  difference_text = confab_usage_format_count (ABS (difference));
  percent = (int) ((200 * ABS (difference) + counted) / (2 * counted));

  if (difference == 0)
    /* Translators: %s is a number of tokens. */
    return g_strdup_printf (_("Estimated before sending: %s input tokens, as counted"), estimated_text);
  if (difference > 0)
    /* Translators: %1$s and %2$s are numbers of tokens, %3$d a percentage. */
    return g_strdup_printf (_("Estimated before sending: %1$s input tokens, %2$s more than counted (%3$d%%)"),
                            estimated_text, difference_text, percent);

  /* Translators: %1$s and %2$s are numbers of tokens, %3$d a percentage. */
  return g_strdup_printf (_("Estimated before sending: %1$s input tokens, %2$s fewer than counted (%3$d%%)"),
                          estimated_text, difference_text, percent);
}

/* The popover with every usage field, made when it is first opened. */
static void
confab_message_row_create_usage_popover_cb (GtkMenuButton *button,
                                            gpointer       user_data)
{
  ConfabMessageRow *self = CONFAB_MESSAGE_ROW (user_data);
  ConfabUsage *usage = self->message != NULL ? confab_message_get_usage (self->message) : NULL;
  g_autofree char *cost = NULL;
  g_autofree char *source = NULL;

  if (self->message != NULL)
    {
      cost = confab_usage_cost_format_for_message (self->pricing, self->message);
      source = confab_usage_cost_format_source_for_message (self->pricing, self->message);
    }

  self->usage_popover = CONFAB_USAGE_POPOVER (confab_usage_popover_new ());
  confab_usage_popover_set_usage (self->usage_popover,
                                  usage != NULL && !confab_usage_is_empty (usage) ? usage : NULL);
  confab_usage_popover_set_cost (self->usage_popover, cost);
  confab_usage_popover_set_cost_source (self->usage_popover, source);
  gtk_menu_button_set_popover (button, GTK_WIDGET (self->usage_popover));
}

void
_confab_message_row_update_usage (ConfabMessageRow *self)
{
  ConfabUsage *usage = NULL;
  g_autofree char *cost = NULL;
  g_autofree char *source = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *estimate = NULL;
  gboolean has_usage;
  gboolean visible;

  if (self->message != NULL)
    {
      usage = confab_message_get_usage (self->message);
      /* Known only with a price for the answer's model. */
      cost = confab_usage_cost_format_for_message (self->pricing, self->message);
      source = confab_usage_cost_format_source_for_message (self->pricing, self->message);
      estimate = format_estimate_error (self->message, usage);
    }

  /* The tooltip says where the prices of the cost came from, and how
   * far the estimate before sending was from the count.
   */
  tooltip = g_strjoin ("\n", _("Token Usage"), source ? source : estimate, source ? estimate : NULL, NULL);
  confab_tooltip_set_text (GTK_WIDGET (self->usage_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->usage_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, estimate ? estimate : "",
                                  -1);

  has_usage = usage != NULL && !confab_usage_is_empty (usage);

  /* Every finished answer says what it cost, or that the server did not
   * say; a failed or stopped one only when something was reported.
   */
  visible = self->message != NULL &&
            _confab_message_row_get_role (self) == CONFAB_ROLE_ASSISTANT &&
            (has_usage || _confab_message_row_get_state (self) == CONFAB_MESSAGE_STATE_COMPLETE);

  if (has_usage)
    {
      g_autofree char *summary = confab_usage_format_summary (usage);

      /* The cost goes after the first count, the total; the line
       * wraps when the window is narrow.
       */
      if (cost != NULL)
        {
          const char *rest = strstr (summary, " · ");
          g_autofree char *line = NULL;

          if (rest != NULL)
            line = g_strdup_printf ("%.*s · %s%s", (int) (rest - summary), summary, cost, rest);
          else
            line = g_strconcat (summary, " · ", cost, NULL);

          gtk_label_set_text (self->usage_label, line);
        }
      else
        {
          gtk_label_set_text (self->usage_label, summary);
        }
    }
  else
    {
      gtk_label_set_text (self->usage_label, _("Usage not reported"));
    }

  /* A screen reader reads the line, not "GtkMenuButton". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->usage_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_text (self->usage_label),
                                  -1);

  if (self->usage_popover != NULL)
    {
      confab_usage_popover_set_usage (self->usage_popover, has_usage ? usage : NULL);
      confab_usage_popover_set_cost (self->usage_popover, cost);
      confab_usage_popover_set_cost_source (self->usage_popover, source);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->usage_button), visible);

  if (!visible)
    gtk_menu_button_popdown (self->usage_button);

  _confab_message_row_update_footer (self);
}

static void
confab_message_row_update_elapsed (ConfabMessageRow *self)
{
  gint64 since = confab_message_get_pending_since (self->message);
  guint seconds = (guint) MAX (0, (g_get_monotonic_time () - since) / G_USEC_PER_SEC);
  g_autofree char *text = NULL;

  if (seconds == 0)
    text = g_strdup (_("Thinking…"));
  else
    /* Translators: shown while the model thinks; %u counts seconds. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Thinking… %u second", "Thinking… %u seconds", seconds), seconds);

  gtk_label_set_text (self->pending_label, text);
}

static gboolean
confab_message_row_elapsed_cb (gpointer user_data)
{
  confab_message_row_update_elapsed (CONFAB_MESSAGE_ROW (user_data));

  return G_SOURCE_CONTINUE;
}

void
_confab_message_row_update_state (ConfabMessageRow *self)
{
  ConfabMessageState state = _confab_message_row_get_state (self);
  gboolean pending = self->message != NULL && state == CONFAB_MESSAGE_STATE_PENDING;
  gboolean failed = self->message != NULL && state == CONFAB_MESSAGE_STATE_FAILED;
  gboolean waiting = pending && confab_message_get_content_length (self->message) == 0;
  const char *note = NULL;

  /* Until the answer starts, say that the model is thinking and for how
   * long; its reasoning, if it shares any, is in the expander.
   */
  gtk_widget_set_visible (GTK_WIDGET (self->pending_box), waiting);
#if !ADW_CHECK_VERSION (1, 6, 0)
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), waiting);
#endif

  if (waiting)
    {
      confab_message_row_update_elapsed (self);
      if (self->elapsed_id == 0)
        self->elapsed_id = g_timeout_add_seconds (1, confab_message_row_elapsed_cb, self);
    }
  else
    {
      g_clear_handle_id (&self->elapsed_id, g_source_remove);
    }

  if (failed)
    {
      const GError *error = confab_message_get_error (self->message);

      if (error != NULL && error->message != NULL && error->message[0] != '\0')
        gtk_label_set_text (self->error_label, error->message);
      else
        gtk_label_set_text (self->error_label, _("The request failed."));

      gtk_widget_set_visible (GTK_WIDGET (self->preferences_button),
                              error_wants_preferences (error));
    }
  else
    {
      gtk_label_set_text (self->error_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->preferences_button), FALSE);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_box), failed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "message.retry", failed);

  if (self->message != NULL)
    {
      if (state == CONFAB_MESSAGE_STATE_CANCELLED)
        note = _("Stopped");
      else if (state == CONFAB_MESSAGE_STATE_COMPLETE)
        note = get_finish_note (self);
    }

  gtk_label_set_text (self->note_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL);
}

void
_confab_message_row_init_usage (ConfabMessageRow *self)
{
  gtk_menu_button_set_create_popup_func (self->usage_button,
                                         confab_message_row_create_usage_popover_cb,
                                         self, NULL);

  /* The menu button centers the box that holds the line and its arrow,
   * measured as if the line wrapped at its narrowest: the line would
   * wrap early and stand off its start.
   */
  gtk_widget_set_halign (gtk_widget_get_parent (GTK_WIDGET (self->usage_label)), GTK_ALIGN_FILL);
}
