/* confab-tooltip.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-tooltip.h"

/* A fixed tooltip for widgets made by the hundred, such as the rows of
 * a long list.  gtk_widget_set_tooltip_text() asks the display server
 * where the pointer is every time it is called (GTK 4.8), a round trip
 * that made a list of a thousand chats noticeably slower to show.  Here
 * the text is only handed over when the tooltip is about to show.
 */

static GQuark tooltip_quark;
static GQuark label_quark;

/* The widest a tooltip of one line is, as GTK has it: in average
 * character widths.
 */
#define TOOLTIP_MAX_WIDTH_CHARS 50

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = confab_tooltip_get_text (widget);
  GtkLabel *label;

  if (text == NULL)
    return FALSE;

  /* Text of several lines is shown as it is, unwrapped, as GTK does. */
  if (strchr (text, '\n') != NULL)
    {
      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }

  /* One label per widget, for as long as it has a tooltip. */
  label = g_object_get_qdata (G_OBJECT (widget), label_quark);
  if (label == NULL)
    {
      label = GTK_LABEL (g_object_ref_sink (confab_tooltip_label_new (text)));
      g_object_set_qdata_full (G_OBJECT (widget), label_quark, label, g_object_unref);
    }
  else if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    {
      gtk_label_set_text (label, text);
    }

  gtk_tooltip_set_custom (tooltip, GTK_WIDGET (label));
  return TRUE;
}

/**
 * confab_tooltip_label_new:
 * @text: a tooltip of one line
 *
 * The label a tooltip of @text shows.  GTK 4.8 wraps a tooltip of one
 * line at as many average character widths as it has characters: a
 * Hangul syllable is about twice as wide as that, so a Korean tooltip
 * of a few words broke onto two lines ("이 예상치를 / 내는 방법").  This
 * label wraps at TOOLTIP_MAX_WIDTH_CHARS of them, as GTK does longer
 * text, whatever its script.
 *
 * Returns: (transfer floating): a new #GtkLabel
 */
GtkWidget *
confab_tooltip_label_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), TOOLTIP_MAX_WIDTH_CHARS);

  return label;
}

/**
 * confab_tooltip_set_text:
 * @widget: a widget
 * @text: (nullable): its tooltip
 *
 * Gives @widget a tooltip of plain text, as gtk_widget_set_tooltip_text()
 * does, without a round trip to the display server.
 */
void
confab_tooltip_set_text (GtkWidget  *widget,
                         const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (tooltip_quark == 0)
    {
      tooltip_quark = g_quark_from_static_string ("confab-tooltip");
      label_quark = g_quark_from_static_string ("confab-tooltip-label");
    }

  /* Once per widget, whatever its tooltips come and go. */
  if (text != NULL &&
      g_signal_handler_find (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, query_tooltip_cb, NULL) == 0)
    g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  g_object_set_qdata_full (G_OBJECT (widget), tooltip_quark, g_strdup (text), g_free);
  if (text == NULL)
    g_object_set_qdata (G_OBJECT (widget), label_quark, NULL);
  gtk_widget_set_has_tooltip (widget, text != NULL);
}

/**
 * confab_tooltip_get_text:
 *
 * Returns: (nullable): the tooltip set with confab_tooltip_set_text(),
 *   or else the widget's tooltip text
 */
const char *
confab_tooltip_get_text (GtkWidget *widget)
{
  const char *text = NULL;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  if (tooltip_quark != 0)
    text = g_object_get_qdata (G_OBJECT (widget), tooltip_quark);

  return text != NULL ? text : gtk_widget_get_tooltip_text (widget);
}
