/* confab-window-shortcuts.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-accessible.h"
#include "confab-window-private.h"

/* The shortcuts the window shows: AdwShortcutsDialog from libadwaita
 * 1.8 on, a GtkShortcutsWindow below; both follow the key that sends.
 *
 * Both are made when first asked for.  GtkApplication would make the
 * window of gtk/help-overlay.ui with every application window, and keep
 * it hidden: GTK 4.8 to 4.16, asked by an assistive technology for a
 * window of the application past those shown (as when a dialog has
 * just closed), answer with the last window of all, and crash when
 * that one was never shown or is hidden again (no accessibility path
 * to give).  So the shortcuts window also goes when closed.
 */

/* Whether Ctrl+Enter sends, as chosen in Preferences. */
static gboolean
sends_with_control (ConfabWindow *self)
{
  g_autofree char *send_key = g_settings_get_string (self->settings, "send-key");

  return g_str_equal (send_key, "ctrl-enter");
}

/* The two Enter shortcuts of the shortcuts window or dialog, as the
 * send key has them.
 */
static const char *
send_accelerator (gboolean control)
{
  return control ? "<Primary>Return" : "Return";
}

static const char *
new_line_accelerator (gboolean control)
{
  return control ? "Return <Shift>Return" : "<Shift>Return";
}

#if ADW_CHECK_VERSION (1, 8, 0)
static void
confab_window_update_shortcuts (ConfabWindow *self,
                                gboolean      control)
{
  if (self->shortcuts == NULL)
    return;

  adw_shortcuts_item_set_accelerator (g_object_get_data (G_OBJECT (self->shortcuts), "send-shortcut"),
                                      send_accelerator (control));
  adw_shortcuts_item_set_accelerator (g_object_get_data (G_OBJECT (self->shortcuts), "new-line-shortcut"),
                                      new_line_accelerator (control));
}

static void
confab_window_present_shortcuts (ConfabWindow *self,
                                 gboolean      control)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->shortcuts == NULL)
    {
      builder = gtk_builder_new_from_resource ("/io/github/confabapp/Confab/confab-shortcuts-dialog.ui");
      g_set_weak_pointer (&self->shortcuts, GTK_WIDGET (gtk_builder_get_object (builder, "shortcuts_dialog")));
      g_object_set_data_full (G_OBJECT (self->shortcuts), "send-shortcut",
                              g_object_ref (gtk_builder_get_object (builder, "send_shortcut")), g_object_unref);
      g_object_set_data_full (G_OBJECT (self->shortcuts), "new-line-shortcut",
                              g_object_ref (gtk_builder_get_object (builder, "new_line_shortcut")), g_object_unref);
      confab_window_update_shortcuts (self, control);
    }

  /* The builder's reference goes once the window holds the dialog. */
  adw_dialog_present (ADW_DIALOG (self->shortcuts), GTK_WIDGET (self));
}
#else
/* GTK 4.18 deprecates GtkShortcutsWindow; below libadwaita 1.8, which
 * brings its successor, it is still the one shown.  Its search page has
 * copies of the shortcuts: those updated are named.
 */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
confab_window_update_shortcuts (ConfabWindow *self,
                                gboolean      control)
{
  if (self->shortcuts == NULL)
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (self->shortcuts);
       child != NULL;
       child = confab_widget_next_descendant (self->shortcuts, child))
    {
      const char *name = gtk_widget_get_name (child);

      if (!GTK_IS_SHORTCUTS_SHORTCUT (child))
        continue;

      if (g_str_equal (name, "send-shortcut"))
        g_object_set (child, "accelerator", send_accelerator (control), NULL);
      else if (g_str_equal (name, "new-line-shortcut"))
        g_object_set (child, "accelerator", new_line_accelerator (control), NULL);
    }
}

/* Closed, the shortcuts window goes: hidden, it would have no
 * accessibility path either.
 */
static gboolean
confab_window_shortcuts_close_cb (ConfabWindow *self)
{
  gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self), NULL);

  return TRUE;
}

/* GtkApplicationWindow makes it modal and transient for the window, and
 * shows the accelerators of its actions.
 */
static void
confab_window_present_shortcuts (ConfabWindow *self,
                                 gboolean      control)
{
  if (self->shortcuts == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/confabapp/Confab/confab-shortcuts-window.ui");
      GtkShortcutsWindow *window = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

      gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self), window);
      g_signal_connect_object (window, "close-request", G_CALLBACK (confab_window_shortcuts_close_cb),
                               self, G_CONNECT_SWAPPED);
      g_set_weak_pointer (&self->shortcuts, GTK_WIDGET (window));
      confab_window_update_shortcuts (self, control);
    }

  gtk_window_present (GTK_WINDOW (self->shortcuts));
}
G_GNUC_END_IGNORE_DEPRECATIONS
#endif

/* win.show-help-overlay, as GTK names the action of its shortcuts
 * window.
 */
void
confab_window_show_shortcuts (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  ConfabWindow *self = CONFAB_WINDOW (user_data);

  confab_window_present_shortcuts (self, sends_with_control (self));
}

/* The key that sends, from Preferences: the composer follows it, and so
 * do the two Enter shortcuts of the shortcuts window.
 */
void
confab_window_update_send_key (ConfabWindow *self)
{
  gboolean control = sends_with_control (self);

  confab_composer_set_send_with_control (self->composer, control);
  confab_window_update_shortcuts (self, control);
}
