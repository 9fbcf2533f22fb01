/* confab-accessible.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Names for assistive technologies where GTK would give a control none,
 * or a wrong one.  A screen reader asks AT-SPI for a control's name; when
 * a control has no accessible label, GTK 4.8 computes one from its
 * children and, failing that, says the type of the widget ("GtkImage",
 * "GtkMenuButton").  A button with a mnemonic gets its label twice, the
 * first time with the underscore ("_Save Save").
 */

#include "config.h"

#include "confab-accessible.h"

/* A button whose label has a mnemonic is named after the label as
 * shown, without the underscore.
 */
static void
name_mnemonic_button (GtkButton *button)
{
  GtkWidget *child = gtk_button_get_child (button);

  if (!GTK_IS_LABEL (child) || !gtk_label_get_use_underline (GTK_LABEL (child)))
    return;

  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_text (GTK_LABEL (child)),
                                  -1);
}

/**
 * confab_widget_next_descendant:
 * @root: where the walk started
 * @widget: a descendant of @root
 *
 * Returns: (nullable) (transfer none): the widget after @widget in a
 *   depth-first walk of @root's descendants
 */
GtkWidget *
confab_widget_next_descendant (GtkWidget *root,
                               GtkWidget *widget)
{
  if (gtk_widget_get_first_child (widget) != NULL)
    return gtk_widget_get_first_child (widget);

  for (; widget != NULL && widget != root; widget = gtk_widget_get_parent (widget))
    if (gtk_widget_get_next_sibling (widget) != NULL)
      return gtk_widget_get_next_sibling (widget);

  return NULL;
}

static gboolean
map_hook (GSignalInvocationHint *hint,
          guint                  n_values,
          const GValue          *values,
          gpointer               user_data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);

  if (GTK_IS_BUTTON (widget))
    {
      name_mnemonic_button (GTK_BUTTON (widget));
    }
  else if (GTK_IS_WINDOW (widget))
    {
      /* A window's buttons that are not shown yet, or never: assistive
       * technologies see them too.
       */
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = confab_widget_next_descendant (widget, child))
        if (GTK_IS_BUTTON (child))
          name_mnemonic_button (GTK_BUTTON (child));
    }

  return TRUE;
}

/**
 * confab_accessible_init:
 *
 * Names every mnemonic button when it or its window is shown, the ones
 * that libraries make too (the responses of an #AdwMessageDialog, which
 * assistive technologies see even in the layout that is not shown): see
 * the top of this file.  Call once, before any window is shown.
 */
void
confab_accessible_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                                  map_hook, NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}

static void
name_after_tooltip (GtkWidget *widget)
{
  const char *text = gtk_widget_get_tooltip_text (widget);

  if (text != NULL && *text != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
tooltip_changed_cb (GtkWidget  *widget,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  name_after_tooltip (widget);
}

/**
 * confab_accessible_name_after_tooltip:
 * @widget: an icon-only control made by a library, such as the Show
 *   Text button of an #AdwPasswordEntryRow
 *
 * Names @widget after its tooltip, now and whenever the tooltip changes.
 */
void
confab_accessible_name_after_tooltip (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  name_after_tooltip (widget);
  g_signal_connect (widget, "notify::tooltip-text", G_CALLBACK (tooltip_changed_cb), NULL);
}

/**
 * confab_accessible_name_split_button:
 * @button: an #AdwSplitButton
 * @label: the name of its button
 * @menu_label: the name of its menu button
 *
 * Names the parts of @button, which assistive technologies read one by
 * one: the split button's own name reaches neither.
 */
void
confab_accessible_name_split_button (GtkWidget  *button,
                                     const char *label,
                                     const char *menu_label)
{
  g_return_if_fail (GTK_IS_WIDGET (button));

  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);

  for (GtkWidget *child = gtk_widget_get_first_child (button);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_MENU_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, menu_label,
                                        -1);
      else if (GTK_IS_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                        -1);
    }
}
