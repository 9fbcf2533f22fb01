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
 * 1.8 on, GtkApplication's shortcuts window (gtk/help-overlay.ui) below;
 * both follow the key that sends.
 */

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
confab_window_update_shortcuts_dialog (ConfabWindow *self,
                                       gboolean      control)
{
  if (self->shortcuts_dialog == NULL)
    return;

  adw_shortcuts_item_set_accelerator (g_object_get_data (G_OBJECT (self->shortcuts_dialog), "send-shortcut"),
                                      send_accelerator (control));
  adw_shortcuts_item_set_accelerator (g_object_get_data (G_OBJECT (self->shortcuts_dialog), "new-line-shortcut"),
                                      new_line_accelerator (control));
}

/* win.show-help-overlay, as GTK names the action of its shortcuts
 * window: the AdwShortcutsDialog that replaces it.
 */
void
confab_window_show_shortcuts (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  ConfabWindow *self = CONFAB_WINDOW (user_data);
  g_autoptr(GtkBuilder) builder = NULL;
  g_autofree char *send_key = NULL;

  if (self->shortcuts_dialog != NULL)
    {
      adw_dialog_present (ADW_DIALOG (self->shortcuts_dialog), GTK_WIDGET (self));
      return;
    }

  builder = gtk_builder_new_from_resource ("/io/github/confabapp/Confab/confab-shortcuts-dialog.ui");
  g_set_weak_pointer (&self->shortcuts_dialog, GTK_WIDGET (gtk_builder_get_object (builder, "shortcuts_dialog")));
  g_object_set_data_full (G_OBJECT (self->shortcuts_dialog), "send-shortcut",
                          g_object_ref (gtk_builder_get_object (builder, "send_shortcut")), g_object_unref);
  g_object_set_data_full (G_OBJECT (self->shortcuts_dialog), "new-line-shortcut",
                          g_object_ref (gtk_builder_get_object (builder, "new_line_shortcut")), g_object_unref);

  send_key = g_settings_get_string (self->settings, "send-key");
  confab_window_update_shortcuts_dialog (self, g_str_equal (send_key, "ctrl-enter"));
  adw_dialog_present (ADW_DIALOG (self->shortcuts_dialog), GTK_WIDGET (self));
}
#endif

/* The key that sends, from Preferences: the composer follows it, and so
 * do the two Enter shortcuts of the shortcuts window.
 */
void
confab_window_update_send_key (ConfabWindow *self)
{
  g_autofree char *send_key = g_settings_get_string (self->settings, "send-key");
  gboolean control = g_str_equal (send_key, "ctrl-enter");
#if !ADW_CHECK_VERSION (1, 8, 0)
  GtkShortcutsWindow *overlay;
#endif

  confab_composer_set_send_with_control (self->composer, control);

#if ADW_CHECK_VERSION (1, 8, 0)
  confab_window_update_shortcuts_dialog (self, control);
#else
  /* GTK 4.18 deprecates the shortcuts window that GtkApplication makes
   * of gtk/help-overlay.ui; below libadwaita 1.8, which brings its
   * successor, it is still the one shown, and must follow the send key.
   */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self));
  G_GNUC_END_IGNORE_DEPRECATIONS
  if (overlay == NULL)
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (overlay));
       child != NULL;
       child = confab_widget_next_descendant (GTK_WIDGET (overlay), child))
    {
      const char *name = gtk_widget_get_name (child);

      if (!GTK_IS_SHORTCUTS_SHORTCUT (child))
        continue;

      if (g_str_equal (name, "send-shortcut"))
        g_object_set (child, "accelerator", send_accelerator (control), NULL);
      else if (g_str_equal (name, "new-line-shortcut"))
        g_object_set (child, "accelerator", new_line_accelerator (control), NULL);
    }
#endif
}
