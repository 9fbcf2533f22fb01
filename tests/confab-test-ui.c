/* confab-test-ui.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "confab-test-ui.h"

static void allow_popup_frame_warning (void);

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
  allow_popup_frame_warning ();

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

/* The warning GTK 4.24's X11 backend gives the first time it draws a
 * popup without a compositor (as on Xvfb): a GtkPopover alone in a
 * window of its own gives it too.  GLib warns once per process.
 */
#define POPUP_FRAME_WARNING "gdk_frame_timings_submitted() called on submitted frame."

static GLogWriterOutput
popup_frame_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  /* Said, but as a message: not fatal under G_DEBUG=fatal-warnings. */
  if ((log_level & G_LOG_LEVEL_WARNING) != 0 &&
      g_strcmp0 (domain, "Gdk") == 0 &&
      g_strcmp0 (message, POPUP_FRAME_WARNING) == 0)
    log_level = (log_level & ~G_LOG_LEVEL_MASK) | G_LOG_LEVEL_MESSAGE;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* On GTK 4.24 and later, the one warning GDK's X11 backend gives about
 * the first frame of a popup drawn without a compositor
 * (POPUP_FRAME_WARNING) is not fatal in the widget tests: it says
 * nothing about Confab, as a plain GtkPopover in a window with nothing
 * else gets it on Xvfb, and any test that opens a popover or a tooltip
 * may get it (/window-estimate/popovers did, 2 of 2 runs, and
 * test-window-composer's model picker).  Every other warning stays
 * fatal.
 */
static void
allow_popup_frame_warning (void)
{
  if (gtk_check_version (4, 24, 0) == NULL)
    g_log_set_writer_func (popup_frame_writer, NULL, NULL);
}
