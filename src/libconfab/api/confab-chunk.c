/* confab-chunk.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-chunk.h"
#include "confab-json.h"
#include "confab-util.h"

/* One chunk of a streamed answer: the JSON data of one server-sent event.
 * It maps onto the chunk through JsonSerializable: `id`, `model`,
 * `created` and `usage` are properties, and `choices` and `error` are
 * write-only properties whose setters take the first choice's delta and
 * finish reason, and the error's message.
 *
 * A stream is the server's to shape, so every member may be missing,
 * null or of another type than expected: what does not fit is missing.
 */

struct _ConfabChunk
{
  GObject      parent_instance;

  char        *response_id;
  char        *model;
  gint64       created;
  char        *content;
  char        *reasoning;
  char        *finish_reason;
  ConfabUsage *usage;
  char        *error_message;
  gboolean     is_error;

  /* Halves of surrogate pairs at the edges of the texts, or 0. */
  gunichar2    content_low;
  gunichar2    content_high;
  gunichar2    reasoning_low;
  gunichar2    reasoning_high;
};

static void confab_chunk_serializable_init (JsonSerializableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ConfabChunk, confab_chunk, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (JSON_TYPE_SERIALIZABLE,
                                                      confab_chunk_serializable_init))

enum {
  PROP_0,
  PROP_RESPONSE_ID,
  PROP_MODEL,
  PROP_CREATED,
  PROP_CONTENT,
  PROP_REASONING,
  PROP_FINISH_REASON,
  PROP_USAGE,
  PROP_ERROR_MESSAGE,
  PROP_CHOICES,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static const char *
string_from_member (JsonObject *object,
                    const char *member)
{
  return confab_json_node_get_string (json_object_get_member (object, member));
}

/* Keeps a copy of @value in @field.  json-glib turns a lone surrogate
 * escape into bytes that are not UTF-8; those become U+FFFD here, so
 * that every string a chunk hands out is valid UTF-8.
 */
static void
confab_chunk_set_string (ConfabChunk  *self,
                         char        **field,
                         const char   *value,
                         guint         prop_id)
{
  g_autofree char *copy = NULL;

  confab_set_string (G_OBJECT (self), field, confab_utf8_make_valid (value, -1, &copy), properties[prop_id]);
}

static void
confab_chunk_set_created (ConfabChunk *self,
                          gint64       created)
{
  if (created < 0)
    created = -1;

  if (self->created == created)
    return;

  self->created = created;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
}

static void
confab_chunk_set_usage (ConfabChunk *self,
                        ConfabUsage *usage)
{
  if (g_set_object (&self->usage, usage))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USAGE]);
}

static void
confab_chunk_set_choices (ConfabChunk *self,
                          JsonArray   *choices)
{
  JsonNode *choice;
  JsonNode *delta;
  JsonObject *object;
  const char *reasoning;
  const char *fallback;

  if (choices == NULL || json_array_get_length (choices) == 0)
    return;

  /* We never ask for more than one choice. */
  choice = json_array_get_element (choices, 0);
  if (choice == NULL || !JSON_NODE_HOLDS_OBJECT (choice))
    return;

  object = json_node_get_object (choice);
  confab_chunk_set_string (self, &self->finish_reason,
                           string_from_member (object, "finish_reason"),
                           PROP_FINISH_REASON);

  delta = json_object_get_member (object, "delta");
  if (delta == NULL || !JSON_NODE_HOLDS_OBJECT (delta))
    return;

  object = json_node_get_object (delta);
  confab_chunk_set_string (self, &self->content,
                           string_from_member (object, "content"),
                           PROP_CONTENT);

  /* Gateways name it either way, and some send both with one empty:
   * the first one with text wins.
   */
  reasoning = string_from_member (object, "reasoning_content");
  fallback = string_from_member (object, "reasoning");
  if (reasoning == NULL || (*reasoning == '\0' && fallback != NULL))
    reasoning = fallback;

  confab_chunk_set_string (self, &self->reasoning, reasoning, PROP_REASONING);
}

/* `{"error":{"message":…}}` or `{"error":"text"}`; anything but null or
 * false there makes an error chunk, with or without a message.
 */
static void
confab_chunk_set_error (ConfabChunk *self,
                        JsonNode    *error)
{
  const char *message;

  if (error == NULL ||
      JSON_NODE_HOLDS_NULL (error) ||
      (JSON_NODE_HOLDS_VALUE (error) &&
       json_node_get_value_type (error) == G_TYPE_BOOLEAN &&
       !json_node_get_boolean (error)))
    return;

  self->is_error = TRUE;

  if (JSON_NODE_HOLDS_OBJECT (error))
    message = string_from_member (json_node_get_object (error), "message");
  else
    message = confab_json_node_get_string (error);

  if (message != NULL && *message == '\0')
    message = NULL;

  confab_chunk_set_string (self, &self->error_message, message, PROP_ERROR_MESSAGE);
}

static GParamSpec *
confab_chunk_find_property (JsonSerializable *serializable,
                            const char       *name)
{
  /* Only the members of a chunk we know; `object`,
   * `system_fingerprint` and the like are not ours to map.
   */
  if (g_str_equal (name, "id"))
    return properties[PROP_RESPONSE_ID];
  if (g_str_equal (name, "model"))
    return properties[PROP_MODEL];
  if (g_str_equal (name, "created"))
    return properties[PROP_CREATED];
  if (g_str_equal (name, "usage"))
    return properties[PROP_USAGE];
  if (g_str_equal (name, "choices"))
    return properties[PROP_CHOICES];
  if (g_str_equal (name, "error"))
    return properties[PROP_ERROR];

  return NULL;
}

static gboolean
confab_chunk_deserialize_property (JsonSerializable *serializable,
                                   const char       *property_name,
                                   GValue           *value,
                                   GParamSpec       *pspec,
                                   JsonNode         *node)
{
  if (pspec == properties[PROP_RESPONSE_ID] || pspec == properties[PROP_MODEL])
    {
      g_value_set_string (value, confab_json_node_get_string (node));
    }
  else if (pspec == properties[PROP_CREATED])
    {
      g_value_set_int64 (value, confab_json_node_get_natural (node));
    }
  else if (pspec == properties[PROP_USAGE])
    {
      ConfabUsage *usage = NULL;

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        usage = confab_usage_new_from_json (node, NULL);

      g_value_take_object (value, usage);
    }
  else if (pspec == properties[PROP_CHOICES])
    {
      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        g_value_set_boxed (value, json_node_get_array (node));
      else
        g_value_set_boxed (value, NULL);
    }
  else if (pspec == properties[PROP_ERROR])
    {
      g_value_set_boxed (value, node);
    }
  else
    {
      return FALSE;
    }

  return TRUE;
}

static void
confab_chunk_serializable_init (JsonSerializableIface *iface)
{
  iface->find_property = confab_chunk_find_property;
  iface->deserialize_property = confab_chunk_deserialize_property;
}

static void
confab_chunk_finalize (GObject *object)
{
  ConfabChunk *self = (ConfabChunk *)object;

  g_clear_pointer (&self->response_id, g_free);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->content, g_free);
  g_clear_pointer (&self->reasoning, g_free);
  g_clear_pointer (&self->finish_reason, g_free);
  g_clear_object (&self->usage);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (confab_chunk_parent_class)->finalize (object);
}

static void
confab_chunk_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  ConfabChunk *self = CONFAB_CHUNK (object);

  switch (prop_id)
    {
    case PROP_RESPONSE_ID:
      g_value_set_string (value, self->response_id);
      break;

    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;

    case PROP_CREATED:
      g_value_set_int64 (value, self->created);
      break;

    case PROP_CONTENT:
      g_value_set_string (value, self->content);
      break;

    case PROP_REASONING:
      g_value_set_string (value, self->reasoning);
      break;

    case PROP_FINISH_REASON:
      g_value_set_string (value, self->finish_reason);
      break;

    case PROP_USAGE:
      g_value_set_object (value, self->usage);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_chunk_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  ConfabChunk *self = CONFAB_CHUNK (object);

  switch (prop_id)
    {
    case PROP_RESPONSE_ID:
      confab_chunk_set_string (self, &self->response_id, g_value_get_string (value), PROP_RESPONSE_ID);
      break;

    case PROP_MODEL:
      confab_chunk_set_string (self, &self->model, g_value_get_string (value), PROP_MODEL);
      break;

    case PROP_CREATED:
      confab_chunk_set_created (self, g_value_get_int64 (value));
      break;

    case PROP_USAGE:
      confab_chunk_set_usage (self, g_value_get_object (value));
      break;

    case PROP_CHOICES:
      confab_chunk_set_choices (self, g_value_get_boxed (value));
      break;

    case PROP_ERROR:
      confab_chunk_set_error (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_chunk_class_init (ConfabChunkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = confab_chunk_finalize;
  object_class->get_property = confab_chunk_get_property;
  object_class->set_property = confab_chunk_set_property;

  properties[PROP_RESPONSE_ID] =
    g_param_spec_string ("response-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CREATED] =
    g_param_spec_int64 ("created", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CONTENT] =
    g_param_spec_string ("content", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REASONING] =
    g_param_spec_string ("reasoning", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FINISH_REASON] =
    g_param_spec_string ("finish-reason", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_USAGE] =
    g_param_spec_object ("usage", NULL, NULL,
                         CONFAB_TYPE_USAGE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CHOICES] =
    g_param_spec_boxed ("choices", NULL, NULL,
                        JSON_TYPE_ARRAY,
                        (G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        JSON_TYPE_NODE,
                        (G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confab_chunk_init (ConfabChunk *self)
{
  self->created = -1;
}

#define MARK_FIRST (0xD800 + CONFAB_JSON_SURROGATE_MARK_OFFSET)
#define MARK_LOW    (0xDC00 + CONFAB_JSON_SURROGATE_MARK_OFFSET)
#define MARK_LAST   (0xDFFF + CONFAB_JSON_SURROGATE_MARK_OFFSET)

/* Replaces every mark confab_json_fix_escapes() put in *@text with
 * U+FFFD.
 */
static void
replace_marks (char **text)
{
  g_autoptr(GString) replaced = NULL;

  if (*text == NULL)
    return;

  replaced = g_string_new (NULL);
  for (const char *p = *text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (replaced, c >= MARK_FIRST && c <= MARK_LAST ? 0xFFFD : c);
    }

  g_free (*text);
  *text = g_string_free (g_steal_pointer (&replaced), FALSE);
}

/* Takes a low surrogate's mark off the start of *@text and a high
 * surrogate's off its end: halves of pairs the server cut between two
 * chunks, for the stream to join.
 */
static void
take_edge_marks (char      **text,
                 gunichar2  *leading_low,
                 gunichar2  *trailing_high)
{
  char *start;
  char *end;
  char *last;
  gunichar c;

  if (*text == NULL)
    return;

  start = *text;
  end = start + strlen (start);

  c = g_utf8_get_char (start);
  if (c >= MARK_LOW && c <= MARK_LAST)
    {
      *leading_low = c - CONFAB_JSON_SURROGATE_MARK_OFFSET;
      start = g_utf8_next_char (start);
    }

  if (end > start)
    {
      last = g_utf8_find_prev_char (start, end);
      c = g_utf8_get_char (last);
      if (c >= MARK_FIRST && c < MARK_LOW)
        {
          *trailing_high = c - CONFAB_JSON_SURROGATE_MARK_OFFSET;
          end = last;
        }
    }

  memmove (*text, start, end - start);
  (*text)[end - start] = '\0';
  replace_marks (text);
}

/**
 * confab_chunk_new_from_data:
 * @data: (array length=length): the data of one server-sent event
 * @length: the length of @data
 * @error: a location for a #GError
 *
 * Maps one streamed chunk.  Payloads that are not a JSON object fail
 * with %G_IO_ERROR_INVALID_DATA; a stream may carry those, and they are
 * to be skipped.
 *
 * Returns: (transfer full): the chunk, or %NULL when @data is empty,
 *   not UTF-8, not JSON or not a JSON object
 */
ConfabChunk *
confab_chunk_new_from_data (const char  *data,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  ConfabChunk *chunk;
  gboolean marked;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Refuses empty payloads, deep nesting and what is not JSON; bytes
   * that are not UTF-8, nul included, are U+FFFD.
   */
  if (!(root = confab_json_parse_marking (data, length, &marked, error)))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The chunk is not a JSON object");
      return NULL;
    }

  chunk = CONFAB_CHUNK (json_gobject_deserialize (CONFAB_TYPE_CHUNK, root));

  if (marked)
    {
      take_edge_marks (&chunk->content, &chunk->content_low, &chunk->content_high);
      take_edge_marks (&chunk->reasoning, &chunk->reasoning_low, &chunk->reasoning_high);
      replace_marks (&chunk->response_id);
      replace_marks (&chunk->model);
      replace_marks (&chunk->finish_reason);
      replace_marks (&chunk->error_message);
    }

  return chunk;
}

const char *
confab_chunk_get_response_id (ConfabChunk *self)
{
  g_return_val_if_fail (CONFAB_IS_CHUNK (self), NULL);

  return self->response_id;
}

const char *
confab_chunk_get_model (ConfabChunk *self)
{
  g_return_val_if_fail (CONFAB_IS_CHUNK (self), NULL);

  return self->model;
}

/**
 * confab_chunk_get_created:
 *
 * Returns: the unix time the answer was created, or -1 when the chunk
 *   does not say
 */
gint64
confab_chunk_get_created (ConfabChunk *self)
{
  g_return_val_if_fail (CONFAB_IS_CHUNK (self), -1);

  return self->created;
}

/**
 * confab_chunk_get_content:
 *
 * Returns: (nullable): the text this chunk adds to the answer, which
 *   may be empty, or %NULL when its delta has none
 */
const char *
confab_chunk_get_content (ConfabChunk *self)
{
  g_return_val_if_fail (CONFAB_IS_CHUNK (self), NULL);

  return self->content;
}

/**
 * confab_chunk_get_reasoning:
 *
 * Returns: (nullable): the reasoning text this chunk adds, from
 *   `reasoning_content` or `reasoning`, or %NULL
 */
const char *
confab_chunk_get_reasoning (ConfabChunk *self)
{
  g_return_val_if_fail (CONFAB_IS_CHUNK (self), NULL);

  return self->reasoning;
}

const char *
confab_chunk_get_finish_reason (ConfabChunk *self)
{
  g_return_val_if_fail (CONFAB_IS_CHUNK (self), NULL);

  return self->finish_reason;
}

/**
 * confab_chunk_get_usage:
 *
 * Returns: (transfer none) (nullable): the usage this chunk reports
 */
ConfabUsage *
confab_chunk_get_usage (ConfabChunk *self)
{
  g_return_val_if_fail (CONFAB_IS_CHUNK (self), NULL);

  return self->usage;
}

/**
 * confab_chunk_is_error:
 *
 * Returns: %TRUE when the chunk is an error the server sent mid-stream;
 *   no more chunks follow it
 */
gboolean
confab_chunk_is_error (ConfabChunk *self)
{
  g_return_val_if_fail (CONFAB_IS_CHUNK (self), FALSE);

  return self->is_error;
}

/**
 * confab_chunk_get_error_message:
 *
 * Returns: (nullable): the server's message for an error chunk, or
 *   %NULL when there is none (an error chunk may have none)
 */
const char *
confab_chunk_get_error_message (ConfabChunk *self)
{
  g_return_val_if_fail (CONFAB_IS_CHUNK (self), NULL);

  return self->error_message;
}

/**
 * confab_chunk_get_split_surrogates:
 * @text: which text
 * @leading_low: (out): the low surrogate that came before @text, or 0
 * @trailing_high: (out): the high surrogate that came after @text, or 0
 *
 * A server that cuts text by UTF-16 units may end one chunk with the
 * first half of a surrogate pair and start the next with the second:
 * those halves are not in the text, but here, for the stream to join
 * them into one character (or U+FFFD when the other half never comes).
 */
void
confab_chunk_get_split_surrogates (ConfabChunk     *self,
                                   ConfabChunkText  text,
                                   gunichar2       *leading_low,
                                   gunichar2       *trailing_high)
{
  g_return_if_fail (CONFAB_IS_CHUNK (self));
  g_return_if_fail (leading_low != NULL && trailing_high != NULL);

  if (text == CONFAB_CHUNK_TEXT_REASONING)
    {
      *leading_low = self->reasoning_low;
      *trailing_high = self->reasoning_high;
    }
  else
    {
      *leading_low = self->content_low;
      *trailing_high = self->content_high;
    }
}
