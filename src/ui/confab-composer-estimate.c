/* confab-composer-estimate.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-composer-private.h"
#include "confab-usage.h"

/* Below the composer's text, an estimate of what the next request will
 * carry (see confab-estimate.h): its input tokens and their cost, with a
 * popover that says how it is made; above it, a warning when the request
 * would cross a price tier, or the model's context window, which it then
 * does not send.  The estimate of what the chat holds (the base) is set
 * by the window when the chat changes; only the new text is estimated as
 * people type, at most once every ESTIMATE_DELAY_MS.
 */

#define ESTIMATE_DELAY_MS 100

static char *
format_tokens (gint64 tokens)
{
  return confab_usage_format_count (MAX (tokens, 0));
}

static gboolean
has_images (ConfabComposer *self)
{
  return self->attachments != NULL && self->attachments->len > 0;
}

/* The popover: what the estimate is and how it is made. */
static char *
confab_composer_describe_estimate (ConfabComposer *self,
                                   gint64          tokens,
                                   const char     *cost,
                                   const char     *source)
{
  GString *text = g_string_new (NULL);
  g_autofree char *total = format_tokens (tokens);
  g_autofree char *counted = format_tokens (self->estimate.counted);
  g_autofree char *guessed = format_tokens (tokens - self->estimate.counted);
  guint n_answers = self->estimator != NULL ? confab_estimator_get_n_answers (self->estimator, self->estimate_model) : 0;

  /* Translators: %s is a number of tokens, such as 1,234. */
  g_string_append_printf (text, _("The next request will carry about %s input tokens. This is an estimate, not a count."), total);
  g_string_append (text, "\n\n");
  if (self->estimate.counted > 0)
    {
      /* Translators: %s is a number of tokens. */
      g_string_append_printf (text, _("Counted by the server: %s tokens, the last answer’s input and its output without thinking."), counted);
      g_string_append_c (text, '\n');
    }
  if (self->estimate.text > 0 || has_images (self))
    /* Translators: %s is a number of tokens. */
    g_string_append_printf (text, _("Estimated: %s tokens for the text not counted yet, from its characters — about one token per English word, digit or punctuation mark, and per Hangul syllable."), guessed);
  else
    /* Translators: %s is a number of tokens; with no text typed, these
     * are the marks the server puts around the messages of a request,
     * where each starts and ends.
     */
    g_string_append_printf (text, _("Estimated: %s tokens for the request’s framing, the marks around the text of its messages."), guessed);

  if (n_answers > 0)
    {
      g_autofree char *ratio = g_strdup_printf ("%.2f", self->estimate_ratio);
      int error = (int) (100 * confab_estimator_get_mean_error (self->estimator, self->estimate_model) + 0.5);

      g_string_append_c (text, '\n');
      /* Translators: %1$s is a factor such as 1.08; %2$u counts answers;
       * %3$d is a percentage.
       */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "Corrected by ×%1$s from %2$u earlier answer of this model, whose estimates were %3$d%% off on average.",
                                                 "Corrected by ×%1$s from %2$u earlier answers of this model, whose estimates were %3$d%% off on average.",
                                                 n_answers),
                              ratio, n_answers, error);
    }

  if (cost != NULL)
    {
      g_string_append (text, "\n\n");
      /* Translators: %s is an estimated cost, such as "about $0.0020"
       * or "under $0.0001".
       */
      g_string_append_printf (text, _("Input cost: %s, without discounts for cached tokens; the answer’s output costs more."), cost);
      if (source != NULL)
        g_string_append_printf (text, "\n%s", source);
    }

  return g_string_free (text, FALSE);
}

/* The warning shows above the text; from GTK 4.14 on, a screen reader
 * also says it as it comes, since the focus stays in the text.
 */
static void
confab_composer_set_warning (ConfabComposer *self,
                             const char     *warning)
{
  const char *shown = gtk_label_get_text (self->warning_label);

  if (g_strcmp0 (shown, warning ? warning : "") != 0)
    {
#if GTK_CHECK_VERSION (4, 14, 0)
      /* Once as it comes, not as the count in it changes. */
      if (warning != NULL && *shown == '\0')
        gtk_accessible_announce (GTK_ACCESSIBLE (self->warning_label), warning,
                                 GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
#endif
      gtk_label_set_text (self->warning_label, warning ? warning : "");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), warning != NULL);
}

void
_confab_composer_update_estimate (ConfabComposer *self)
{
  g_autofree char *text = NULL;
  g_autofree char *count = NULL;
  g_autofree char *cost_text = NULL;
  g_autofree char *cost_estimate = NULL;
  g_autofree char *source = NULL;
  g_autofree char *label = NULL;
  g_autofree char *details = NULL;
  g_autofree char *warning = NULL;
  ConfabPrice price;
  gint64 tokens;
  gint64 context_window;
  double cost = 0;
  gboolean too_long = FALSE;

  g_clear_handle_id (&self->estimate_id, g_source_remove);

  if (!self->has_estimate)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->estimate_button), FALSE);
      confab_composer_set_warning (self, NULL);
      if (self->too_long)
        {
          self->too_long = FALSE;
          _confab_composer_update_actions (self);
        }
      return;
    }

  text = confab_composer_get_text (self);
  g_strstrip (text);
  self->estimate = self->estimate_base;
  if (text[0] != '\0' || (self->attachments != NULL && self->attachments->len > 0))
    confab_estimate_add_text (&self->estimate, text, -1);
  for (guint i = 0; self->attachments != NULL && i < self->attachments->len; i++)
    confab_estimate_add_image (&self->estimate, g_ptr_array_index (self->attachments, i));
  self->estimate_ratio = self->estimator != NULL ? confab_estimator_get_ratio (self->estimator, self->estimate_model) : 1.0;
  tokens = confab_estimate_get_tokens (&self->estimate, self->estimate_ratio);
  count = format_tokens (tokens);

  if (confab_estimate_input_cost (self->pricing, self->estimate_model, tokens, &cost, &price))
    {
      cost_text = confab_pricing_format_cost (cost);
      cost_estimate = confab_pricing_format_estimate (cost);
      source = confab_pricing_format_sources (price.source == CONFAB_PRICE_SOURCE_YOURS,
                                              price.source == CONFAB_PRICE_SOURCE_LIST);
      /* Translators: the composer's estimate of the next request; %1$s
       * is a number of tokens, %2$s a cost such as $0.0020.
       */
      label = g_strdup_printf (_("Estimate: %1$s input tokens · %2$s"), count, cost_text);
    }
  else
    {
      /* Translators: the composer's estimate of the next request; %s is
       * a number of tokens.
       */
      label = g_strdup_printf (_("Estimate: %s input tokens"), count);
    }

  context_window = confab_estimate_get_context_window (self->estimate_model);
  if (context_window > 0 && tokens > context_window)
    {
      g_autofree char *limit = format_tokens (context_window);

      too_long = TRUE;
      /* Translators: %1$s is a model name, %2$s and %3$s numbers of tokens. */
      warning = g_strdup_printf (_("Too long for %1$s: about %2$s input tokens, and it takes at most %3$s. "
                                   "Start a new chat, or shorten the message, to send."),
                                 self->estimate_model, count, limit);
    }
  else if (cost_text != NULL && price.tier_tokens > 0 && tokens > price.tier_tokens)
    {
      g_autofree char *line = format_tokens (price.tier_tokens);
      g_autofree char *above = confab_pricing_format_cost (price.input_above);
      g_autofree char *below = confab_pricing_format_cost (price.input);

      /* Translators: %1$s is a number of tokens such as 200,000; %2$s and
       * %3$s are prices such as $3.20 and $1.60.
       */
      warning = g_strdup_printf (_("Over %1$s input tokens: this request is billed at the higher price, "
                                   "%2$s instead of %3$s per million input tokens, and so is its output."),
                                 line, above, below);
    }

  details = confab_composer_describe_estimate (self, tokens, cost_estimate, source);

  gtk_label_set_text (self->estimate_label, label);
  gtk_label_set_text (self->estimate_details_label, details);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->estimate_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, details,
                                  -1);
  gtk_widget_set_visible (GTK_WIDGET (self->estimate_button), TRUE);
  confab_composer_set_warning (self, warning);

  if (self->too_long != too_long)
    {
      self->too_long = too_long;
      _confab_composer_update_actions (self);
    }
}

/* The space kept between the popover and the window's edges. */
#define POPOVER_MARGIN 6

/* The button is at the end of the composer, at the window's edge:
 * centred on it, as GTK puts a popover, the popover would pass that
 * edge (on X11 it is a window of its own, which the window does not
 * clip).  Its end lines up with the button's instead, as long as its
 * start stays inside the window too; the arrow still points at the
 * button.
 */
void
_confab_composer_estimate_popover_prepare_cb (ConfabComposer *self,
                                           GtkPopover     *popover)
{
  GtkWidget *button = GTK_WIDGET (self->estimate_button);
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (button));
  GtkWidget *bubble = gtk_widget_get_first_child (GTK_WIDGET (popover));
  graphene_point_t start = GRAPHENE_POINT_INIT (0, 0);
  int button_width = gtk_widget_get_width (button);
  int room;
  int width = 0;
  int offset;
  int old_offset;

  if (root == NULL || bubble == NULL ||
      !gtk_widget_compute_point (button, root, &GRAPHENE_POINT_INIT (0, 0), &start))
    return;

  gtk_widget_measure (bubble, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);

  /* Offsets from the centre, towards the end: the bubble's end at the
   * button's, but its start no further than the window's.
   */
  if (gtk_widget_get_direction (button) == GTK_TEXT_DIR_RTL)
    room = gtk_widget_get_width (root) - (int) start.x - button_width;
  else
    room = (int) start.x;
  offset = MIN (0, (button_width - width) / 2);
  offset = MAX (offset, width / 2 - button_width / 2 - room + POPOVER_MARGIN);

  if (gtk_widget_get_direction (button) == GTK_TEXT_DIR_RTL)
    offset = -offset;

  /* Set again, the same offset would place the popover again. */
  gtk_popover_get_offset (popover, &old_offset, NULL);
  if (offset != old_offset)
    gtk_popover_set_offset (popover, offset, 0);
}

static gboolean
confab_composer_estimate_cb (gpointer user_data)
{
  ConfabComposer *self = CONFAB_COMPOSER (user_data);

  self->estimate_id = 0;
  _confab_composer_update_estimate (self);

  return G_SOURCE_REMOVE;
}

/* Typing only asks for an estimate; it is made at most once every
 * ESTIMATE_DELAY_MS, which is longer than a frame.
 */
void
_confab_composer_queue_estimate (ConfabComposer *self)
{
  if (self->has_estimate && self->estimate_id == 0)
    self->estimate_id = g_timeout_add (ESTIMATE_DELAY_MS, confab_composer_estimate_cb, self);
}

static void
confab_composer_estimator_changed_cb (ConfabComposer  *self,
                                      ConfabEstimator *estimator)
{
  _confab_composer_update_estimate (self);
}

/**
 * confab_composer_set_estimate_base:
 * @self: a #ConfabComposer
 * @model: (nullable): the model the next request goes to
 * @base: (nullable): what it carries before the new text, as
 *   confab_estimate_for_messages() says; %NULL shows no estimate
 *
 * Sets what the estimate shown below the text starts from; the window
 * sets it when the chat, its model or its answers change.
 */
void
confab_composer_set_estimate_base (ConfabComposer       *self,
                                   const char           *model,
                                   const ConfabEstimate *base)
{
  g_return_if_fail (CONFAB_IS_COMPOSER (self));

  g_free (self->estimate_model);
  self->estimate_model = g_strdup (model);
  self->has_estimate = base != NULL;
  if (base != NULL)
    self->estimate_base = *base;

  _confab_composer_update_estimate (self);
}

/**
 * confab_composer_set_pricing:
 * @self: a #ConfabComposer
 * @pricing: (nullable): the prices that give the estimated cost
 */
void
confab_composer_set_pricing (ConfabComposer *self,
                             ConfabPricing  *pricing)
{
  g_return_if_fail (CONFAB_IS_COMPOSER (self));
  g_return_if_fail (!pricing || CONFAB_IS_PRICING (pricing));

  if (g_set_object (&self->pricing, pricing))
    _confab_composer_update_estimate (self);
}

/**
 * confab_composer_set_estimator:
 * @self: a #ConfabComposer
 * @estimator: (nullable): the corrections of earlier estimates
 */
void
confab_composer_set_estimator (ConfabComposer  *self,
                               ConfabEstimator *estimator)
{
  g_return_if_fail (CONFAB_IS_COMPOSER (self));
  g_return_if_fail (!estimator || CONFAB_IS_ESTIMATOR (estimator));

  if (self->estimator == estimator)
    return;

  if (self->estimator != NULL)
    g_signal_handlers_disconnect_by_data (self->estimator, self);
  g_set_object (&self->estimator, estimator);
  if (estimator != NULL)
    g_signal_connect_object (estimator, "changed",
                             G_CALLBACK (confab_composer_estimator_changed_cb),
                             self, G_CONNECT_SWAPPED);

  _confab_composer_update_estimate (self);
}

/**
 * confab_composer_get_estimate:
 * @self: a #ConfabComposer
 * @estimate: (out caller-allocates) (optional): what the next request
 *   carries, the text typed included
 * @ratio: (out) (optional): the correction the estimate is shown with
 *
 * Returns: %TRUE when an estimate is shown; it is brought up to date
 *   with the text first
 */
gboolean
confab_composer_get_estimate (ConfabComposer *self,
                              ConfabEstimate *estimate,
                              double         *ratio)
{
  g_return_val_if_fail (CONFAB_IS_COMPOSER (self), FALSE);

  if (!self->has_estimate)
    return FALSE;

  if (self->estimate_id != 0)
    _confab_composer_update_estimate (self);

  if (estimate != NULL)
    *estimate = self->estimate;
  if (ratio != NULL)
    *ratio = self->estimate_ratio;

  return TRUE;
}
