/* confab-message-json.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-error.h"
#include "confab-json.h"
#include "confab-message-private.h"
#include "confab-util.h"

/* An answer from the server maps onto a message through JsonSerializable:
 * `id`, `model`, `created` and `usage` are properties, and `choices` is a
 * write-only property whose setter takes the first choice's message and
 * finish reason.
 */

/* Content is a string, or an array of parts of which the text parts
 * count; anything else is no content.
 */
static char *
content_from_node (JsonNode *node)
{
  const char *text = confab_json_node_get_string (node);
  g_autoptr(GString) joined = NULL;
  JsonArray *parts;

  if (text != NULL)
    return g_strdup (text);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  parts = json_node_get_array (node);
  joined = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (parts); i++)
    {
      JsonNode *part = json_array_get_element (parts, i);
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (part))
        continue;

      object = json_node_get_object (part);
      if (g_strcmp0 (confab_json_node_get_string (json_object_get_member (object, "type")), "text") != 0)
        continue;

      if ((text = confab_json_node_get_string (json_object_get_member (object, "text"))))
        g_string_append (joined, text);
    }

  return g_string_free (g_steal_pointer (&joined), FALSE);
}

void
_confab_message_set_choices (ConfabMessage *self,
                            JsonArray     *choices)
{
  JsonNode *choice;
  JsonObject *object;
  JsonNode *message;
  g_autofree char *content = NULL;
  const char *reasoning;

  if (choices == NULL || json_array_get_length (choices) == 0)
    return;

  choice = json_array_get_element (choices, 0);
  if (!JSON_NODE_HOLDS_OBJECT (choice))
    return;

  object = json_node_get_object (choice);
  {
    g_autofree char *copy = NULL;

    confab_message_set_finish_reason (self, confab_utf8_make_valid (confab_json_node_get_string (json_object_get_member (object, "finish_reason")),
                                                                    -1, &copy));
  }

  message = json_object_get_member (object, "message");
  if (message == NULL || !JSON_NODE_HOLDS_OBJECT (message))
    return;

  content = content_from_node (json_object_get_member (json_node_get_object (message), "content"));
  reasoning = confab_json_node_get_string (json_object_get_member (json_node_get_object (message), "reasoning_content"));
  if (reasoning == NULL)
    reasoning = confab_json_node_get_string (json_object_get_member (json_node_get_object (message), "reasoning"));

  /* The same path as a streamed answer, so <think> is split off alike. */
  confab_message_set_content (self, "");
  confab_message_set_reasoning (self, NULL);
  confab_message_append_delta (self, content, reasoning);
  confab_message_end_deltas (self);
}

static GParamSpec *
confab_message_find_property (JsonSerializable *serializable,
                              const char       *name)
{
  /* Only the members of an answer we know; everything else, including
   * an `error` member, is not ours to map.
   */
  if (g_str_equal (name, "id"))
    return confab_message_properties[PROP_RESPONSE_ID];
  if (g_str_equal (name, "model"))
    return confab_message_properties[PROP_MODEL];
  if (g_str_equal (name, "created"))
    return confab_message_properties[PROP_CREATED];
  if (g_str_equal (name, "usage"))
    return confab_message_properties[PROP_USAGE];
  if (g_str_equal (name, "choices"))
    return confab_message_properties[PROP_CHOICES];

  return NULL;
}

static gboolean
confab_message_deserialize_property (JsonSerializable *serializable,
                                     const char       *property_name,
                                     GValue           *value,
                                     GParamSpec       *pspec,
                                     JsonNode         *node)
{
  if (pspec == confab_message_properties[PROP_RESPONSE_ID] || pspec == confab_message_properties[PROP_MODEL])
    {
      g_autofree char *copy = NULL;

      /* json-glib lets through some bytes that are not UTF-8 (a lone
       * surrogate escape that the repair before it did not see).
       */
      g_value_set_string (value, confab_utf8_make_valid (confab_json_node_get_string (node), -1, &copy));
    }
  else if (pspec == confab_message_properties[PROP_CREATED])
    {
      gint64 time = confab_json_node_get_natural (node);

      /* NULL too for times GDateTime cannot hold. */
      g_value_take_boxed (value, time >= 0 ? g_date_time_new_from_unix_utc (time) : NULL);
    }
  else if (pspec == confab_message_properties[PROP_USAGE])
    {
      g_value_take_object (value, JSON_NODE_HOLDS_OBJECT (node) ? confab_usage_new_from_json (node, NULL) : NULL);
    }
  else if (pspec == confab_message_properties[PROP_CHOICES])
    {
      g_value_set_boxed (value, JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL);
    }
  else
    {
      return FALSE;
    }

  return TRUE;
}

void
_confab_message_serializable_init (JsonSerializableIface *iface)
{
  iface->find_property = confab_message_find_property;
  iface->deserialize_property = confab_message_deserialize_property;
}

/**
 * confab_message_new_from_response:
 * @node: a parsed chat-completions answer
 * @error: a location for a #GError
 *
 * Maps a non-streaming answer onto a new complete assistant message.
 *
 * Returns: (transfer full): the message, or %NULL with @error set
 *   (%CONFAB_CLIENT_ERROR_INVALID_RESPONSE) when @node is not an answer
 */
ConfabMessage *
confab_message_new_from_response (JsonNode  *node,
                                  GError   **error)
{
  g_autoptr(ConfabMessage) self = NULL;
  JsonObject *object;
  JsonNode *choices;
  JsonNode *choice;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    goto invalid;

  object = json_node_get_object (node);
  choices = json_object_get_member (object, "choices");
  if (choices == NULL ||
      !JSON_NODE_HOLDS_ARRAY (choices) ||
      json_array_get_length (json_node_get_array (choices)) == 0)
    goto invalid;

  choice = json_array_get_element (json_node_get_array (choices), 0);
  if (!JSON_NODE_HOLDS_OBJECT (choice) ||
      !json_object_has_member (json_node_get_object (choice), "message") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (choice), "message")))
    goto invalid;

  self = CONFAB_MESSAGE (json_gobject_deserialize (CONFAB_TYPE_MESSAGE, node));
  self->state = CONFAB_MESSAGE_STATE_COMPLETE;

  return g_steal_pointer (&self);

invalid:
  g_set_error_literal (error,
                       CONFAB_CLIENT_ERROR,
                       CONFAB_CLIENT_ERROR_INVALID_RESPONSE,
                       _("The server sent an unexpected response."));
  return NULL;
}

/**
 * confab_message_get_id:
 *
 * Returns: the message's row id in the history database, or 0 when it
 *   is not stored
 */
