/* confab-application.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "confab-application-private.h"
#include "confab-window.h"

G_DEFINE_FINAL_TYPE (ConfabApplication, confab_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_PRICING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Prices come from what the person entered in Preferences, and for the
 * default gateway's models without one, from the list prices built in.
 */
static void
confab_application_load_pricing (ConfabApplication *self)
{
  g_autoptr(GVariant) prices = g_settings_get_value (self->settings, "model-prices");

  g_clear_object (&self->pricing);
  self->pricing = confab_pricing_new_from_variant (prices);
  confab_pricing_set_use_list_prices (self->pricing, TRUE);
  if (self->budget != NULL)
    confab_budget_tracker_set_pricing (self->budget, self->pricing);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRICING]);
}

static void
confab_application_activate (GApplication *app)
{
  ConfabApplication *self = CONFAB_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (confab_window_new (self));

  gtk_window_present (window);
}

/* Light, dark or the system's style, from Preferences. */
static void
confab_application_load_style (ConfabApplication *self)
{
  g_autofree char *style = g_settings_get_string (self->settings, "style");
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (style, "light"))
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (style, "dark"))
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

/* Answers that end while Confab is in the background */

static char *
notification_id (gint64 conversation_id)
{
  return g_strdup_printf ("answer-%" G_GINT64_FORMAT, conversation_id);
}

static gboolean
confab_application_has_focus (ConfabApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (gtk_window_is_active (l->data))
      return TRUE;

  return FALSE;
}

/* The start of @text on one line, for a notification's body. */
static char *
summarize (const char *text)
{
  g_autofree char *line = g_strstrip (g_strdelimit (g_strdup (text ? text : ""), "\r\n\t", ' '));

  if (g_utf8_strlen (line, -1) <= 120)
    return g_steal_pointer (&line);

  {
    g_autofree char *start = g_utf8_substring (line, 0, 119);

    return g_strconcat (g_strchomp (start), "…", NULL);
  }
}

/* An answer that is done while no window of Confab has the focus is
 * worth a notification, one per chat: a newer answer of the same chat
 * replaces it, and it goes when the person looks at the chat.  A stopped
 * answer was stopped by the person, who needs no news of it.
 */
static void
confab_application_answer_finished_cb (ConfabApplication  *self,
                                       ConfabConversation *conversation,
                                       ConfabMessage      *answer,
                                       ConfabExchanges    *exchanges)
{
  ConfabMessageState state = confab_message_get_state (answer);
  gint64 id = confab_exchanges_get_conversation_id (exchanges, conversation);
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;
  g_autofree char *key = NULL;
  ConfabConversationInfo *info = NULL;
  const char *title = NULL;

  if (state != CONFAB_MESSAGE_STATE_COMPLETE && state != CONFAB_MESSAGE_STATE_FAILED)
    return;

  /* An answer spent credits: what is left is asked, at most every 30 s. */
  if (state == CONFAB_MESSAGE_STATE_COMPLETE)
    confab_credits_monitor_update (self->credits);

  if (!g_settings_get_boolean (self->settings, "notify-answers") ||
      confab_application_has_focus (self))
    return;

  if (self->store != NULL && id != 0)
    info = confab_store_lookup_conversation (self->store, id);
  if (info != NULL)
    title = confab_conversation_info_get_title (info);
  if (title == NULL || *title == '\0')
    title = _("New Chat");

  if (state == CONFAB_MESSAGE_STATE_FAILED)
    {
      const GError *error = confab_message_get_error (answer);
      g_autofree char *reason = summarize (error != NULL ? error->message : NULL);

      /* Translators: %s says why, such as “The server did not answer in time.” */
      body = *reason != '\0' ? g_strdup_printf (_("The answer failed: %s"), reason)
                              : g_strdup (_("The answer failed"));
    }
  else
    {
      body = summarize (confab_message_get_content (answer));
      if (*body == '\0')
        {
          g_free (body);
          body = g_strdup (_("The answer is ready"));
        }
    }

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  if (id != 0)
    g_notification_set_default_action_and_target (notification, "app.open-conversation", "x", id);

  key = notification_id (id);
  g_hash_table_remove (self->withdrawing, &id);
  g_application_send_notification (G_APPLICATION (self), key, notification);
  if (id != 0)
    g_hash_table_add (self->notified, g_memdup2 (&id, sizeof id));
}

/* Asked to stop by the session or a terminal: as if the person quit. */
static gboolean
confab_application_signal_cb (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));

  return G_SOURCE_CONTINUE;
}

static void
confab_application_startup (GApplication *app)
{
  ConfabApplication *self = CONFAB_APPLICATION (app);

  g_autofree char *path = NULL;

  G_APPLICATION_CLASS (confab_application_parent_class)->startup (app);

  confab_application_set_up_text (gtk_settings_get_default ());

  /* Before the first window, so it never shows in the other style. */
  g_signal_connect_object (self->settings, "changed::style",
                           G_CALLBACK (confab_application_load_style),
                           self, G_CONNECT_SWAPPED);
  confab_application_load_style (self);

  /* Without its history Confab still chats; the window says why. */
  path = confab_store_get_default_path ();
  self->store = confab_store_new_for_path (path, &self->store_error);

  self->exchanges = confab_exchanges_new (self->client, self->store);
  g_signal_connect_object (self->exchanges, "answer-finished",
                           G_CALLBACK (confab_application_answer_finished_cb),
                           self, G_CONNECT_SWAPPED);
  {
    g_autofree char *models_path = g_build_filename (g_get_user_cache_dir (), "confab", "models.ini", NULL);

    self->model_list = confab_model_list_new (self->client, models_path);
  }
  _confab_application_set_up_budget (self);

  g_settings_bind (self->settings, "model", self->exchanges, "model", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "system-prompt", self->exchanges, "system-prompt", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "stream-answers", self->exchanges, "stream", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "send-temperature", self->exchanges, "send-temperature", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "temperature", self->exchanges, "temperature", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "send-max-output-tokens", self->exchanges, "send-max-output-tokens", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "max-output-tokens", self->exchanges, "max-output-tokens", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "reasoning-effort", self->exchanges, "reasoning-effort", G_SETTINGS_BIND_GET);

  _confab_application_add_actions (self);

  self->sigterm_id = g_unix_signal_add (SIGTERM, confab_application_signal_cb, self);
  self->sigint_id = g_unix_signal_add (SIGINT, confab_application_signal_cb, self);
  self->sighup_id = g_unix_signal_add (SIGHUP, confab_application_signal_cb, self);
}

/* Quitting, closing the last window or a signal to stop: answers on
 * their way keep what came and are stored as stopped, every window
 * keeps its draft, and the history is closed, with nothing left in its
 * write-ahead log.  This is a few small writes on the main thread, once.
 */
static void
confab_application_shutdown (GApplication *app)
{
  ConfabApplication *self = CONFAB_APPLICATION (app);
  g_autoptr(GList) windows = NULL;

  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);
  g_clear_handle_id (&self->sighup_id, g_source_remove);

  if (self->exchanges != NULL)
    confab_exchanges_stop_all (self->exchanges);

  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);

  if (self->store != NULL)
    confab_store_close (self->store);

  G_APPLICATION_CLASS (confab_application_parent_class)->shutdown (app);
}

static void
confab_application_dispose (GObject *object)
{
  ConfabApplication *self = (ConfabApplication *)object;

  g_clear_object (&self->exchanges);
  g_clear_pointer (&self->notified, g_hash_table_unref);
  g_clear_handle_id (&self->withdraw_id, g_source_remove);
  g_clear_pointer (&self->withdrawing, g_hash_table_unref);
  g_clear_object (&self->model_list);
  g_clear_object (&self->credits);
  g_clear_object (&self->budget);
  g_clear_object (&self->client);
  if (self->key_store != NULL)
    g_object_run_dispose (G_OBJECT (self->key_store));
  g_clear_object (&self->key_store);
  g_clear_object (&self->pricing);
  g_clear_object (&self->estimator);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_error (&self->store_error);

  G_OBJECT_CLASS (confab_application_parent_class)->dispose (object);
}

static void
confab_application_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ConfabApplication *self = CONFAB_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_PRICING:
      g_value_set_object (value, self->pricing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_application_class_init (ConfabApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = confab_application_dispose;
  object_class->get_property = confab_application_get_property;

  app_class->activate = confab_application_activate;
  app_class->startup = confab_application_startup;
  app_class->shutdown = confab_application_shutdown;

  /**
   * ConfabApplication:pricing:
   *
   * The prices entered in Preferences.  It is replaced by a new object,
   * and notified, whenever they change: a cost shown is computed again
   * on notify::pricing.
   */
  properties[PROP_PRICING] =
    g_param_spec_object ("pricing", NULL, NULL,
                         CONFAB_TYPE_PRICING,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* The proxy settings, to the client's one session. */
static void
confab_application_load_proxy (ConfabApplication *self)
{
  g_autofree char *mode = g_settings_get_string (self->settings, "proxy-mode");
  g_autofree char *url = g_settings_get_string (self->settings, "proxy-url");
  g_autofree char *user = g_settings_get_string (self->settings, "proxy-user");
  g_autofree char *password = g_settings_get_string (self->settings, "proxy-password");

  if (g_str_equal (mode, "manual") && *g_strstrip (url) != '\0')
    confab_client_set_proxy (self->client, url, user, password);
  else
    confab_client_set_proxy (self->client, NULL, NULL, NULL);

  memset (password, 0, strlen (password));
}

static void
confab_application_proxy_changed_cb (GSettings         *settings,
                                     const char        *key,
                                     ConfabApplication *self)
{
  if (g_str_has_prefix (key, "proxy-"))
    confab_application_load_proxy (self);
}

/* The key store's key, to the client: none while it is not known. */
static void
confab_application_load_api_key (ConfabApplication *self)
{
  const char *api_key = confab_key_store_get_api_key (self->key_store);
  const char *problem = confab_key_store_get_problem (self->key_store);

  confab_client_set_api_key (self->client, api_key);
  if (api_key != NULL)
    confab_client_set_api_key_problem (self->client, NULL);
  else if (problem != NULL)
    confab_client_set_api_key_problem (self->client, problem);
  else
    confab_client_set_api_key_problem (self->client, _("The API key is still being read from the keyring. Send again in a moment."));
}

static void
confab_application_init (ConfabApplication *self)
{
  /* The schema is always APP_ID's, also when tests use another app id. */
  self->settings = g_settings_new (APP_ID);
  self->notified = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->withdrawing = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->client = confab_client_new ();

  /* Changes apply to the next request, without a restart. */
  g_settings_bind (self->settings, "base-url", self->client, "base-url", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "plain-http-hosts", self->client, "plain-http-hosts", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "stall-timeout", self->client, "stall-timeout", G_SETTINGS_BIND_GET);

  /* The key is wherever the key store keeps it. */
  self->key_store = confab_key_store_new (self->settings);
  g_signal_connect_object (self->key_store, "notify::api-key",
                           G_CALLBACK (confab_application_load_api_key),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->key_store, "notify::ready",
                           G_CALLBACK (confab_application_load_api_key),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->key_store, "notify::problem",
                           G_CALLBACK (confab_application_load_api_key),
                           self, G_CONNECT_SWAPPED);
  confab_application_load_api_key (self);

  _confab_application_set_up_credits (self);

  g_signal_connect_object (self->settings, "changed::model-prices",
                           G_CALLBACK (confab_application_load_pricing),
                           self, G_CONNECT_SWAPPED);
  confab_application_load_pricing (self);
  _confab_application_load_estimator (self);

  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (confab_application_proxy_changed_cb),
                           self, 0);
  confab_application_load_proxy (self);
}

ConfabApplication *
confab_application_new (const char        *application_id,
                        GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (CONFAB_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       "resource-base-path", APP_PATH,
                       NULL);
}

ConfabClient *
confab_application_get_client (ConfabApplication *self)
{
  g_return_val_if_fail (CONFAB_IS_APPLICATION (self), NULL);

  return self->client;
}

GSettings *
confab_application_get_settings (ConfabApplication *self)
{
  g_return_val_if_fail (CONFAB_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * confab_application_get_key_store:
 *
 * Returns: (transfer none): the owner of the API key
 */
ConfabKeyStore *
confab_application_get_key_store (ConfabApplication *self)
{
  g_return_val_if_fail (CONFAB_IS_APPLICATION (self), NULL);

  return self->key_store;
}

/**
 * confab_application_get_store:
 *
 * Returns: (nullable) (transfer none): the history, or %NULL when it
 *   could not be opened (see confab_application_get_store_error())
 */
ConfabStore *
confab_application_get_store (ConfabApplication *self)
{
  g_return_val_if_fail (CONFAB_IS_APPLICATION (self), NULL);

  return self->store;
}

/**
 * confab_application_get_pricing:
 *
 * Returns: (transfer none): the prices of Preferences, empty when none
 *   were entered (then no cost is shown anywhere)
 */
ConfabPricing *
confab_application_get_pricing (ConfabApplication *self)
{
  g_return_val_if_fail (CONFAB_IS_APPLICATION (self), NULL);

  return self->pricing;
}

/**
 * confab_application_set_up_text:
 * @settings: the settings of a display
 *
 * Has text laid out on whole pixels, where GTK needs that to draw it
 * whole.
 *
 * With font metrics that are not hinted, GTK 4.8 (Debian 12) puts
 * lines between pixels.  Its GL renderer then draws the glyphs of Noto
 * Sans CJK, the fallback for Hangul, a pixel lower than they are laid
 * out and cuts off their bottom row: the final consonant of most
 * syllables (오전 reads 오저, 남산 낙사), in labels, text views and
 * entries alike, while Latin text looks right.  A text view also gives
 * such a line a pixel less than a label of the same text asks for.
 * Hinted metrics put every line on a whole pixel, as GTK 3 did, and
 * both go away.
 *
 * GTK 4.16 and later (Debian 13's 4.18, 4.24) do the same by default:
 * #GtkSettings:gtk-font-rendering "automatic" lays text out with
 * fractional metrics (a line of Korean is 19.3 px), their GL renderer
 * cuts off the same bottom row, and a text view gives such a line
 * 19 px where a label asks for 20.  There "automatic" becomes "manual",
 * which keeps the person's hinting and antialiasing settings, with
 * hinted metrics.  A person who chose "manual" keeps it.
 */
void
confab_application_set_up_text (GtkSettings *settings)
{
  g_return_if_fail (GTK_IS_SETTINGS (settings));

#if GTK_CHECK_VERSION (4, 16, 0)
  {
    GtkFontRendering rendering;

    g_object_get (settings, "gtk-font-rendering", &rendering, NULL);
    if (rendering != GTK_FONT_RENDERING_AUTOMATIC)
      return;
    g_object_set (settings, "gtk-font-rendering", GTK_FONT_RENDERING_MANUAL, NULL);
  }
#endif

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (settings), "gtk-hint-font-metrics") != NULL)
    g_object_set (settings, "gtk-hint-font-metrics", TRUE, NULL);
}

/**
 * confab_application_get_exchanges:
 *
 * Returns: (transfer none): the live conversations, which windows show
 *   and ask through
 */
ConfabExchanges *
confab_application_get_exchanges (ConfabApplication *self)
{
  g_return_val_if_fail (CONFAB_IS_APPLICATION (self), NULL);

  return self->exchanges;
}

/* How many times, a second apart, a withdrawal is repeated. */
#define WITHDRAW_TRIES 5

static gboolean
confab_application_withdraw_again_cb (gpointer user_data)
{
  ConfabApplication *self = user_data;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->withdrawing);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *id = notification_id (*(gint64 *) key);
      guint tries = GPOINTER_TO_UINT (value);

      g_application_withdraw_notification (G_APPLICATION (self), id);
      if (--tries == 0)
        g_hash_table_iter_remove (&iter);
      else
        g_hash_table_iter_replace (&iter, GUINT_TO_POINTER (tries));
    }

  if (g_hash_table_size (self->withdrawing) > 0)
    return G_SOURCE_CONTINUE;

  self->withdraw_id = 0;
  return G_SOURCE_REMOVE;
}

/**
 * confab_application_chat_seen:
 * @conversation_id: the chat a focused window shows
 *
 * Withdraws the notification of the chat's answer, if there is one out:
 * the person has seen it.
 *
 * GLib's backend for org.freedesktop.Notifications (used outside the
 * Flatpak and GNOME Shell) knows a notification only once the server
 * has answered the call that showed it, and drops a withdrawal that
 * comes earlier: the notification would stay.  A person who comes back
 * as it shows, or a busy notification server, makes it that early, so
 * the withdrawal is repeated for a few seconds; repeating one that was
 * done is a no-op.  A new notification of the chat ends the repeats.
 */
void
confab_application_chat_seen (ConfabApplication *self,
                              gint64             conversation_id)
{
  g_autofree char *key = NULL;

  g_return_if_fail (CONFAB_IS_APPLICATION (self));

  if (!g_hash_table_remove (self->notified, &conversation_id))
    return;

  key = notification_id (conversation_id);
  g_application_withdraw_notification (G_APPLICATION (self), key);

  g_hash_table_replace (self->withdrawing, g_memdup2 (&conversation_id, sizeof conversation_id),
                        GUINT_TO_POINTER (WITHDRAW_TRIES));
  if (self->withdraw_id == 0)
    self->withdraw_id = g_timeout_add_seconds (1, confab_application_withdraw_again_cb, self);
}

const GError *
confab_application_get_store_error (ConfabApplication *self)
{
  g_return_val_if_fail (CONFAB_IS_APPLICATION (self), NULL);

  return self->store_error;
}

/**
 * confab_application_get_model_list:
 *
 * Returns: (transfer none): the models the server lists, shared by the
 *   pickers of every window and of Preferences
 */
ConfabModelList *
confab_application_get_model_list (ConfabApplication *self)
{
  g_return_val_if_fail (CONFAB_IS_APPLICATION (self), NULL);

  return self->model_list;
}
