/* confab-request.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-error.h"
#include "confab-message.h"
#include "confab-request.h"

static void
add_message (JsonBuilder *builder,
             const char  *role,
             const char  *content)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, role);
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content);
  json_builder_end_object (builder);
}

JsonNode *
confab_request_build_body (const char *model,
                           const char *system_prompt,
                           GListModel *history)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n_items;

  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (history), NULL);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, model);

  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);

  if (system_prompt != NULL && *system_prompt != '\0')
    add_message (builder, confab_role_to_string (CONFAB_ROLE_SYSTEM), system_prompt);

  n_items = g_list_model_get_n_items (history);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (history, i);

      /* Answers that never completed are not part of what was said. */
      if (confab_message_get_state (message) != CONFAB_MESSAGE_STATE_COMPLETE)
        continue;

      add_message (builder,
                   confab_role_to_string (confab_message_get_role (message)),
                   confab_message_get_content (message));
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * confab_request_uri_is_loopback:
 *
 * Returns: whether @uri names this computer (localhost, 127.0.0.0/8, ::1)
 */
gboolean
confab_request_uri_is_loopback (GUri *uri)
{
  const char *host;
  g_autoptr(GInetAddress) address = NULL;

  g_return_val_if_fail (uri != NULL, FALSE);

  host = g_uri_get_host (uri);
  if (host == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0 ||
      g_str_has_suffix (host, ".localhost"))
    return TRUE;

  /* GUri keeps IPv6 literals without their brackets. */
  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * confab_request_is_local_url:
 *
 * Returns: whether @base_url is a valid URL naming this computer
 */
gboolean
confab_request_is_local_url (const char *base_url)
{
  g_autoptr(GUri) uri = NULL;

  if (base_url == NULL)
    return FALSE;

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);

  return uri != NULL && confab_request_uri_is_loopback (uri);
}

GUri *
confab_request_build_uri (const char  *base_url,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(GUri) base = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *joined = NULL;
  const char *scheme;

  g_return_val_if_fail (path != NULL, NULL);

  stripped = g_strstrip (g_strdup (base_url ? base_url : ""));

  base = g_uri_parse (stripped, G_URI_FLAGS_ENCODED, NULL);
  scheme = base ? g_uri_get_scheme (base) : NULL;

  if (base == NULL ||
      g_uri_get_host (base) == NULL ||
      *g_uri_get_host (base) == '\0' ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0) ||
      g_uri_get_query (base) != NULL ||
      g_uri_get_fragment (base) != NULL ||
      g_uri_get_userinfo (base) != NULL)
    {
      g_set_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_URL,
                   _("“%s” is not a valid base URL. Enter an address such as https://api.evolink.ai/v1 in Preferences."),
                   stripped);
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !confab_request_uri_is_loopback (base))
    {
      g_set_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INSECURE_URL,
                   _("Confab does not send your conversation and API key unencrypted to “%s”. Use an https:// address; plain http:// is only for servers on this computer, such as llama.cpp or Ollama."),
                   g_uri_get_host (base));
      return NULL;
    }

  /* The path is always below the base, whether or not it ends in '/'. */
  if (g_str_has_suffix (stripped, "/"))
    joined = g_strconcat (stripped, path, NULL);
  else
    joined = g_strconcat (stripped, "/", path, NULL);

  return g_uri_parse (joined, G_URI_FLAGS_ENCODED, error);
}
