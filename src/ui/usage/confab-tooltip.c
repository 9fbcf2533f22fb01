/* confab-tooltip.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-tooltip.h"

/* A fixed tooltip for widgets made by the hundred, such as the rows of
 * a long list.  gtk_widget_set_tooltip_text() asks the display server
 * where the pointer is every time it is called (GTK 4.8), a round trip
 * that made a list of a thousand chats noticeably slower to show.  Here
 * the text is only handed over when the tooltip is about to show.
 */

static GQuark tooltip_quark;

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = confab_tooltip_get_text (widget);

  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
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
    tooltip_quark = g_quark_from_static_string ("confab-tooltip");

  /* Once per widget, whatever its tooltips come and go. */
  if (text != NULL &&
      g_signal_handler_find (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, query_tooltip_cb, NULL) == 0)
    g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  g_object_set_qdata_full (G_OBJECT (widget), tooltip_quark, g_strdup (text), g_free);
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
