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
 * retrying a failed answer, regenerating the last one, and editing a
 * prompt to send it again.
 */

/* The answers themselves belong to the application's ConfabExchanges:
 * they go on while the window shows another chat, or none.
 */

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

  estimated = confab_composer_get_estimate (self->composer, &estimate, &ratio);
  confab_window_follow (self);
  if (confab_exchanges_send_with_images (self->exchanges, self->conversation, text,
                                         confab_composer_get_attachments (self->composer)))
    {
      if (estimated)
        confab_window_estimate_sent (self, &estimate, ratio);
      confab_composer_clear (self->composer);
    }
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

/* Asks again for the last answer of the conversation, whatever became
 * of it; the answer is replaced, in the history too.
 */
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
      confab_exchanges_request (self->exchanges, self->conversation, last);
    }
}

static gboolean
confab_window_find_message (ConfabWindow  *self,
                            ConfabMessage *message,
                            guint         *position)
{
  GListModel *model = G_LIST_MODEL (self->conversation);
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ConfabMessage) item = g_list_model_get_item (model, i);

      if (item == message)
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Takes @message back into the composer, with everything after it out
 * of the chat and its history.
 */
static void
confab_window_edit_now (ConfabWindow  *self,
                        ConfabMessage *message)
{
  g_autofree char *text = g_strdup (confab_message_get_content (message));
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_object_unref);
  guint position;

  for (guint i = 0; i < confab_message_get_n_attachments (message); i++)
    g_ptr_array_add (images, g_object_ref (confab_message_get_attachment (message, i)));

  if (!confab_window_find_message (self, message, &position))
    return;

  if (self->store != NULL && confab_message_get_id (message) != 0)
    {
      g_autoptr(GError) error = NULL;

      if (!confab_store_delete_messages_from (self->store, confab_message_get_id (message), &error))
        {
          gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
          return;
        }
    }

  confab_conversation_truncate (self->conversation, position);
  confab_composer_set_text (self->composer, text);
  confab_composer_set_attachments (self->composer, images);
  confab_composer_grab_focus (self->composer);
}

static void
confab_window_edit_response_cb (GObject      *dialog,
                                const char   *response,
                                ConfabWindow *self)
{
  ConfabMessage *message = g_object_get_data (G_OBJECT (dialog), "message");

  if (g_strcmp0 (response, "edit") == 0 && self->conversation != NULL)
    confab_window_edit_now (self, message);
}

void
confab_window_edit_cb (ConfabWindow     *self,
                       ConfabMessageRow *row)
{
  ConfabMessage *message = confab_message_row_get_message (row);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->conversation));
  guint position;
  guint n_later;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (message == NULL || self->busy ||
      !confab_window_find_message (self, message, &position))
    return;

  n_later = n_items - position - 1;
  if (n_later == 0)
    {
      confab_window_edit_now (self, message);
      return;
    }

  /* What follows the prompt is lost with the edit: ask first. */
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The message after it will be removed from this chat.",
                                       "The %u messages after it will be removed from this chat.",
                                       n_later),
                          n_later);
#if ADW_CHECK_VERSION (1, 5, 0)
  /* AdwMessageDialog is deprecated, and warns as it measures itself. */
  dialog = GTK_WIDGET (adw_alert_dialog_new (_("Edit This Message?"), body));
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog),
                                  "cancel", _("_Cancel"),
                                  "edit", _("_Edit"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "edit", ADW_RESPONSE_DESTRUCTIVE);
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
#else
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Edit This Message?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "edit", _("_Edit"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "edit", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
#endif
  g_object_set_data_full (G_OBJECT (dialog), "message", g_object_ref (message), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confab_window_edit_response_cb), self, 0);
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (self));
#else
  gtk_window_present (GTK_WINDOW (dialog));
#endif
}

void
confab_window_exchange_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.regenerate", NULL, confab_window_regenerate_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.regenerate", NULL);
}
