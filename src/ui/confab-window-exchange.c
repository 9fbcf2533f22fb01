/* confab-window-exchange.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-message-row.h"
#include "confab-window-private.h"

/* The window's questions and answers: sending a prompt, stopping,
 * retrying a failed answer, regenerating any answer and editing any
 * prompt as new versions of them, and showing another version.
 */

/* The answers themselves belong to the application's ConfabExchanges:
 * they go on while the window shows another chat, or none.
 */

static gboolean
confab_window_shows (ConfabWindow  *self,
                     ConfabMessage *message)
{
  GListModel *model = G_LIST_MODEL (self->conversation);
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ConfabMessage) item = g_list_model_get_item (model, i);

      if (item == message)
        return TRUE;
    }

  return FALSE;
}

/* Sends @text, with the estimate the composer made of it kept to be
 * set beside what the server counts.
 */
static void
confab_window_send_now (ConfabWindow *self,
                        const char   *text)
{
  ConfabEstimate estimate;
  double ratio;
  gboolean estimated;

  g_autoptr(ConfabMessage) editing = g_steal_pointer (&self->editing);
  gboolean sent;

  confab_composer_set_editing (self->composer, FALSE);

  estimated = confab_composer_get_estimate (self->composer, &estimate, &ratio);
  confab_window_follow (self);

  /* An edited prompt that is still shown is sent as its new version. */
  if (editing != NULL && confab_window_shows (self, editing))
    sent = confab_exchanges_send_edit (self->exchanges, self->conversation, editing, text,
                                       confab_composer_get_attachments (self->composer));
  else
    sent = confab_exchanges_send_with_images (self->exchanges, self->conversation, text,
                                              confab_composer_get_attachments (self->composer));

  if (sent)
    {
      if (estimated)
        confab_window_estimate_sent (self, &estimate, ratio);
      confab_composer_clear (self->composer);
    }

  /* No longer of the history before the prompt edited. */
  confab_window_update_estimate (self);
}

static void
budget_response_cb (GObject      *dialog,
                    const char   *response,
                    ConfabWindow *self)
{
  const char *text = g_object_get_data (dialog, "text");

  /* Cancelled, the prompt stays in the composer. */
  if (g_strcmp0 (response, "send") != 0 || self->busy)
    return;

  confab_window_send_now (self, text);
}

/* Asks first when a budget of Preferences is spent, or would be by the
 * estimated input of this request.  Returns %FALSE when there is no
 * need.
 */
static gboolean
confab_window_ask_budget (ConfabWindow *self,
                          const char   *text)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  ConfabBudgetTracker *budget;
  ConfabBudgetPeriod period;
  g_autofree char *spent = NULL;
  g_autofree char *body = NULL;
  const char *heading;
  GObject *dialog;

  if (!CONFAB_IS_APPLICATION (app) ||
      !(budget = confab_application_get_budget_tracker (CONFAB_APPLICATION (app))) ||
      !confab_budget_tracker_would_pass (budget, confab_window_estimate_cost (self), &period))
    return FALSE;

  spent = confab_budget_format (period,
                                confab_budget_tracker_get_budget (budget, period),
                                confab_budget_tracker_get_spent (budget, period));
  heading = period == CONFAB_BUDGET_MONTH ? _("Monthly Budget Spent") : _("Daily Budget Spent");
  /* Translators: %s is what was spent of the budget, such as "$10.20 of
   * $10.00 this month".
   */
  body = g_strdup_printf (_("Confab estimates %s. Send this message anyway?"), spent);

#if ADW_CHECK_VERSION (1, 5, 0)
  dialog = G_OBJECT (adw_alert_dialog_new (heading, body));
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog),
                                  "cancel", _("_Cancel"),
                                  "send", _("_Send Anyway"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "send", ADW_RESPONSE_DESTRUCTIVE);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "cancel");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
#else
  dialog = G_OBJECT (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "send", _("_Send Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
#endif
  g_object_set_data_full (dialog, "text", g_strdup (text), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (budget_response_cb), self, 0);
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (self));
#else
  gtk_window_present (GTK_WINDOW (dialog));
#endif

  return TRUE;
}

void
confab_window_send_cb (ConfabWindow   *self,
                       const char     *text,
                       ConfabComposer *composer)
{
  if (self->busy)
    return;

  if (confab_window_ask_budget (self, text))
    return;

  confab_window_send_now (self, text);
}

void
confab_window_stop_cb (ConfabWindow   *self,
                       ConfabComposer *composer)
{
  confab_exchanges_stop (self->exchanges, self->conversation);
}

void
confab_window_retry_cb (ConfabWindow     *self,
                        ConfabMessageRow *row)
{
  ConfabMessage *message = confab_message_row_get_message (row);

  if (message == NULL || self->busy)
    return;

  if (confab_message_get_state (message) != CONFAB_MESSAGE_STATE_FAILED &&
      confab_message_get_state (message) != CONFAB_MESSAGE_STATE_CANCELLED)
    return;

  confab_window_follow (self);
  confab_exchanges_request (self->exchanges, self->conversation, message);
}

/* Asks again for the last answer shown, keeping it as another version. */
static void
confab_window_regenerate_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  ConfabWindow *self = CONFAB_WINDOW (widget);
  GListModel *model = G_LIST_MODEL (self->conversation);
  guint n_items = g_list_model_get_n_items (model);
  g_autoptr(ConfabMessage) last = NULL;

  if (self->busy || n_items == 0)
    return;

  last = g_list_model_get_item (model, n_items - 1);
  if (confab_message_get_role (last) == CONFAB_ROLE_ASSISTANT)
    {
      confab_window_follow (self);
      confab_exchanges_regenerate (self->exchanges, self->conversation, last);
    }
}

/* Any answer shown: a new one to the same prompt, after the same
 * history, in its place; the old one stays as the other version.
 */
void
confab_window_regenerate_cb (ConfabWindow     *self,
                             ConfabMessageRow *row)
{
  ConfabMessage *message = confab_message_row_get_message (row);

  if (message == NULL || self->busy ||
      confab_message_get_role (message) != CONFAB_ROLE_ASSISTANT)
    return;

  confab_exchanges_regenerate (self->exchanges, self->conversation, message);
}

void
confab_window_show_version_cb (ConfabWindow     *self,
                               guint             version,
                               ConfabMessageRow *row)
{
  ConfabMessage *message = confab_message_row_get_message (row);

  if (message == NULL || version < 1 || version > confab_message_get_n_versions (message))
    return;

  confab_conversation_show_version (self->conversation, message, version);
}

/* Takes the prompt into the composer: what is sent from there is a new
 * version of it (see confab_window_send_now()), and the prompt, with
 * what followed it, stays as the other.
 */
void
confab_window_edit_cb (ConfabWindow     *self,
                       ConfabMessageRow *row)
{
  ConfabMessage *message = confab_message_row_get_message (row);

  if (message == NULL || confab_message_get_role (message) != CONFAB_ROLE_USER)
    return;

  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < confab_message_get_n_attachments (message); i++)
    g_ptr_array_add (images, g_object_ref (confab_message_get_attachment (message, i)));

  g_set_object (&self->editing, message);
  confab_window_update_estimate (self);
  confab_composer_set_text (self->composer, confab_message_get_content (message));
  confab_composer_set_attachments (self->composer, images);
  confab_composer_set_editing (self->composer, TRUE);
  confab_composer_grab_focus (self->composer);
}

/* Leaves the prompt as it was: the composer empties, nothing is sent. */
static void
confab_window_cancel_edit_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  ConfabWindow *self = CONFAB_WINDOW (widget);

  if (self->editing == NULL)
    return;

  g_clear_object (&self->editing);
  confab_window_update_estimate (self);
  confab_composer_set_editing (self->composer, FALSE);
  confab_composer_clear (self->composer);
  confab_composer_grab_focus (self->composer);
}

void
confab_window_exchange_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.regenerate", NULL, confab_window_regenerate_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-edit", NULL, confab_window_cancel_edit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.regenerate", NULL);
}
