/* confab-request.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

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

/* A prompt with images: its content is an array of parts, its text
 * (when it has any) first, then each image as a `data:` URL.  A prompt
 * without images stays a plain string.
 */
/* With @deferred, an image's URL is a placeholder, and the image is
 * added to @deferred: see confab_request_fill_images().
 */
static void
add_prompt (JsonBuilder   *builder,
            ConfabMessage *prompt,
            GPtrArray     *deferred,
            const char    *nonce)
{
  const char *text = confab_message_get_content (prompt);
  guint n_images = confab_message_get_n_attachments (prompt);

  if (n_images == 0)
    {
      add_message (builder, confab_role_to_string (CONFAB_ROLE_USER), text);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, confab_role_to_string (CONFAB_ROLE_USER));
  json_builder_set_member_name (builder, "content");
  json_builder_begin_array (builder);

  if (text != NULL && *text != '\0')
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "text");
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, text);
      json_builder_end_object (builder);
    }

  for (guint i = 0; i < n_images; i++)
    {
      ConfabAttachment *image = confab_message_get_attachment (prompt, i);
      g_autofree char *url = NULL;

      if (deferred != NULL)
        {
          url = g_strdup_printf ("%s%u", nonce, deferred->len);
          g_ptr_array_add (deferred, g_object_ref (image));
        }
      else
        {
          url = confab_attachment_dup_data_url (image);
        }

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "image_url");
      json_builder_set_member_name (builder, "image_url");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, url);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* Whether @text has nothing to read: a chat template would make an
 * empty turn of it.
 */
static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

/* Whether @answer is part of what was said: an answer that completed or
 * was stopped, with text.  An answer cut short because Confab stopped
 * (interrupted) counts as stopped; one that failed does not count, nor
 * one still being written, nor one with reasoning and no text.
 */
static gboolean
answer_is_said (ConfabMessage *answer)
{
  switch (confab_message_get_state (answer))
    {
    case CONFAB_MESSAGE_STATE_COMPLETE:
    case CONFAB_MESSAGE_STATE_CANCELLED:
      break;

    case CONFAB_MESSAGE_STATE_FAILED:
      if (!g_error_matches (confab_message_get_error (answer),
                            CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_INTERRUPTED))
        return FALSE;
      break;

    case CONFAB_MESSAGE_STATE_PENDING:
    default:
      return FALSE;
    }

  return !is_blank (confab_message_get_content (answer));
}

static void
add_exchange (JsonBuilder   *builder,
              ConfabMessage *prompt,
              ConfabMessage *answer,
              GPtrArray     *deferred,
              const char    *nonce)
{
  add_prompt (builder, prompt, deferred, nonce);

  if (answer != NULL)
    add_message (builder,
                 confab_role_to_string (CONFAB_ROLE_ASSISTANT),
                 confab_message_get_content (answer));
}

/* The history is read as exchanges: a prompt and the answers that follow
 * it.  An exchange goes into the request as the prompt and its last
 * answer that was said (see answer_is_said()), or not at all, so that
 * the turns alternate and no assistant turn is empty.  The last prompt
 * always goes in, alone if nothing of its answer was said: it is the
 * question.  Answers before the first prompt and system messages are
 * left out; the system prompt is @system_prompt.
 */
JsonNode *
confab_request_build_body (const char *model,
                           const char *system_prompt,
                           GListModel *history)
{
  return confab_request_build_body_deferred (model, system_prompt, history, NULL, NULL);
}

/**
 * confab_request_build_body_deferred:
 * @images: (out) (optional) (transfer full) (element-type ConfabAttachment):
 *   the images of the body, whose URLs are placeholders
 * @nonce: (out) (optional) (transfer full): the start of the
 *   placeholders
 *
 * Like confab_request_build_body(), without the images' bytes: a
 * photo's data URL is megabytes, which json-glib takes hundreds of
 * milliseconds to write out.  confab_request_fill_images() puts them in
 * the written body, on a worker thread.
 */
JsonNode *
confab_request_build_body_deferred (const char  *model,
                                    const char  *system_prompt,
                                    GListModel  *history,
                                    GPtrArray  **images,
                                    char       **nonce)
{
  g_autoptr(GPtrArray) deferred = NULL;
  g_autofree char *start = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(ConfabMessage) prompt = NULL;
  g_autoptr(ConfabMessage) said = NULL;
  guint n_items;

  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (history), NULL);
  g_return_val_if_fail ((images == NULL) == (nonce == NULL), NULL);

  if (images != NULL)
    {
      deferred = g_ptr_array_new_with_free_func (g_object_unref);
      start = g_strdup_printf ("confab-image-%08x%08x-", g_random_int (), g_random_int ());
    }

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

      switch (confab_message_get_role (message))
        {
        case CONFAB_ROLE_USER:
          if (said != NULL)
            add_exchange (builder, prompt, said, deferred, start);

          g_set_object (&prompt, message);
          g_clear_object (&said);
          break;

        case CONFAB_ROLE_ASSISTANT:
          if (prompt == NULL)
            break;

          if (answer_is_said (message))
            g_set_object (&said, message);
          break;

        case CONFAB_ROLE_SYSTEM:
        default:
          break;
        }
    }

  if (prompt != NULL)
    add_exchange (builder, prompt, said, deferred, start);

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (images != NULL)
    {
      *images = g_steal_pointer (&deferred);
      *nonce = g_steal_pointer (&start);
    }

  return json_builder_get_root (builder);
}

/**
 * confab_request_fill_images:
 * @json: a body of confab_request_build_body_deferred(), written out
 * @images: (element-type ConfabAttachment): its images
 * @nonce: the start of its placeholders
 *
 * Puts each image's data URL where its placeholder is, as a string of
 * JSON: base64 needs no escape.  Any thread.
 *
 * Returns: (transfer full): the body to send
 */
GBytes *
confab_request_fill_images (const char *json,
                            GPtrArray  *images,
                            const char *nonce)
{
  g_autoptr(GString) body = NULL;
  gsize nonce_length;
  gsize size = strlen (json);
  const char *p = json;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (images != NULL, NULL);
  g_return_val_if_fail (nonce != NULL, NULL);

  for (guint i = 0; i < images->len; i++)
    size += g_bytes_get_size (confab_attachment_get_data (g_ptr_array_index (images, i))) / 3 * 4 + 64;
  body = g_string_sized_new (size);
  nonce_length = strlen (nonce);

  /* A placeholder is a whole string: "NONCE" then its index, quoted.
   * Text that holds the nonce has its quotes escaped, so it is never
   * taken for one.
   */
  for (const char *found; (found = strstr (p, nonce)) != NULL; )
    {
      const char *digits = found + nonce_length;
      char *end = NULL;
      guint64 index;

      index = g_ascii_strtoull (digits, &end, 10);
      if (found == json || found[-1] != '"' || (found - 1 > json && found[-2] == '\\') ||
          end == digits || *end != '"' || index >= images->len)
        {
          g_string_append_len (body, p, digits - p);
          p = digits;
          continue;
        }

      g_string_append_len (body, p, found - p);
      {
        g_autofree char *url = confab_attachment_dup_data_url (g_ptr_array_index (images, index));

        g_string_append (body, url);
      }
      p = end;
    }

  g_string_append (body, p);

  return g_string_free_to_bytes (g_steal_pointer (&body));
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

/* Whether @address is in a range that only reaches the local network:
 * 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 and link-local 169.254.0.0/16;
 * unique local fc00::/7 and link-local fe80::/10.
 */
static gboolean
address_is_home_network (GInetAddress *address)
{
  const guint8 *bytes = g_inet_address_to_bytes (address);

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
    return bytes[0] == 10 ||
           (bytes[0] == 172 && (bytes[1] & 0xf0) == 16) ||
           (bytes[0] == 192 && bytes[1] == 168) ||
           (bytes[0] == 169 && bytes[1] == 254);

  return (bytes[0] & 0xfe) == 0xfc ||
         (bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80);
}

/**
 * confab_request_uri_is_home_network:
 *
 * Returns: whether @uri names a computer on the local network: a
 *   private or link-local address, or a .local name (mDNS), such as
 *   another computer at home that runs Ollama
 */
gboolean
confab_request_uri_is_home_network (GUri *uri)
{
  const char *host;
  g_autoptr(GInetAddress) address = NULL;

  g_return_val_if_fail (uri != NULL, FALSE);

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    return FALSE;

  address = g_inet_address_new_from_string (host);
  if (address != NULL)
    return address_is_home_network (address);

  /* A name with something before .local, with or without the final dot. */
  {
    g_autofree char *name = g_ascii_strdown (host, -1);
    gsize length = strlen (name);

    if (length > 0 && name[length - 1] == '.')
      name[--length] = '\0';

    return length > strlen (".local") &&
           g_str_has_suffix (name, ".local") &&
           name[length - strlen (".local") - 1] != '.';
  }
}

static gboolean
host_is_listed (const char         *host,
                const char * const *hosts)
{
  if (hosts == NULL)
    return FALSE;

  for (guint i = 0; hosts[i] != NULL; i++)
    if (g_ascii_strcasecmp (host, hosts[i]) == 0)
      return TRUE;

  return FALSE;
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
  return confab_request_build_uri_full (base_url, path, NULL, error);
}

/**
 * confab_request_build_uri_full:
 * @plain_http_hosts: (nullable): hosts on the home network the person
 *   allowed plain http for
 *
 * Checks @base_url and returns the URI of @path below it.  https is
 * accepted anywhere; http for loopback hosts, and for hosts on the home
 * network (confab_request_uri_is_home_network()) that are in
 * @plain_http_hosts.  Such a host that is not is refused with
 * %CONFAB_CLIENT_ERROR_UNCONFIRMED_URL, any other http host with
 * %CONFAB_CLIENT_ERROR_INSECURE_URL, whatever the list says.
 */
GUri *
confab_request_build_uri_full (const char          *base_url,
                               const char          *path,
                               const char * const  *plain_http_hosts,
                               GError             **error)
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

  if (g_ascii_strcasecmp (scheme, "http") == 0 &&
      !confab_request_uri_is_loopback (base) &&
      confab_request_uri_is_home_network (base) &&
      !host_is_listed (g_uri_get_host (base), plain_http_hosts))
    {
      g_set_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_UNCONFIRMED_URL,
                   _("“%s” is on your network and takes plain http:// only: your chats and API key would be sent unencrypted on your network. Allow it in Preferences to use it."),
                   g_uri_get_host (base));
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, "http") == 0 &&
      !confab_request_uri_is_loopback (base) &&
      !confab_request_uri_is_home_network (base))
    {
      g_set_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INSECURE_URL,
                   _("Confab does not send your chat and API key unencrypted to “%s”. Use an https:// address; plain http:// is only for servers on this computer or on your home network, such as llama.cpp or Ollama."),
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

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

GStrv
confab_request_parse_models (GBytes  *body,
                             GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *root;
  JsonNode *data = NULL;
  JsonArray *array;
  const char *text;
  gsize size;

  g_return_val_if_fail (body != NULL, NULL);

  text = g_bytes_get_data (body, &size);

  if (size > G_MAXSSIZE ||
      !json_parser_load_from_data (parser, text ? text : "", size, NULL) ||
      !(root = json_parser_get_root (parser)) ||
      !JSON_NODE_HOLDS_OBJECT (root) ||
      !(data = json_object_get_member (json_node_get_object (root), "data")) ||
      !JSON_NODE_HOLDS_ARRAY (data))
    {
      g_set_error_literal (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_RESPONSE,
                           _("The server did not answer with a list of models."));
      return NULL;
    }

  array = json_node_get_array (data);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonNode *id;
      const char *value;

      if (!JSON_NODE_HOLDS_OBJECT (element) ||
          !(id = json_object_get_member (json_node_get_object (element), "id")) ||
          json_node_get_value_type (id) != G_TYPE_STRING ||
          !(value = json_node_get_string (id)) ||
          *value == '\0' ||
          !g_utf8_validate (value, -1, NULL) ||
          g_hash_table_contains (seen, value))
        continue;

      g_hash_table_add (seen, (gpointer) value);
      g_ptr_array_add (ids, g_strdup (value));
    }

  g_ptr_array_sort (ids, compare_ids);
  g_ptr_array_add (ids, NULL);

  return (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}
