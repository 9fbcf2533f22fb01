/* confab-tooltip.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-tooltip.h"

/* Every tooltip of Confab shows in a label of its own, made here.
 *
 * GTK 4.8 wraps a tooltip of one line at as many average character
 * widths as it has characters: a Hangul syllable is about twice as wide
 * as that, so a Korean tooltip of a few words broke onto two lines
 * ("이미지 / 첨부").  The label made here wraps at
 * TOOLTIP_MAX_WIDTH_CHARS of them, as GTK does longer text, whatever
 * its script.  A widget's label is made when its tooltip first shows,
 * and kept for the next time.
 *
 * The tooltips come from three places: confab_tooltip_set_text(), for
 * widgets made by the hundred; the tooltip-text of a widget, declared in
 * a .ui file or set with gtk_widget_set_tooltip_text(), once
 * confab_tooltip_attach() was called on it or on a widget that holds
 * it; and a widget's own query-tooltip handler, through
 * confab_tooltip_show_text().
 */

static GQuark tooltip_quark;
static GQuark label_quark;

/* The widest a tooltip of one line is, as GTK has it: in average
 * character widths.
 */
#define TOOLTIP_MAX_WIDTH_CHARS 50

static void
ensure_quarks (void)
{
  if (tooltip_quark == 0)
    {
      tooltip_quark = g_quark_from_static_string ("confab-tooltip");
      label_quark = g_quark_from_static_string ("confab-tooltip-label");
    }
}

/* Shows @text, Pango markup if @is_markup, in @widget's label. */
static void
show_label (GtkTooltip *tooltip,
            GtkWidget  *widget,
            const char *text,
            gboolean    is_markup)
{
  GtkLabel *label;

  ensure_quarks ();

  /* One label per widget, for as long as it has a tooltip. */
  label = g_object_get_qdata (G_OBJECT (widget), label_quark);
  if (label == NULL)
    {
      label = GTK_LABEL (g_object_ref_sink (confab_tooltip_label_new (NULL)));
      g_object_set_qdata_full (G_OBJECT (widget), label_quark, label, g_object_unref);
    }

  if (gtk_label_get_use_markup (label) != is_markup ||
      g_strcmp0 (gtk_label_get_label (label), text) != 0)
    {
      if (is_markup)
        gtk_label_set_markup (label, text);
      else
        gtk_label_set_text (label, text);
    }

  /* Text of several lines is shown as it is, unwrapped, as GTK does. */
  gtk_label_set_wrap (label, strchr (text, '\n') == NULL);

  gtk_tooltip_set_custom (tooltip, GTK_WIDGET (label));
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = g_object_get_qdata (G_OBJECT (widget), tooltip_quark);
  const char *markup;

  if (text != NULL)
    {
      show_label (tooltip, widget, text, FALSE);
      return TRUE;
    }

  /* The widget's own tooltip, which GTK keeps as markup too. */
  markup = gtk_widget_get_tooltip_markup (widget);
  if (markup == NULL)
    return FALSE;

  show_label (tooltip, widget, markup, TRUE);
  return TRUE;
}

/* Once per widget, whatever its tooltips come and go. */
static void
connect_query_tooltip (GtkWidget *widget)
{
  ensure_quarks ();

  if (g_signal_handler_find (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, query_tooltip_cb, NULL) == 0)
    g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
}

/**
 * confab_tooltip_label_new:
 * @text: (nullable): a tooltip of one line
 *
 * The label a tooltip of @text shows: it wraps at
 * TOOLTIP_MAX_WIDTH_CHARS average character widths, as GTK does longer
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
 * does, without a round trip to the display server: that function asks
 * it where the pointer is every time it is called (GTK 4.8), which made
 * a list of a thousand chats noticeably slower to show.  Here the text
 * is only handed over when the tooltip is about to show.  For widgets
 * made by the hundred, such as the rows of a long list.
 */
void
confab_tooltip_set_text (GtkWidget  *widget,
                         const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text != NULL)
    connect_query_tooltip (widget);

  ensure_quarks ();
  g_object_set_qdata_full (G_OBJECT (widget), tooltip_quark, g_strdup (text), g_free);
  if (text == NULL)
    g_object_set_qdata (G_OBJECT (widget), label_quark, NULL);
  gtk_widget_set_has_tooltip (widget, text != NULL);
}

/**
 * confab_tooltip_attach:
 * @widget: a widget
 *
 * Shows the tooltip-text of @widget and of every widget inside it, as
 * it is now or is set later, in a label made here: for the tooltips of
 * a .ui file, call it on the template after gtk_widget_init_template().
 * A widget whose tooltip is set from then on calls it on itself.
 */
void
confab_tooltip_attach (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (gtk_widget_get_tooltip_text (widget) != NULL)
    connect_query_tooltip (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    confab_tooltip_attach (child);
}

/**
 * confab_tooltip_show_text:
 * @tooltip: the tooltip of a query-tooltip handler
 * @widget: the widget it is for
 * @text: the text to show
 *
 * For a widget's own query-tooltip handler: shows @text in @tooltip as
 * gtk_tooltip_set_text() does, in the label made here.
 */
void
confab_tooltip_show_text (GtkTooltip *tooltip,
                          GtkWidget  *widget,
                          const char *text)
{
  g_return_if_fail (GTK_IS_TOOLTIP (tooltip));
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (text != NULL);

  show_label (tooltip, widget, text, FALSE);
}

/**
 * confab_tooltip_get_label:
 * @widget: a widget
 *
 * Returns: (nullable) (transfer none): the label that shows the tooltip
 *   of @widget, made when it first showed
 */
GtkWidget *
confab_tooltip_get_label (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  if (label_quark == 0)
    return NULL;

  return g_object_get_qdata (G_OBJECT (widget), label_quark);
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
