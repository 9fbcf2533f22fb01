/* confab-key-store.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "confab-key-store.h"

/* The one owner of "the API key": the rest of Confab asks it for the key
 * and never cares where the key lives.
 *
 * By default the key is the "api-key" setting.  With "api-key-in-keyring"
 * on, it is kept in the Secret Service (the Secret portal inside Flatpak,
 * which libsecret uses by itself there) and the setting is emptied.  The
 * keyring is only ever called asynchronously, one call at a time; after
 * each call the store compares where the key is with where it should be
 * and makes the next call, so a switch flipped or a key typed while a call
 * is under way is never lost.
 *
 * Until the key has been read from the keyring the store is not "ready":
 * its key is NULL, and nothing may be sent.  The key is never logged.
 */

struct _ConfabKeyStore
{
  GObject       parent_instance;

  GSettings    *settings;
  GCancellable *cancellable;

  /* NULL until known. */
  char         *api_key;
  /* A translated sentence on what went wrong with the keyring, or NULL. */
  char         *problem;

  /* Where the key is now, which may lag behind the setting. */
  gboolean      in_keyring;
  /* A keyring call is under way. */
  gboolean      busy;
  /* The keyring's copy of the key is out of date. */
  gboolean      dirty;
};

G_DEFINE_FINAL_TYPE (ConfabKeyStore, confab_key_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_API_KEY,
  PROP_READY,
  PROP_IN_KEYRING,
  PROP_BUSY,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static const SecretSchema *
confab_key_store_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.confabapp.Confab.ApiKey", SECRET_SCHEMA_NONE,
    {
      { "purpose", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

#define KEY_ATTRIBUTES "purpose", "api-key", NULL

static void confab_key_store_reconcile (ConfabKeyStore *self);

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
confab_key_store_take_api_key (ConfabKeyStore *self,
                               char           *api_key)
{
  gboolean was_ready = self->api_key != NULL;

  if (g_strcmp0 (self->api_key, api_key) == 0)
    {
      clear_secret (&api_key);
      return;
    }

  clear_secret (&self->api_key);
  self->api_key = api_key;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_KEY]);
  if (was_ready != (self->api_key != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
confab_key_store_set_problem (ConfabKeyStore *self,
                              const char     *problem)
{
  if (g_strcmp0 (self->problem, problem) == 0)
    return;

  g_free (self->problem);
  self->problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

static void
confab_key_store_set_in_keyring (ConfabKeyStore *self,
                                 gboolean        in_keyring)
{
  if (self->in_keyring == in_keyring)
    return;

  self->in_keyring = in_keyring;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_KEYRING]);
}

static void
confab_key_store_set_busy (ConfabKeyStore *self,
                           gboolean        busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Empties the setting once the keyring holds the key. */
static void
confab_key_store_clear_setting (ConfabKeyStore *self)
{
  g_autofree char *stored = g_settings_get_string (self->settings, "api-key");

  if (*stored != '\0')
    g_settings_set_string (self->settings, "api-key", "");
  memset (stored, 0, strlen (stored));
}

/* Called once a keyring call has come back, whatever it did. */
static void
confab_key_store_call_done (ConfabKeyStore *self)
{
  confab_key_store_set_busy (self, FALSE);
  confab_key_store_reconcile (self);
}

static void
confab_key_store_lookup_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(ConfabKeyStore) self = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      g_autofree char *setting = g_settings_get_string (self->settings, "api-key");

      g_debug ("The keyring could not be read: %s", error->message);

      if (*setting != '\0')
        {
          /* A key was put into the setting meanwhile: it is the key. */
          confab_key_store_set_in_keyring (self, FALSE);
          confab_key_store_take_api_key (self, g_steal_pointer (&setting));
          g_settings_set_boolean (self->settings, "api-key-in-keyring", FALSE);
        }
      confab_key_store_set_problem (self, _("The keyring cannot be opened, so the API key kept there cannot be read. Turn off “Keep in Keyring” and enter the key again, or log in to a session with a keyring."));
    }
  else if (secret == NULL)
    {
      /* Nothing in the keyring: a key in the setting moves there next. */
      g_autofree char *setting = g_settings_get_string (self->settings, "api-key");

      confab_key_store_set_in_keyring (self, *setting == '\0');
      confab_key_store_take_api_key (self, g_steal_pointer (&setting));
      confab_key_store_set_problem (self, NULL);
    }
  else
    {
      confab_key_store_take_api_key (self, g_strdup (secret));
      secret_password_free (secret);
      confab_key_store_set_problem (self, NULL);
      /* The setting may still hold a copy from before. */
      confab_key_store_clear_setting (self);
    }

  confab_key_store_call_done (self);
}

static void
confab_key_store_written (ConfabKeyStore *self,
                          const GError   *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      g_debug ("The key could not be put in the keyring: %s", error->message);

      if (self->in_keyring)
        {
          /* The keyring went away: keep the key in the setting instead. */
          g_settings_set_string (self->settings, "api-key", self->api_key);
          confab_key_store_set_in_keyring (self, FALSE);
        }
      self->dirty = FALSE;
      g_settings_set_boolean (self->settings, "api-key-in-keyring", FALSE);
      confab_key_store_set_problem (self, _("No keyring is available, so the API key stays in Confab’s settings."));
    }
  else
    {
      confab_key_store_set_in_keyring (self, TRUE);
      confab_key_store_set_problem (self, NULL);
      confab_key_store_clear_setting (self);
    }

  confab_key_store_call_done (self);
}

static void
confab_key_store_store_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(ConfabKeyStore) self = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_store_finish (result, &error);
  confab_key_store_written (self, error);
}

/* An empty key is not kept: the old one is removed instead, which also
 * tells whether there is a keyring at all.
 */
static void
confab_key_store_empty_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(ConfabKeyStore) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Removing an absent key is no error. */
  secret_password_clear_finish (result, &error);
  confab_key_store_written (self, error);
}

static void
confab_key_store_remove_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(ConfabKeyStore) self = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The key is safe in the setting already; a copy left behind in a
   * keyring that went away is no reason to bother anyone.
   */
  if (error != NULL)
    g_debug ("The key could not be removed from the keyring: %s", error->message);

  confab_key_store_call_done (self);
}

/* Writes the key to the keyring. */
static void
confab_key_store_write (ConfabKeyStore *self)
{
  const char *key = self->api_key;

  self->dirty = FALSE;
  confab_key_store_set_busy (self, TRUE);

  if (*key == '\0')
    secret_password_clear (confab_key_store_get_schema (), self->cancellable,
                           confab_key_store_empty_cb, g_object_ref (self),
                           KEY_ATTRIBUTES);
  else
    secret_password_store (confab_key_store_get_schema (), SECRET_COLLECTION_DEFAULT,
                           /* Translators: the label of the key in the keyring, as Passwords and Keys shows it. */
                           _("Confab API Key"), key,
                           self->cancellable,
                           confab_key_store_store_cb, g_object_ref (self),
                           KEY_ATTRIBUTES);
}

static void
confab_key_store_reconcile (ConfabKeyStore *self)
{
  gboolean wanted;

  if (self->busy)
    return;

  wanted = g_settings_get_boolean (self->settings, "api-key-in-keyring");

  if (self->api_key == NULL)
    {
      /* The keyring could not be read.  Turning it off starts afresh
       * with whatever the setting holds.
       */
      if (!wanted)
        {
          confab_key_store_set_in_keyring (self, FALSE);
          confab_key_store_set_problem (self, NULL);
          confab_key_store_take_api_key (self, g_settings_get_string (self->settings, "api-key"));
        }
      return;
    }

  if (wanted && (!self->in_keyring || self->dirty))
    {
      confab_key_store_write (self);
    }
  else if (!wanted && self->in_keyring)
    {
      /* The setting first, so that the key is never nowhere. */
      g_settings_set_string (self->settings, "api-key", self->api_key);
      confab_key_store_set_in_keyring (self, FALSE);
      confab_key_store_set_problem (self, NULL);
      self->dirty = FALSE;

      confab_key_store_set_busy (self, TRUE);
      secret_password_clear (confab_key_store_get_schema (), self->cancellable,
                             confab_key_store_remove_cb, g_object_ref (self),
                             KEY_ATTRIBUTES);
    }
}

static void
confab_key_store_setting_changed_cb (ConfabKeyStore *self,
                                     const char     *key,
                                     GSettings      *settings)
{
  if (g_str_equal (key, "api-key-in-keyring"))
    {
      /* A fresh attempt: an old complaint no longer applies. */
      if (g_settings_get_boolean (settings, key))
        confab_key_store_set_problem (self, NULL);
      confab_key_store_reconcile (self);
    }
  else if (g_str_equal (key, "api-key"))
    {
      g_autofree char *value = g_settings_get_string (settings, key);

      /* Our own emptying of the setting, or a key set from outside
       * (gsettings, a test): the latter is the key from now on.
       */
      if (self->api_key == NULL || (self->in_keyring && *value == '\0'))
        return;

      confab_key_store_set_api_key (self, value);
      memset (value, 0, strlen (value));
    }
}

static void
confab_key_store_dispose (GObject *object)
{
  ConfabKeyStore *self = (ConfabKeyStore *)object;

  g_cancellable_cancel (self->cancellable);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (confab_key_store_parent_class)->dispose (object);
}

static void
confab_key_store_finalize (GObject *object)
{
  ConfabKeyStore *self = (ConfabKeyStore *)object;

  clear_secret (&self->api_key);
  g_clear_pointer (&self->problem, g_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (confab_key_store_parent_class)->finalize (object);
}

static void
confab_key_store_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ConfabKeyStore *self = CONFAB_KEY_STORE (object);

  switch (prop_id)
    {
    case PROP_API_KEY:
      g_value_set_string (value, self->api_key ? self->api_key : "");
      break;

    case PROP_READY:
      g_value_set_boolean (value, confab_key_store_get_ready (self));
      break;

    case PROP_IN_KEYRING:
      g_value_set_boolean (value, self->in_keyring);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_key_store_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ConfabKeyStore *self = CONFAB_KEY_STORE (object);

  switch (prop_id)
    {
    case PROP_API_KEY:
      confab_key_store_set_api_key (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_key_store_class_init (ConfabKeyStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confab_key_store_dispose;
  object_class->finalize = confab_key_store_finalize;
  object_class->get_property = confab_key_store_get_property;
  object_class->set_property = confab_key_store_set_property;

  /**
   * ConfabKeyStore:api-key:
   *
   * The key as entered; empty while it is not known yet.
   */
  properties[PROP_API_KEY] =
    g_param_spec_string ("api-key", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabKeyStore:ready:
   *
   * Whether the key is known: %FALSE while it is read from the keyring,
   * or when the keyring could not be read.
   */
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_IN_KEYRING] =
    g_param_spec_boolean ("in-keyring", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confab_key_store_init (ConfabKeyStore *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * confab_key_store_new:
 *
 * Returns: a store that keeps the key where @settings say; when that is
 *   the keyring, it starts reading the key at once.
 */
ConfabKeyStore *
confab_key_store_new (GSettings *settings)
{
  ConfabKeyStore *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (CONFAB_TYPE_KEY_STORE, NULL);
  self->settings = g_object_ref (settings);

  g_signal_connect_object (settings, "changed",
                           G_CALLBACK (confab_key_store_setting_changed_cb),
                           self, G_CONNECT_SWAPPED);

  if (g_settings_get_boolean (settings, "api-key-in-keyring"))
    {
      self->in_keyring = TRUE;
      self->busy = TRUE;
      secret_password_lookup (confab_key_store_get_schema (), self->cancellable,
                              confab_key_store_lookup_cb, g_object_ref (self),
                              KEY_ATTRIBUTES);
    }
  else
    {
      self->api_key = g_settings_get_string (settings, "api-key");
    }

  return self;
}

/**
 * confab_key_store_get_api_key:
 *
 * Returns: (nullable): the key, %NULL while it is not known
 */
const char *
confab_key_store_get_api_key (ConfabKeyStore *self)
{
  g_return_val_if_fail (CONFAB_IS_KEY_STORE (self), NULL);

  return self->api_key;
}

/**
 * confab_key_store_set_api_key:
 *
 * Keeps @api_key where keys are kept now.  Ignored while the key is not
 * known, lest a key half-typed over an unread one replace it.
 */
void
confab_key_store_set_api_key (ConfabKeyStore *self,
                              const char     *api_key)
{
  g_return_if_fail (CONFAB_IS_KEY_STORE (self));

  if (self->api_key == NULL)
    return;

  if (api_key == NULL)
    api_key = "";

  if (g_str_equal (self->api_key, api_key))
    return;

  confab_key_store_take_api_key (self, g_strdup (api_key));

  if (self->in_keyring || self->busy)
    self->dirty = TRUE;
  if (!self->in_keyring)
    {
      g_autofree char *stored = g_settings_get_string (self->settings, "api-key");

      if (!g_str_equal (stored, api_key))
        g_settings_set_string (self->settings, "api-key", api_key);
      memset (stored, 0, strlen (stored));
    }

  confab_key_store_reconcile (self);
}

gboolean
confab_key_store_get_ready (ConfabKeyStore *self)
{
  g_return_val_if_fail (CONFAB_IS_KEY_STORE (self), FALSE);

  return self->api_key != NULL;
}

gboolean
confab_key_store_get_in_keyring (ConfabKeyStore *self)
{
  g_return_val_if_fail (CONFAB_IS_KEY_STORE (self), FALSE);

  return self->in_keyring;
}

gboolean
confab_key_store_get_busy (ConfabKeyStore *self)
{
  g_return_val_if_fail (CONFAB_IS_KEY_STORE (self), FALSE);

  return self->busy;
}

/**
 * confab_key_store_get_problem:
 *
 * Returns: (nullable): what went wrong with the keyring, for people
 */
const char *
confab_key_store_get_problem (ConfabKeyStore *self)
{
  g_return_val_if_fail (CONFAB_IS_KEY_STORE (self), NULL);

  return self->problem;
}
