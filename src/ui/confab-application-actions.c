/* confab-application-actions.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-application-private.h"
#include "confab-preferences-window.h"
#include "confab-usage-window.h"
#include "confab-window.h"

static ConfabPreferencesWindow *
confab_application_show_preferences (ConfabApplication *self)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  ConfabPreferencesWindow *preferences;

  preferences = confab_preferences_window_new (self->settings, self->key_store);
  confab_preferences_window_set_model_list (preferences, self->model_list);
  confab_preferences_window_present (preferences, parent);

  return preferences;
}

static void
confab_application_preferences_action (GSimpleAction *action,
                                       GVariant      *parameter,
                                       gpointer       user_data)
{
  confab_application_show_preferences (CONFAB_APPLICATION (user_data));
}

static void
confab_application_api_key_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  ConfabPreferencesWindow *preferences;

  preferences = confab_application_show_preferences (CONFAB_APPLICATION (user_data));
  confab_preferences_window_focus_api_key (preferences);
}

static void
confab_application_about_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  static const char *developers[] = { "The Confab authors", NULL };
  ConfabApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

#if ADW_CHECK_VERSION (1, 5, 0)
  GObject *about = G_OBJECT (adw_about_dialog_new ());
#else
  GObject *about = G_OBJECT (adw_about_window_new ());
#endif

  /* AdwAboutDialog and AdwAboutWindow have the same properties. */
  g_object_set (about,
                "application-name", "Confab",
                "application-icon", APP_ID,
                "developer-name", _("The Confab authors"),
                "version", PACKAGE_VERSION,
                "website", "https://github.com/confabapp/confab",
                "issue-url", "https://github.com/confabapp/confab/issues",
                "developers", developers,
                "copyright", "© 2026 The Confab authors",
                "license-type", GTK_LICENSE_GPL_3_0,
                /* Translators: put your names here, one per line. */
                "translator-credits", _("translator-credits"),
                NULL);

#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (about), GTK_WIDGET (parent));
#else
  gtk_window_set_transient_for (GTK_WINDOW (about), parent);
  gtk_window_present (GTK_WINDOW (about));
#endif
}

static void
confab_application_usage_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  ConfabApplication *self = CONFAB_APPLICATION (user_data);
  GtkWindow *usage_window = NULL;

  /* There is one usage window at a time. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (CONFAB_IS_USAGE_WINDOW (l->data))
        usage_window = l->data;
    }

  if (usage_window == NULL)
    {
      usage_window = GTK_WINDOW (confab_usage_window_new (GTK_APPLICATION (self),
                                                          self->store, self->store_error,
                                                          self->pricing));
      /* New prices give new costs. */
      g_object_bind_property (self, "pricing", usage_window, "pricing", G_BINDING_DEFAULT);
      confab_usage_window_set_credits_monitor (CONFAB_USAGE_WINDOW (usage_window), self->credits);
      confab_usage_window_set_budget_tracker (CONFAB_USAGE_WINDOW (usage_window), self->budget);
    }
  else
    {
      /* Shown again, it counts what was asked since. */
      confab_usage_window_reload (CONFAB_USAGE_WINDOW (usage_window));
    }

  /* Opened to see them: the credits too, unless they are fresh. */
  confab_credits_monitor_update (self->credits);

  gtk_window_present (usage_window);
}

/* A chat, shown in the main window that was used last (made when there
 * is none), which presents itself with it: the usage window's rows open
 * chats so, as windows are made only here.
 */
static void
confab_application_open_conversation_action (GSimpleAction *action,
                                             GVariant      *parameter,
                                             gpointer       user_data)
{
  ConfabApplication *self = CONFAB_APPLICATION (user_data);
  GtkWidget *window = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL && window == NULL; l = l->next)
    {
      if (CONFAB_IS_WINDOW (l->data))
        window = l->data;
    }

  if (window == NULL)
    window = GTK_WIDGET (confab_window_new (self));

  gtk_widget_activate_action (window, "win.open-conversation", "x", g_variant_get_int64 (parameter));
}

/* Another window, on the chat of last time; a chat shown in two windows
 * is the same chat in both, its answer too.
 */
static void
confab_application_new_window_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  ConfabApplication *self = CONFAB_APPLICATION (user_data);

  gtk_window_present (GTK_WINDOW (confab_window_new (self)));
}

static void
confab_application_refresh_credits_action (GSimpleAction *action,
                                           GVariant      *parameter,
                                           gpointer       user_data)
{
  ConfabApplication *self = CONFAB_APPLICATION (user_data);

  confab_credits_monitor_refresh (self->credits);
}

static void
confab_application_quit_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "new-window", confab_application_new_window_action },
  { "open-conversation", confab_application_open_conversation_action, "x" },
  { "preferences", confab_application_preferences_action },
  { "api-key", confab_application_api_key_action },
  { "usage", confab_application_usage_action },
  { "about", confab_application_about_action },
  { "refresh-credits", confab_application_refresh_credits_action },
  { "quit", confab_application_quit_action },
};

void
_confab_application_add_actions (ConfabApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", (const char *[]) { "<primary>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", (const char *[]) { "<primary>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.usage", (const char *[]) { "<primary>u", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.new-chat", (const char *[]) { "<primary>n", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-window", (const char *[]) { "<primary><shift>n", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", (const char *[]) { "<primary>w", NULL });
  /* The accelerator GtkApplication gives the shortcuts window it makes
   * of gtk/help-overlay.ui; Confab makes its own (confab-window-shortcuts.c).
   */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", (const char *[]) { "<primary>question", NULL });
}
