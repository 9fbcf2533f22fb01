/* confab-test-ui.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "confab-test-ui.h"

/**
 * confab_test_ui_init:
 *
 * What gtk_test_init() does, in the locale the tests assert on.
 * gtk_test_init() sets en_US.UTF-8, which groups digits ("1,904") where
 * it is installed and fails where it is not (with a warning since GTK
 * 4.24); C.UTF-8 is in every glibc Confab runs on, and formats numbers
 * the same everywhere.
 */
void
confab_test_ui_init (int    *argcp,
                     char ***argvp)
{
  g_test_init (argcp, argvp, NULL);
  gtk_disable_setlocale ();
  if (setlocale (LC_ALL, "C.UTF-8") == NULL)
    g_error ("The C.UTF-8 locale is missing");
  gtk_init ();

  /* No notification service listens in the tests, and without a window
   * manager no window has the focus: every answer would be announced,
   * into the void.  The memory backend keeps this for the whole test.
   */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_boolean (settings, "notify-answers", FALSE);
  }
}

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

/**
 * confab_test_get_widget:
 *
 * As confab_test_find_widget(), for a widget that must be there.
 *
 * Returns: (transfer none): the first widget, depth first, from @root
 *   on, of @type and named @name
 */
GtkWidget *
confab_test_get_widget (GtkWidget  *root,
                        GType       type,
                        const char *name)
{
  GtkWidget *widget = confab_test_find_widget (root, type, name);

  g_assert_nonnull (widget);

  return widget;
}

/* A condition for confab_test_run_until(). */
gboolean
confab_test_widget_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}
