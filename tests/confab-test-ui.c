/* confab-test-ui.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-test-ui.h"

/**
 * confab_test_find_widget:
 * @type: the type to look for, or %G_TYPE_INVALID for any
 * @name: (nullable): the widget's name, or %NULL for any
 *
 * Returns: (nullable) (transfer none): the first widget, depth first,
 *   from @root on, of @type and named @name
 */
GtkWidget *
confab_test_find_widget (GtkWidget  *root,
                         GType       type,
                         const char *name)
{
  if ((type == G_TYPE_INVALID || G_TYPE_CHECK_INSTANCE_TYPE (root, type)) &&
      (name == NULL || g_strcmp0 (gtk_widget_get_name (root), name) == 0))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = confab_test_find_widget (child, type, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A condition for confab_test_run_until(). */
gboolean
confab_test_widget_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}
