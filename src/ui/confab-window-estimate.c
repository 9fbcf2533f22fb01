/* confab-window-estimate.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-estimate.h"
#include "confab-estimate-count.h"
#include "confab-window-private.h"

/* The estimate the composer shows before sending: the window tells it
 * what the chat holds (the base) when the chat, its model, its system
 * prompt or its answers change, never as people type; and once an
 * answer has come back, how far its estimate was from what the server
 * counted teaches the application's estimator.
 */

typedef struct
{
  ConfabEstimator *estimator;
  char            *model;
  ConfabEstimate   estimate;
  double           ratio;
} Sent;

static void
sent_free (gpointer  data,
           GClosure *closure)
{
  Sent *sent = data;

  g_clear_object (&sent->estimator);
  g_free (sent->model);
  g_free (sent);
}

/* Learns once from the answer, when it is complete with its counts. */
static void
confab_window_estimate_answer_cb (ConfabMessage *answer,
                                  GParamSpec    *pspec,
                                  Sent          *sent)
{
  ConfabMessageState state = confab_message_get_state (answer);
  ConfabUsage *usage = confab_message_get_usage (answer);

  if (state == CONFAB_MESSAGE_STATE_PENDING)
    return;

  if (state == CONFAB_MESSAGE_STATE_COMPLETE && usage != NULL)
    confab_estimator_record (sent->estimator, sent->model, &sent->estimate, sent->ratio,
                             confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT));

  g_signal_handlers_disconnect_by_func (answer, confab_window_estimate_answer_cb, sent);
}

static const char *
confab_window_estimate_model (ConfabWindow *self,
                              char        **owned)
{
  const char *model = confab_conversation_get_model (self->conversation);

  if (model == NULL)
    model = *owned = g_settings_get_string (self->settings, "model");

  return model;
}

/* Where the prompt being edited is in the chat shown: the request that
 * sends its new version carries the messages before it.  All of them
 * when none is edited, or when the one edited is not shown, whose text
 * is then sent after the chat.
 */
static guint
confab_window_estimate_end (ConfabWindow *self)
{
  GListModel *messages = G_LIST_MODEL (self->conversation);
  guint n_items = g_list_model_get_n_items (messages);

  if (self->editing == NULL)
    return n_items;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (messages, i);

      if (message == self->editing)
        return i;
    }

  return n_items;
}

/* The long texts are counted: the estimate again, now from their
 * counts.  Cancelled when the window goes.
 */
static void
confab_window_estimate_counted_cb (GObject      *source,
                                   GAsyncResult *result,
                                   gpointer      data)
{
  ConfabWindow *self = data;
  g_autoptr(GError) error = NULL;

  if (!confab_estimate_count_finish (result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->estimate_cancellable);
  confab_window_update_estimate (self);
}

void
confab_window_estimate_dispose (ConfabWindow *self)
{
  g_cancellable_cancel (self->estimate_cancellable);
  g_clear_object (&self->estimate_cancellable);
}

/**
 * confab_window_update_estimate:
 * @self: a #ConfabWindow
 *
 * Gives the composer the base of its estimate: what a request of the
 * chat shown carries before the new text; while a prompt is edited,
 * what the one that sends its new version carries, the history before
 * it.  Nothing while an answer is on its way, which will change it.
 */
void
confab_window_update_estimate (ConfabWindow *self)
{
  g_autofree char *owned_model = NULL;
  g_autofree char *owned_prompt = NULL;
  g_autoptr(GPtrArray) uncounted = NULL;
  const char *system_prompt;
  ConfabEstimate base;

  if (self->composer == NULL || self->conversation == NULL || self->settings == NULL || self->busy)
    return;

  system_prompt = confab_conversation_get_system_prompt (self->conversation);
  if (system_prompt == NULL)
    system_prompt = owned_prompt = g_settings_get_string (self->settings, "system-prompt");

  /* Each text is counted once; a long one on a worker, meanwhile no
   * estimate is shown.
   */
  if (!confab_estimate_for_messages_counted (G_LIST_MODEL (self->conversation),
                                             confab_window_estimate_end (self),
                                             system_prompt, &base, &uncounted))
    {
      confab_composer_set_estimate_base (self->composer,
                                         confab_window_estimate_model (self, &owned_model),
                                         NULL);
      /* One count at a time: when it ends, the estimate is asked again. */
      if (self->estimate_cancellable == NULL)
        {
          self->estimate_cancellable = g_cancellable_new ();
          confab_estimate_count_async (uncounted, self->estimate_cancellable,
                                       confab_window_estimate_counted_cb, self);
        }
      return;
    }

  confab_composer_set_estimate_base (self->composer,
                                     confab_window_estimate_model (self, &owned_model),
                                     &base);
}

/**
 * confab_window_estimate_cost:
 * @self: a #ConfabWindow
 *
 * Returns: the estimated input cost of the request the composer would
 *   send now, in US dollars; 0 when it is not known
 */
double
confab_window_estimate_cost (ConfabWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autofree char *owned_model = NULL;
  ConfabEstimate estimate;
  ConfabPrice price;
  double ratio = 1;
  double cost = 0;

  if (self->composer == NULL || self->conversation == NULL || self->settings == NULL ||
      !CONFAB_IS_APPLICATION (app) ||
      !confab_composer_get_estimate (self->composer, &estimate, &ratio) ||
      !confab_estimate_input_cost (confab_application_get_pricing (CONFAB_APPLICATION (app)),
                                   confab_window_estimate_model (self, &owned_model),
                                   confab_estimate_get_tokens (&estimate, ratio),
                                   &cost, &price))
    return 0;

  return cost;
}

/* Follows what changes the base of the chat now shown; the handlers go
 * with the others when another chat is shown.
 */
void
confab_window_estimate_watch (ConfabWindow *self)
{
  static const char * const signals[] = {
    "items-changed",
    "notify::usage",
    "notify::model",
    "notify::system-prompt",
  };

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    g_signal_connect_object (self->conversation, signals[i],
                             G_CALLBACK (confab_window_update_estimate),
                             self, G_CONNECT_SWAPPED);

  confab_window_update_estimate (self);
}

static void
confab_window_estimate_pricing_cb (ConfabWindow      *self,
                                   GParamSpec        *pspec,
                                   ConfabApplication *app)
{
  confab_composer_set_pricing (self->composer, confab_application_get_pricing (app));
}

void
confab_window_estimate_load (ConfabWindow      *self,
                             ConfabApplication *app)
{
  confab_composer_set_estimator (self->composer, confab_application_get_estimator (app));
  confab_composer_set_pricing (self->composer, confab_application_get_pricing (app));
  g_signal_connect_object (app, "notify::pricing",
                           G_CALLBACK (confab_window_estimate_pricing_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::model",
                           G_CALLBACK (confab_window_update_estimate),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::system-prompt",
                           G_CALLBACK (confab_window_update_estimate),
                           self, G_CONNECT_SWAPPED);
  confab_window_update_estimate (self);
}

/**
 * confab_window_estimate_sent:
 * @self: a #ConfabWindow
 * @estimate: what the composer estimated for the prompt just sent
 * @ratio: the correction it was shown with
 *
 * Keeps the estimate with the answer now asked for, whose usage then
 * says how far it was from the count, and has the estimator learn from
 * that answer once it is complete.
 */
void
confab_window_estimate_sent (ConfabWindow         *self,
                             const ConfabEstimate *estimate,
                             double                ratio)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GListModel *messages = G_LIST_MODEL (self->conversation);
  guint n_items = g_list_model_get_n_items (messages);
  g_autoptr(ConfabMessage) answer = NULL;
  g_autofree char *owned_model = NULL;
  Sent *sent;

  if (n_items == 0 || !CONFAB_IS_APPLICATION (app))
    return;

  answer = g_list_model_get_item (messages, n_items - 1);
  if (confab_message_get_role (answer) != CONFAB_ROLE_ASSISTANT)
    return;

  confab_estimate_attach (answer, confab_estimate_get_tokens (estimate, ratio));

  sent = g_new0 (Sent, 1);
  sent->estimator = g_object_ref (confab_application_get_estimator (CONFAB_APPLICATION (app)));
  sent->model = g_strdup (confab_window_estimate_model (self, &owned_model));
  sent->estimate = *estimate;
  sent->ratio = ratio;
  g_signal_connect_data (answer, "notify::state",
                         G_CALLBACK (confab_window_estimate_answer_cb),
                         sent, sent_free, 0);
}
