/* confab-price-dialog.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "confab-price-dialog.h"

/* Asks for the prices of one model: its name, and US dollars per million
 * input, cached input and output tokens.  Save is possible only once
 * everything is a price; what is wrong is said below the fields.
 */
struct _ConfabPriceDialog
{
  AdwMessageDialog  parent_instance;

  char             *original_model;

  /* Template widgets */
  AdwEntryRow      *cached_row;
  GtkLabel         *error_label;
  AdwEntryRow      *input_row;
  AdwEntryRow      *model_row;
  AdwEntryRow      *output_row;
};

#if ADW_CHECK_VERSION (1, 5, 0)
G_DEFINE_FINAL_TYPE (ConfabPriceDialog, confab_price_dialog, ADW_TYPE_ALERT_DIALOG)
#else
G_DEFINE_FINAL_TYPE (ConfabPriceDialog, confab_price_dialog, ADW_TYPE_MESSAGE_DIALOG)
#endif

static char *
format_price (double price)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* Up to six decimals, without trailing zeros: 1.25, 0.075, 10. */
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.6g", price));
}

/* Checks one price field: empty is allowed only when @optional.  Returns
 * the message for people when it is not a price.
 */
static const char *
check_row (AdwEntryRow *row,
           gboolean     optional,
           gboolean    *complete)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  const char *message = NULL;
  double price;

  if (*stripped == '\0')
    {
      if (!optional)
        *complete = FALSE;
    }
  else if (!confab_price_dialog_parse_price (stripped, &price))
    {
      message = _("A price is a number of US dollars, such as 1.25 or 0.075.");
      *complete = FALSE;
    }

  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");

  return message;
}

static void
confab_price_dialog_validate (ConfabPriceDialog *self)
{
  g_autofree char *model = confab_price_dialog_dup_model (self);
  gboolean complete = *model != '\0';
  const char *message = NULL;
  const char *row_message;

  if ((row_message = check_row (self->input_row, FALSE, &complete)))
    message = row_message;
  if ((row_message = check_row (self->cached_row, TRUE, &complete)))
    message = row_message;
  if ((row_message = check_row (self->output_row, FALSE, &complete)))
    message = row_message;

  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_alert_dialog_set_response_enabled (ADW_ALERT_DIALOG (self), "save", complete);
#else
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", complete);
#endif
}

static void
confab_price_dialog_dispose (GObject *object)
{
  ConfabPriceDialog *self = (ConfabPriceDialog *)object;

#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (self), CONFAB_TYPE_PRICE_DIALOG);
#endif

  G_OBJECT_CLASS (confab_price_dialog_parent_class)->dispose (object);
}

static void
confab_price_dialog_finalize (GObject *object)
{
  ConfabPriceDialog *self = (ConfabPriceDialog *)object;

  g_clear_pointer (&self->original_model, g_free);

  G_OBJECT_CLASS (confab_price_dialog_parent_class)->finalize (object);
}

static void
confab_price_dialog_class_init (ConfabPriceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confab_price_dialog_dispose;
  object_class->finalize = confab_price_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/confab-price-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ConfabPriceDialog, cached_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabPriceDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabPriceDialog, input_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabPriceDialog, model_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabPriceDialog, output_row);
}

static void
confab_price_dialog_init (ConfabPriceDialog *self)
{
  AdwEntryRow *rows[4];

  gtk_widget_init_template (GTK_WIDGET (self));

  rows[0] = self->model_row;
  rows[1] = self->input_row;
  rows[2] = self->cached_row;
  rows[3] = self->output_row;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_signal_connect_object (rows[i], "changed",
                             G_CALLBACK (confab_price_dialog_validate),
                             self, G_CONNECT_SWAPPED);
}

/**
 * confab_price_dialog_new:
 * @model: (nullable): the model whose prices are edited, or %NULL to add
 *   one
 * @price: (nullable): its prices
 */
ConfabPriceDialog *
confab_price_dialog_new (const char        *model,
                         const ConfabPrice *price)
{
  ConfabPriceDialog *self;

  self = g_object_new (CONFAB_TYPE_PRICE_DIALOG, NULL);
  self->original_model = g_strdup (model);

  if (model != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->model_row), model);

  if (price != NULL)
    {
      g_autofree char *input = format_price (price->input);
      g_autofree char *cached = price->cached >= 0 ? format_price (price->cached) : g_strdup ("");
      g_autofree char *output = format_price (price->output);

      gtk_editable_set_text (GTK_EDITABLE (self->input_row), input);
      gtk_editable_set_text (GTK_EDITABLE (self->cached_row), cached);
      gtk_editable_set_text (GTK_EDITABLE (self->output_row), output);
    }

  confab_price_dialog_validate (self);

  return self;
}

/**
 * confab_price_dialog_present:
 * @parent: the widget it is for: inside its window from libadwaita 1.5
 *   on, a modal window on top of @parent's before
 */
void
confab_price_dialog_present (ConfabPriceDialog *self,
                             GtkWidget         *parent)
{
  g_return_if_fail (CONFAB_IS_PRICE_DIALOG (self));
  g_return_if_fail (GTK_IS_WIDGET (parent));

#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (self), parent);
#else
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (gtk_widget_get_root (parent)));
  gtk_window_present (GTK_WINDOW (self));
#endif
}

/**
 * confab_price_dialog_get_original_model:
 *
 * Returns: (nullable): the model the dialog was opened for, %NULL when
 *   adding one
 */
const char *
confab_price_dialog_get_original_model (ConfabPriceDialog *self)
{
  g_return_val_if_fail (CONFAB_IS_PRICE_DIALOG (self), NULL);

  return self->original_model;
}

char *
confab_price_dialog_dup_model (ConfabPriceDialog *self)
{
  g_return_val_if_fail (CONFAB_IS_PRICE_DIALOG (self), NULL);

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->model_row))));
}

static gboolean
parse_row (AdwEntryRow *row,
           double      *price)
{
  return confab_price_dialog_parse_price (gtk_editable_get_text (GTK_EDITABLE (row)), price);
}

/**
 * confab_price_dialog_get_price:
 * @price: (out): the prices entered
 *
 * Returns: %TRUE when every field holds a price
 */
gboolean
confab_price_dialog_get_price (ConfabPriceDialog *self,
                               ConfabPrice       *price)
{
  g_autofree char *cached = NULL;

  g_return_val_if_fail (CONFAB_IS_PRICE_DIALOG (self), FALSE);
  g_return_val_if_fail (price != NULL, FALSE);

  cached = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->cached_row))));
  price->cached = CONFAB_PRICE_UNSET;

  return parse_row (self->input_row, &price->input) &&
         parse_row (self->output_row, &price->output) &&
         (*cached == '\0' || parse_row (self->cached_row, &price->cached));
}

/**
 * confab_price_dialog_parse_price:
 * @text: what was typed, such as “1.25”, “$0.075” or “1,25”
 * @price: (out): the price
 *
 * Returns: %TRUE when @text is a price: a number, 0 or more
 */
gboolean
confab_price_dialog_parse_price (const char *text,
                                 double     *price)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *number = copy;
  char *end = NULL;
  double value;

  if (*number == '$')
    number++;
  while (g_ascii_isspace (*number))
    number++;

  /* A decimal comma is as good as a point. */
  g_strdelimit (number, ",", '.');

  if (*number == '\0' || !(g_ascii_isdigit (*number) || *number == '.'))
    return FALSE;

  value = g_ascii_strtod (number, &end);
  if (end == number || *end != '\0' || !isfinite (value) || value < 0)
    return FALSE;

  *price = value;

  return TRUE;
}
