/* confab-model-list.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-model-list.h"

/* The models the server at the client's base URL lists, for pickers.
 *
 * Lists are kept per base URL in a small key file (one group per base
 * URL), so that a picker has names at once, even offline; they are asked
 * for again once per run when a picker opens (confab_model_list_ensure()),
 * or when the person refreshes.  When the base URL or the key changes,
 * the list becomes that of the new URL.  Reading and writing the file and
 * asking the server are all asynchronous.
 */

struct _ConfabModelList
{
  GObject       parent_instance;

  ConfabClient *client;
  char         *cache_file;
  GKeyFile     *cache;
  gboolean      cache_loaded;
  gboolean      cache_dirty;
  gboolean      writing;

  /* The base URL the list is of, and whether it was asked this run. */
  char         *base_url;
  GHashTable   *fetched;

  GStrv         models;
  char         *error_message;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (ConfabModelList, confab_model_list, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MODELS,
  PROP_LOADING,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static char *
cache_key (const char *base_url)
{
  g_autofree char *key = g_strstrip (g_strdup (base_url ? base_url : ""));
  gsize len = strlen (key);

  while (len > 0 && key[len - 1] == '/')
    key[--len] = '\0';

  return g_steal_pointer (&key);
}

static void
set_models (ConfabModelList    *self,
            const char * const *models)
{
  if (self->models == NULL && models == NULL)
    return;
  if (self->models != NULL && models != NULL &&
      g_strv_equal ((const char * const *) self->models, models))
    return;

  g_strfreev (self->models);
  self->models = g_strdupv ((char **) models);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODELS]);
}

static void
set_error_message (ConfabModelList *self,
                   const char      *message)
{
  if (g_strcmp0 (self->error_message, message) == 0)
    return;

  g_free (self->error_message);
  self->error_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
load_cached (ConfabModelList *self)
{
  g_auto(GStrv) models = NULL;

  if (self->cache != NULL)
    models = g_key_file_get_string_list (self->cache, self->base_url, "models", NULL, NULL);

  set_models (self, (const char * const *) models);
}

static void write_cache (ConfabModelList *self);

static void
write_cache_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ConfabModelList) self = user_data;
  g_autoptr(GError) error = NULL;

  self->writing = FALSE;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_debug ("Could not keep the list of models: %s", error->message);

  if (self->cache_dirty)
    write_cache (self);
}

static void
write_cache (ConfabModelList *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *data;
  gsize size;

  if (self->cache_file == NULL || self->cache == NULL)
    return;

  /* One write at a time; the newest contents follow the one under way. */
  self->cache_dirty = TRUE;
  if (self->writing)
    return;

  self->cache_dirty = FALSE;
  self->writing = TRUE;

  file = g_file_new_for_path (self->cache_file);
  parent = g_file_get_parent (file);
  /* A folder under the cache folder: quick, and only the first time. */
  if (parent != NULL)
    g_file_make_directory_with_parents (parent, NULL, NULL);

  data = g_key_file_to_data (self->cache, &size, NULL);
  bytes = g_bytes_new_take (data, size);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_NONE,
                                       NULL, write_cache_cb, g_object_ref (self));
}

static void
read_cache_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ConfabModelList) self = user_data;
  g_autoptr(GKeyFile) file_cache = g_key_file_new ();
  g_autofree char *contents = NULL;
  gsize size;

  self->cache_loaded = TRUE;

  if (g_file_load_contents_finish (G_FILE (object), result, &contents, &size, NULL, NULL) &&
      g_key_file_load_from_data (file_cache, contents, size, G_KEY_FILE_NONE, NULL))
    {
      g_auto(GStrv) groups = g_key_file_get_groups (file_cache, NULL);

      /* Lists fetched meanwhile are newer than the file's. */
      for (guint i = 0; groups[i] != NULL; i++)
        {
          g_auto(GStrv) models = NULL;

          if (g_key_file_has_group (self->cache, groups[i]))
            continue;

          models = g_key_file_get_string_list (file_cache, groups[i], "models", NULL, NULL);
          if (models != NULL)
            g_key_file_set_string_list (self->cache, groups[i], "models",
                                        (const char * const *) models, g_strv_length (models));
        }
    }

  if (self->models == NULL)
    load_cached (self);
}

static void
base_url_changed_cb (ConfabModelList *self)
{
  g_autofree char *key = cache_key (confab_client_get_base_url (self->client));

  if (g_strcmp0 (key, self->base_url) == 0)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  g_free (self->base_url);
  self->base_url = g_steal_pointer (&key);

  set_error_message (self, NULL);
  load_cached (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
api_key_changed_cb (ConfabModelList *self)
{
  /* Another key may see other models, or none before. */
  g_hash_table_remove_all (self->fetched);
}

static void
list_models_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ConfabModelList) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;

  models = confab_client_list_models_finish (CONFAB_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);

  if (models == NULL)
    {
      set_error_message (self, error->message);
    }
  else
    {
      set_error_message (self, NULL);
      g_key_file_set_string_list (self->cache, self->base_url, "models",
                                  (const char * const *) models, g_strv_length (models));
      g_key_file_set_int64 (self->cache, self->base_url, "updated", g_get_real_time () / G_USEC_PER_SEC);
      set_models (self, (const char * const *) models);
      write_cache (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
confab_model_list_dispose (GObject *object)
{
  ConfabModelList *self = (ConfabModelList *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (confab_model_list_parent_class)->dispose (object);
}

static void
confab_model_list_finalize (GObject *object)
{
  ConfabModelList *self = (ConfabModelList *)object;

  g_clear_pointer (&self->cache_file, g_free);
  g_clear_pointer (&self->cache, g_key_file_unref);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->fetched, g_hash_table_unref);
  g_clear_pointer (&self->models, g_strfreev);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (confab_model_list_parent_class)->finalize (object);
}

static void
confab_model_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ConfabModelList *self = CONFAB_MODEL_LIST (object);

  switch (prop_id)
    {
    case PROP_MODELS:
      g_value_set_boxed (value, self->models);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, confab_model_list_get_loading (self));
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_model_list_class_init (ConfabModelListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confab_model_list_dispose;
  object_class->finalize = confab_model_list_finalize;
  object_class->get_property = confab_model_list_get_property;

  /**
   * ConfabModelList:models:
   *
   * The model ids the server lists, sorted; %NULL while none are known.
   */
  properties[PROP_MODELS] =
    g_param_spec_boxed ("models", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabModelList:error-message:
   *
   * Why the last request for the list failed, for people; %NULL once one
   * succeeds.
   */
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confab_model_list_init (ConfabModelList *self)
{
  self->cache = g_key_file_new ();
  self->fetched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * confab_model_list_new:
 * @client: the client that asks the server
 * @cache_file: (nullable): where the lists are kept between runs, such
 *   as `$XDG_CACHE_HOME/confab/models.ini`, or %NULL to keep none
 */
ConfabModelList *
confab_model_list_new (ConfabClient *client,
                       const char   *cache_file)
{
  ConfabModelList *self;

  g_return_val_if_fail (CONFAB_IS_CLIENT (client), NULL);

  self = g_object_new (CONFAB_TYPE_MODEL_LIST, NULL);
  self->client = g_object_ref (client);
  self->cache_file = g_strdup (cache_file);
  self->base_url = cache_key (confab_client_get_base_url (client));

  g_signal_connect_object (client, "notify::base-url",
                           G_CALLBACK (base_url_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "notify::api-key",
                           G_CALLBACK (api_key_changed_cb),
                           self, G_CONNECT_SWAPPED);

  if (cache_file != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (cache_file);

      g_file_load_contents_async (file, NULL, read_cache_cb, g_object_ref (self));
    }
  else
    {
      self->cache_loaded = TRUE;
    }

  return self;
}

/**
 * confab_model_list_get_models:
 *
 * Returns: (nullable) (transfer none): the models of the base URL, sorted,
 *   or %NULL while none are known
 */
const char * const *
confab_model_list_get_models (ConfabModelList *self)
{
  g_return_val_if_fail (CONFAB_IS_MODEL_LIST (self), NULL);

  return (const char * const *) self->models;
}

gboolean
confab_model_list_contains (ConfabModelList *self,
                            const char      *model)
{
  g_return_val_if_fail (CONFAB_IS_MODEL_LIST (self), FALSE);

  return model != NULL && self->models != NULL &&
         g_strv_contains ((const char * const *) self->models, model);
}

gboolean
confab_model_list_get_loading (ConfabModelList *self)
{
  g_return_val_if_fail (CONFAB_IS_MODEL_LIST (self), FALSE);

  return self->cancellable != NULL;
}

const char *
confab_model_list_get_error_message (ConfabModelList *self)
{
  g_return_val_if_fail (CONFAB_IS_MODEL_LIST (self), NULL);

  return self->error_message;
}

/**
 * confab_model_list_refresh:
 *
 * Asks the server for its models again, now.
 */
void
confab_model_list_refresh (ConfabModelList *self)
{
  g_return_if_fail (CONFAB_IS_MODEL_LIST (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  self->cancellable = g_cancellable_new ();
  g_hash_table_add (self->fetched, g_strdup (self->base_url));
  confab_client_list_models_async (self->client, self->cancellable,
                                   list_models_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/**
 * confab_model_list_ensure:
 *
 * Asks the server for its models unless it was asked this run (for this
 * base URL and key) or is being asked.
 */
void
confab_model_list_ensure (ConfabModelList *self)
{
  g_return_if_fail (CONFAB_IS_MODEL_LIST (self));

  if (self->cancellable != NULL || g_hash_table_contains (self->fetched, self->base_url))
    return;

  confab_model_list_refresh (self);
}
