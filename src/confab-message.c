/* confab-message.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-enums.h"
#include "confab-error.h"
#include "confab-json.h"
#include "confab-message.h"

/* One message of a conversation.  An answer from the server maps onto it
 * through JsonSerializable: `id`, `model`, `created` and `usage` are
 * properties, and `choices` is a write-only property whose setter takes
 * the first choice's message and finish reason.
 */

/* Where a streamed answer is with respect to a `<think>…</think>` block
 * at its start: not known yet, inside it, or past it (or never had one).
 */
typedef enum
{
  THINK_START,
  THINK_INSIDE,
  THINK_DONE,
} ThinkState;

#define THINK_OPEN  "<think>"
#define THINK_CLOSE "</think>"

struct _ConfabMessage
{
  GObject             parent_instance;

  gint64              id;

  ConfabRole          role;
  ConfabMessageState  state;
  GString            *content;
  guint               text_epoch;
  gint64              pending_since;
  GString            *reasoning;
  ThinkState          think;
  GString            *held;
  GError             *error;
  char               *model;
  char               *finish_reason;
  char               *response_id;
  GDateTime          *created;
  ConfabUsage        *usage;
};

static void confab_message_serializable_init (JsonSerializableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ConfabMessage, confab_message, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (JSON_TYPE_SERIALIZABLE,
                                                      confab_message_serializable_init))

enum {
  PROP_0,
  PROP_ROLE,
  PROP_STATE,
  PROP_CONTENT,
  PROP_REASONING,
  PROP_ERROR,
  PROP_MODEL,
  PROP_FINISH_REASON,
  PROP_RESPONSE_ID,
  PROP_CREATED,
  PROP_USAGE,
  PROP_CHOICES,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

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

/* Appends @text, with anything that is not UTF-8 made so: views refuse
 * such text, and json-glib lets a lone surrogate escape through.
 */
static void
append_valid (GString    *string,
              const char *text,
              gsize       length)
{
  if (G_LIKELY (g_utf8_validate_len (text, length, NULL)))
    {
      g_string_append_len (string, text, length);
    }
  else
    {
      g_autofree char *valid = g_utf8_make_valid (text, length);

      g_string_append (string, valid);
    }
}

static void
append_content (ConfabMessage *self,
                const char    *text,
                gsize          length)
{
  if (length == 0)
    return;

  append_valid (self->content, text, length);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT]);
}

static void
append_reasoning (ConfabMessage *self,
                  const char    *text,
                  gsize          length)
{
  if (length == 0)
    return;

  append_valid (self->reasoning, text, length);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASONING]);
}

/* Returns how many bytes at the end of @text could be the start of
 * @tag, and so must wait for the next delta.
 */
static gsize
partial_tag_suffix (const char *text,
                    gsize       length,
                    const char *tag)
{
  gsize tag_length = strlen (tag);

  for (gsize n = MIN (length, tag_length - 1); n > 0; n--)
    if (memcmp (text + length - n, tag, n) == 0)
      return n;

  return 0;
}

/* Feeds content through the <think> splitter.  Only a few bytes are ever
 * held back, so each delta costs in proportion to its own length.
 */
static void
append_content_delta (ConfabMessage *self,
                      const char    *delta)
{
  if (self->think == THINK_DONE)
    {
      append_content (self, delta, strlen (delta));
      return;
    }

  g_string_append (self->held, delta);

  if (self->think == THINK_START)
    {
      const char *start = self->held->str;
      gsize length;

      /* Leading blank space before the tag does not count. */
      while (g_ascii_isspace (*start))
        start++;
      length = self->held->len - (start - self->held->str);

      if (length < strlen (THINK_OPEN) && strncmp (start, THINK_OPEN, length) == 0)
        return;

      if (!g_str_has_prefix (start, THINK_OPEN))
        {
          self->think = THINK_DONE;
          append_content (self, self->held->str, self->held->len);
          g_string_truncate (self->held, 0);
          return;
        }

      self->think = THINK_INSIDE;
      g_string_erase (self->held, 0, (start - self->held->str) + strlen (THINK_OPEN));
    }

  if (self->think == THINK_INSIDE)
    {
      const char *close = strstr (self->held->str, THINK_CLOSE);
      gsize keep;

      if (close != NULL)
        {
          const char *rest = close + strlen (THINK_CLOSE);

          append_reasoning (self, self->held->str, close - self->held->str);

          /* The answer proper starts after the blank lines that follow. */
          while (*rest == '\n' || *rest == '\r')
            rest++;

          self->think = THINK_DONE;
          append_content (self, rest, strlen (rest));
          g_string_truncate (self->held, 0);
          return;
        }

      keep = partial_tag_suffix (self->held->str, self->held->len, THINK_CLOSE);
      append_reasoning (self, self->held->str, self->held->len - keep);
      g_string_erase (self->held, 0, self->held->len - keep);
    }
}

static void
confab_message_set_string (ConfabMessage  *self,
                           char          **field,
                           const char     *value,
                           guint           prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
confab_message_set_choices (ConfabMessage *self,
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
  confab_message_set_finish_reason (self, confab_json_node_get_string (json_object_get_member (object, "finish_reason")));

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
    return properties[PROP_RESPONSE_ID];
  if (g_str_equal (name, "model"))
    return properties[PROP_MODEL];
  if (g_str_equal (name, "created"))
    return properties[PROP_CREATED];
  if (g_str_equal (name, "usage"))
    return properties[PROP_USAGE];
  if (g_str_equal (name, "choices"))
    return properties[PROP_CHOICES];

  return NULL;
}

static gboolean
confab_message_deserialize_property (JsonSerializable *serializable,
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
      gint64 time = confab_json_node_get_natural (node);

      /* NULL too for times GDateTime cannot hold. */
      g_value_take_boxed (value, time >= 0 ? g_date_time_new_from_unix_utc (time) : NULL);
    }
  else if (pspec == properties[PROP_USAGE])
    {
      g_value_take_object (value, JSON_NODE_HOLDS_OBJECT (node) ? confab_usage_new_from_json (node, NULL) : NULL);
    }
  else if (pspec == properties[PROP_CHOICES])
    {
      g_value_set_boxed (value, JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL);
    }
  else
    {
      return FALSE;
    }

  return TRUE;
}

static void
confab_message_serializable_init (JsonSerializableIface *iface)
{
  iface->find_property = confab_message_find_property;
  iface->deserialize_property = confab_message_deserialize_property;
}

static void
confab_message_finalize (GObject *object)
{
  ConfabMessage *self = (ConfabMessage *)object;

  g_string_free (self->content, TRUE);
  g_string_free (self->reasoning, TRUE);
  g_string_free (self->held, TRUE);
  g_clear_pointer (&self->error, g_error_free);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->finish_reason, g_free);
  g_clear_pointer (&self->response_id, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_object (&self->usage);

  G_OBJECT_CLASS (confab_message_parent_class)->finalize (object);
}

static void
confab_message_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ConfabMessage *self = CONFAB_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_CONTENT:
      g_value_set_string (value, self->content->str);
      break;

    case PROP_REASONING:
      g_value_set_string (value, self->reasoning->str);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;

    case PROP_FINISH_REASON:
      g_value_set_string (value, self->finish_reason);
      break;

    case PROP_RESPONSE_ID:
      g_value_set_string (value, self->response_id);
      break;

    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;

    case PROP_USAGE:
      g_value_set_object (value, self->usage);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_message_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ConfabMessage *self = CONFAB_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      self->role = g_value_get_enum (value);
      break;

    case PROP_STATE:
      confab_message_set_state (self, g_value_get_enum (value));
      break;

    case PROP_CONTENT:
      confab_message_set_content (self, g_value_get_string (value));
      break;

    case PROP_REASONING:
      confab_message_set_reasoning (self, g_value_get_string (value));
      break;

    case PROP_ERROR:
      confab_message_set_error (self, g_value_get_boxed (value));
      break;

    case PROP_MODEL:
      confab_message_set_model (self, g_value_get_string (value));
      break;

    case PROP_FINISH_REASON:
      confab_message_set_finish_reason (self, g_value_get_string (value));
      break;

    case PROP_RESPONSE_ID:
      confab_message_set_string (self, &self->response_id, g_value_get_string (value), PROP_RESPONSE_ID);
      break;

    case PROP_CREATED:
      confab_message_set_created (self, g_value_get_boxed (value));
      break;

    case PROP_USAGE:
      confab_message_set_usage (self, g_value_get_object (value));
      break;

    case PROP_CHOICES:
      confab_message_set_choices (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_message_class_init (ConfabMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = confab_message_finalize;
  object_class->get_property = confab_message_get_property;
  object_class->set_property = confab_message_set_property;

  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL,
                       CONFAB_TYPE_ROLE,
                       CONFAB_ROLE_ASSISTANT,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       CONFAB_TYPE_MESSAGE_STATE,
                       CONFAB_MESSAGE_STATE_COMPLETE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CONTENT] =
    g_param_spec_string ("content", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabMessage:reasoning:
   *
   * The model's thinking, kept apart from the answer: from
   * `reasoning_content` or `reasoning`, or a `<think>` block at the start
   * of the content.
   */
  properties[PROP_REASONING] =
    g_param_spec_string ("reasoning", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FINISH_REASON] =
    g_param_spec_string ("finish-reason", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RESPONSE_ID] =
    g_param_spec_string ("response-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CREATED] =
    g_param_spec_boxed ("created", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_USAGE] =
    g_param_spec_object ("usage", NULL, NULL,
                         CONFAB_TYPE_USAGE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CHOICES] =
    g_param_spec_boxed ("choices", NULL, NULL,
                        JSON_TYPE_ARRAY,
                        (G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confab_message_init (ConfabMessage *self)
{
  self->content = g_string_new (NULL);
  self->reasoning = g_string_new (NULL);
  self->held = g_string_new (NULL);
  self->created = g_date_time_new_now_utc ();
}

const char *
confab_role_to_string (ConfabRole role)
{
  switch (role)
    {
    case CONFAB_ROLE_SYSTEM:    return "system";
    case CONFAB_ROLE_USER:      return "user";
    case CONFAB_ROLE_ASSISTANT: return "assistant";
    default:                    g_return_val_if_reached (NULL);
    }
}

ConfabMessage *
confab_message_new (ConfabRole  role,
                    const char *content)
{
  return g_object_new (CONFAB_TYPE_MESSAGE,
                       "role", role,
                       "content", content ? content : "",
                       NULL);
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
gint64
confab_message_get_id (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), 0);

  return self->id;
}

void
confab_message_set_id (ConfabMessage *self,
                       gint64         id)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  self->id = id;
}

ConfabRole
confab_message_get_role (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), CONFAB_ROLE_ASSISTANT);

  return self->role;
}

const char *
confab_message_get_content (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), NULL);

  return self->content->str;
}

/**
 * confab_message_set_content:
 *
 * Replaces the content.  A streamed answer that follows starts afresh,
 * including the search for a `<think>` block.
 */
void
confab_message_set_content (ConfabMessage *self,
                            const char    *content)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  if (content == NULL)
    content = "";

  self->think = THINK_START;
  g_string_truncate (self->held, 0);

  if (g_str_equal (self->content->str, content))
    return;

  g_string_truncate (self->content, 0);
  append_valid (self->content, content, strlen (content));
  self->text_epoch++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT]);
}

/**
 * confab_message_get_text_epoch:
 *
 * Returns: a number that changes whenever the content or the reasoning
 *   is replaced rather than appended to, so that a view can append only
 *   what is new
 */
guint
confab_message_get_text_epoch (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), 0);

  return self->text_epoch;
}

gsize
confab_message_get_reasoning_length (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), 0);

  return self->reasoning->len;
}

/**
 * confab_message_get_pending_since:
 *
 * Returns: the monotonic time at which the message last became pending,
 *   to show how long the model has been thinking
 */
gint64
confab_message_get_pending_since (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), 0);

  return self->pending_since;
}

gsize
confab_message_get_content_length (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), 0);

  return self->content->len;
}

const char *
confab_message_get_reasoning (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), NULL);

  return self->reasoning->str;
}

void
confab_message_set_reasoning (ConfabMessage *self,
                              const char    *reasoning)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  if (reasoning == NULL)
    reasoning = "";

  if (g_str_equal (self->reasoning->str, reasoning))
    return;

  g_string_truncate (self->reasoning, 0);
  append_valid (self->reasoning, reasoning, strlen (reasoning));
  self->text_epoch++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASONING]);
}

/**
 * confab_message_append_delta:
 * @content: (nullable): more of the answer
 * @reasoning: (nullable): more of the model's thinking
 *
 * Adds a streamed piece.  A `<think>` block at the start of the content
 * goes to #ConfabMessage:reasoning.  The cost is that of the piece, not
 * of the whole message.
 */
void
confab_message_append_delta (ConfabMessage *self,
                             const char    *content,
                             const char    *reasoning)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  if (reasoning != NULL)
    append_reasoning (self, reasoning, strlen (reasoning));

  if (content != NULL && *content != '\0')
    append_content_delta (self, content);
}

/**
 * confab_message_end_deltas:
 *
 * Says that no more pieces come, and gives back what was held in case
 * it was the start of a tag.
 */
void
confab_message_end_deltas (ConfabMessage *self)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  if (self->held->len > 0)
    {
      if (self->think == THINK_INSIDE)
        append_reasoning (self, self->held->str, self->held->len);
      else
        append_content (self, self->held->str, self->held->len);

      g_string_truncate (self->held, 0);
    }

  self->think = THINK_DONE;
}

ConfabMessageState
confab_message_get_state (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), CONFAB_MESSAGE_STATE_COMPLETE);

  return self->state;
}

void
confab_message_set_state (ConfabMessage      *self,
                          ConfabMessageState  state)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  if (self->state == state)
    return;

  self->state = state;
  if (state == CONFAB_MESSAGE_STATE_PENDING)
    self->pending_since = g_get_monotonic_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const GError *
confab_message_get_error (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), NULL);

  return self->error;
}

void
confab_message_set_error (ConfabMessage *self,
                          const GError  *error)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  if (self->error == NULL && error == NULL)
    return;

  g_clear_pointer (&self->error, g_error_free);
  if (error != NULL)
    self->error = g_error_copy (error);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

const char *
confab_message_get_model (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), NULL);

  return self->model;
}

void
confab_message_set_model (ConfabMessage *self,
                          const char    *model)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  confab_message_set_string (self, &self->model, model, PROP_MODEL);
}

const char *
confab_message_get_finish_reason (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), NULL);

  return self->finish_reason;
}

void
confab_message_set_finish_reason (ConfabMessage *self,
                                  const char    *finish_reason)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  confab_message_set_string (self, &self->finish_reason, finish_reason, PROP_FINISH_REASON);
}

const char *
confab_message_get_response_id (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), NULL);

  return self->response_id;
}

void
confab_message_set_response_id (ConfabMessage *self,
                                 const char    *response_id)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  confab_message_set_string (self, &self->response_id, response_id, PROP_RESPONSE_ID);
}

GDateTime *
confab_message_get_created (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), NULL);

  return self->created;
}

void
confab_message_set_created (ConfabMessage *self,
                            GDateTime     *created)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  if (self->created == created)
    return;

  g_clear_pointer (&self->created, g_date_time_unref);
  if (created != NULL)
    self->created = g_date_time_ref (created);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
}

ConfabUsage *
confab_message_get_usage (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), NULL);

  return self->usage;
}

void
confab_message_set_usage (ConfabMessage *self,
                          ConfabUsage   *usage)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));
  g_return_if_fail (!usage || CONFAB_IS_USAGE (usage));

  if (g_set_object (&self->usage, usage))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USAGE]);
}

/**
 * confab_message_fail:
 *
 * Marks the message as failed with @error, or as cancelled when @error
 * is %G_IO_ERROR_CANCELLED.  The content stays as it is.
 */
void
confab_message_fail (ConfabMessage *self,
                     const GError  *error)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));
  g_return_if_fail (error != NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      confab_message_set_error (self, NULL);
      confab_message_set_state (self, CONFAB_MESSAGE_STATE_CANCELLED);
    }
  else
    {
      confab_message_set_error (self, error);
      confab_message_set_state (self, CONFAB_MESSAGE_STATE_FAILED);
    }
}

/**
 * confab_message_update_from:
 * @answer: a message made from the server's answer
 *
 * Copies the answer into @self, the pending message that waited for it,
 * and marks @self complete.  The state changes last, so that watchers
 * of `state` see the final content and usage.
 */
void
confab_message_update_from (ConfabMessage *self,
                            ConfabMessage *answer)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));
  g_return_if_fail (CONFAB_IS_MESSAGE (answer));

  g_object_freeze_notify (G_OBJECT (self));
  confab_message_set_content (self, answer->content->str);
  confab_message_set_reasoning (self, answer->reasoning->str);
  confab_message_set_model (self, answer->model);
  confab_message_set_finish_reason (self, answer->finish_reason);
  confab_message_set_string (self, &self->response_id, answer->response_id, PROP_RESPONSE_ID);
  if (answer->created != NULL)
    confab_message_set_created (self, answer->created);
  confab_message_set_usage (self, answer->usage);
  confab_message_set_error (self, NULL);
  confab_message_set_state (self, answer->state);
  g_object_thaw_notify (G_OBJECT (self));
}
