/* confab-test-ui.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "confab-test-ui.h"

static void allow_toolkit_warnings (void);

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
  allow_toolkit_warnings ();

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

/* Warnings of GDK's that the widget tests count, and one they let
 * through, as the end-to-end tests do (tests/e2e/confab_e2e.py):
 *
 * - GTK 4.24's X11 backend, the first time it draws a popup without a
 *   compositor (as on Xvfb): a plain GtkPopover in a window with nothing
 *   else gets it, and any test that opens a popover or a tooltip may
 *   (/window-estimate/popovers did, 2 of 2 runs, and
 *   test-window-composer's model picker).  GLib warns once per process.
 *   Said as a message, it is not fatal under G_DEBUG=fatal-warnings.
 * - The frame clock, when the widgets ask for a fifth layout pass in
 *   one frame (GDK then draws the window as it is, and lays it out in
 *   the next frame).  It stays fatal on every GTK: Confab's Markdown
 *   views and view following leave what needs more layouts than the
 *   frame has to the next one (confab-frame-pass.c, test-frame-pass).
 *   It is counted for test-frame-pass, which checks that it did not
 *   come even where warnings are not fatal.
 */
typedef struct
{
  const char *prefix;
  guint       minor;    /* the GTK 4 version it is let through from */
  guint       count;    /* how many times it came */
} ToolkitWarning;

static ToolkitWarning toolkit_warnings[] = {
  { "gdk_frame_timings_submitted() called on submitted frame.", 24 },
  { "gdk-frame-clock: layout continuously requested", G_MAXUINT },
};

static GLogWriterOutput
toolkit_warnings_writer (GLogLevelFlags   log_level,
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

  if ((log_level & G_LOG_LEVEL_WARNING) != 0 && g_strcmp0 (domain, "Gdk") == 0 && message != NULL)
    for (gsize i = 0; i < G_N_ELEMENTS (toolkit_warnings); i++)
      if (g_str_has_prefix (message, toolkit_warnings[i].prefix))
        {
          toolkit_warnings[i].count++;
          if (toolkit_warnings[i].minor != G_MAXUINT &&
              gtk_check_version (4, toolkit_warnings[i].minor, 0) == NULL)
            log_level = (log_level & ~G_LOG_LEVEL_MASK) | G_LOG_LEVEL_MESSAGE;
          break;
        }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/**
 * confab_test_ui_count_toolkit_warnings:
 * @prefix: how one of the warnings counted begins
 *
 * Returns: how many times that warning came, in this process
 */
guint
confab_test_ui_count_toolkit_warnings (const char *prefix)
{
  for (gsize i = 0; i < G_N_ELEMENTS (toolkit_warnings); i++)
    if (g_str_has_prefix (toolkit_warnings[i].prefix, prefix))
      return toolkit_warnings[i].count;

  g_assert_not_reached ();
}

static void
allow_toolkit_warnings (void)
{
  g_log_set_writer_func (toolkit_warnings_writer, NULL, NULL);
}
