/* confab-usage.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-json.h"
#include "confab-usage.h"

/* The server's usage object maps onto one gint64 property per count.  The
 * two *_details members are nested objects; they map onto write-only
 * properties holding the JsonObject, whose setters fill the detail counts.
 * Anything that is not a non-negative integer is kept as missing.
 */

struct _ConfabUsage
{
  GObject parent_instance;

  gint64 fields[CONFAB_USAGE_N_FIELDS];
};

static void confab_usage_serializable_init (JsonSerializableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ConfabUsage, confab_usage, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (JSON_TYPE_SERIALIZABLE,
                                                      confab_usage_serializable_init))

enum {
  PROP_0,
  PROP_PROMPT_TOKENS,
  PROP_CACHED_TOKENS,
  PROP_PROMPT_TEXT_TOKENS,
  PROP_PROMPT_AUDIO_TOKENS,
  PROP_PROMPT_IMAGE_TOKENS,
  PROP_COMPLETION_TOKENS,
  PROP_COMPLETION_TEXT_TOKENS,
  PROP_COMPLETION_AUDIO_TOKENS,
  PROP_REASONING_TOKENS,
  PROP_TOTAL_TOKENS,
  PROP_PROMPT_TOKENS_DETAILS,
  PROP_COMPLETION_TOKENS_DETAILS,
  N_PROPS
};

#define FIELD_FOR_PROP(prop_id) ((ConfabUsageField) ((prop_id) - PROP_PROMPT_TOKENS))
#define PROP_FOR_FIELD(field)   ((field) + PROP_PROMPT_TOKENS)

static GParamSpec *properties [N_PROPS];

typedef struct
{
  const char *property;    /* GObject property name */
  const char *member;      /* member name inside its JSON object */
  const char *json_path;   /* where the count lives in the usage object */
} FieldInfo;

static const FieldInfo field_info[CONFAB_USAGE_N_FIELDS] = {
  [CONFAB_USAGE_FIELD_PROMPT]           = { "prompt-tokens", "prompt_tokens", "prompt_tokens" },
  [CONFAB_USAGE_FIELD_CACHED]           = { "cached-tokens", "cached_tokens", "prompt_tokens_details.cached_tokens" },
  [CONFAB_USAGE_FIELD_PROMPT_TEXT]      = { "prompt-text-tokens", "text_tokens", "prompt_tokens_details.text_tokens" },
  [CONFAB_USAGE_FIELD_PROMPT_AUDIO]     = { "prompt-audio-tokens", "audio_tokens", "prompt_tokens_details.audio_tokens" },
  [CONFAB_USAGE_FIELD_PROMPT_IMAGE]     = { "prompt-image-tokens", "image_tokens", "prompt_tokens_details.image_tokens" },
  [CONFAB_USAGE_FIELD_COMPLETION]       = { "completion-tokens", "completion_tokens", "completion_tokens" },
  [CONFAB_USAGE_FIELD_COMPLETION_TEXT]  = { "completion-text-tokens", "text_tokens", "completion_tokens_details.text_tokens" },
  [CONFAB_USAGE_FIELD_COMPLETION_AUDIO] = { "completion-audio-tokens", "audio_tokens", "completion_tokens_details.audio_tokens" },
  [CONFAB_USAGE_FIELD_REASONING]        = { "reasoning-tokens", "reasoning_tokens", "completion_tokens_details.reasoning_tokens" },
  [CONFAB_USAGE_FIELD_TOTAL]            = { "total-tokens", "total_tokens", "total_tokens" },
};

static void
confab_usage_set_field_internal (ConfabUsage      *self,
                                 ConfabUsageField  field,
                                 gint64            value)
{
  if (value < 0)
    value = CONFAB_USAGE_MISSING;

  if (self->fields[field] == value)
    return;

  self->fields[field] = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOR_FIELD (field)]);
}

static void
confab_usage_set_details (ConfabUsage      *self,
                          JsonObject       *details,
                          ConfabUsageField  first,
                          ConfabUsageField  last)
{
  for (ConfabUsageField field = first; field <= last; field++)
    {
      JsonNode *node = NULL;

      if (details != NULL)
        node = json_object_get_member (details, field_info[field].member);

      confab_usage_set_field_internal (self, field, confab_json_node_get_natural (node));
    }
}

static GParamSpec *
confab_usage_find_property (JsonSerializable *serializable,
                            const char       *name)
{
  g_autofree char *canonical = g_strdelimit (g_strdup (name), "_", '-');

  /* Only the members that mean something to us; the details' own
   * members are read by the details setters.
   */
  if (g_str_equal (canonical, "prompt-tokens") ||
      g_str_equal (canonical, "completion-tokens") ||
      g_str_equal (canonical, "total-tokens"))
    return g_object_class_find_property (G_OBJECT_GET_CLASS (serializable), canonical);

  if (g_str_equal (canonical, "prompt-tokens-details"))
    return properties[PROP_PROMPT_TOKENS_DETAILS];

  if (g_str_equal (canonical, "completion-tokens-details"))
    return properties[PROP_COMPLETION_TOKENS_DETAILS];

  return NULL;
}

static gboolean
confab_usage_deserialize_property (JsonSerializable *serializable,
                                   const char       *property_name,
                                   GValue           *value,
                                   GParamSpec       *pspec,
                                   JsonNode         *property_node)
{
  if (pspec == properties[PROP_PROMPT_TOKENS_DETAILS] ||
      pspec == properties[PROP_COMPLETION_TOKENS_DETAILS])
    {
      if (JSON_NODE_HOLDS_OBJECT (property_node))
        g_value_set_boxed (value, json_node_get_object (property_node));
      else
        g_value_set_boxed (value, NULL);

      return TRUE;
    }

  g_value_set_int64 (value, confab_json_node_get_natural (property_node));

  return TRUE;
}

static JsonNode *
confab_usage_serialize_property (JsonSerializable *serializable,
                                 const char       *property_name,
                                 const GValue     *value,
                                 GParamSpec       *pspec)
{
  /* Missing counts stay missing in what we write. */
  if (G_VALUE_HOLDS_INT64 (value) && g_value_get_int64 (value) >= 0)
    return json_node_init_int (json_node_alloc (), g_value_get_int64 (value));

  return NULL;
}

static void
confab_usage_serializable_init (JsonSerializableIface *iface)
{
  iface->find_property = confab_usage_find_property;
  iface->deserialize_property = confab_usage_deserialize_property;
  iface->serialize_property = confab_usage_serialize_property;
}

static void
confab_usage_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  ConfabUsage *self = CONFAB_USAGE (object);

  if (prop_id >= PROP_PROMPT_TOKENS && prop_id <= PROP_TOTAL_TOKENS)
    g_value_set_int64 (value, self->fields[FIELD_FOR_PROP (prop_id)]);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
confab_usage_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  ConfabUsage *self = CONFAB_USAGE (object);

  switch (prop_id)
    {
    case PROP_PROMPT_TOKENS_DETAILS:
      confab_usage_set_details (self, g_value_get_boxed (value),
                                CONFAB_USAGE_FIELD_CACHED,
                                CONFAB_USAGE_FIELD_PROMPT_IMAGE);
      break;

    case PROP_COMPLETION_TOKENS_DETAILS:
      confab_usage_set_details (self, g_value_get_boxed (value),
                                CONFAB_USAGE_FIELD_COMPLETION_TEXT,
                                CONFAB_USAGE_FIELD_REASONING);
      break;

    default:
      if (prop_id >= PROP_PROMPT_TOKENS && prop_id <= PROP_TOTAL_TOKENS)
        confab_usage_set_field_internal (self, FIELD_FOR_PROP (prop_id), g_value_get_int64 (value));
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_usage_class_init (ConfabUsageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = confab_usage_get_property;
  object_class->set_property = confab_usage_set_property;

  for (ConfabUsageField field = 0; field < CONFAB_USAGE_N_FIELDS; field++)
    properties[PROP_FOR_FIELD (field)] =
      g_param_spec_int64 (field_info[field].property, NULL, NULL,
                          -1, G_MAXINT64, CONFAB_USAGE_MISSING,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_PROMPT_TOKENS_DETAILS] =
    g_param_spec_boxed ("prompt-tokens-details", NULL, NULL,
                        JSON_TYPE_OBJECT,
                        (G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_COMPLETION_TOKENS_DETAILS] =
    g_param_spec_boxed ("completion-tokens-details", NULL, NULL,
                        JSON_TYPE_OBJECT,
                        (G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confab_usage_init (ConfabUsage *self)
{
  for (guint i = 0; i < CONFAB_USAGE_N_FIELDS; i++)
    self->fields[i] = CONFAB_USAGE_MISSING;
}

ConfabUsage *
confab_usage_new (void)
{
  return g_object_new (CONFAB_TYPE_USAGE, NULL);
}

/**
 * confab_usage_new_from_json:
 * @node: the `usage` member of an answer
 * @error: a location for a #GError
 *
 * Returns: (transfer full): the usage, or %NULL when @node is not an object
 */
ConfabUsage *
confab_usage_new_from_json (JsonNode  *node,
                            GError   **error)
{
  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "usage is not an object");
      return NULL;
    }

  return CONFAB_USAGE (json_gobject_deserialize (CONFAB_TYPE_USAGE, node));
}

gint64
confab_usage_get_field (ConfabUsage      *self,
                        ConfabUsageField  field)
{
  g_return_val_if_fail (CONFAB_IS_USAGE (self), CONFAB_USAGE_MISSING);
  g_return_val_if_fail (field < CONFAB_USAGE_N_FIELDS, CONFAB_USAGE_MISSING);

  return self->fields[field];
}

void
confab_usage_set_field (ConfabUsage      *self,
                        ConfabUsageField  field,
                        gint64            value)
{
  g_return_if_fail (CONFAB_IS_USAGE (self));
  g_return_if_fail (field < CONFAB_USAGE_N_FIELDS);

  confab_usage_set_field_internal (self, field, value);
}

/**
 * confab_usage_is_empty:
 *
 * Returns: %TRUE when no count at all was reported
 */
gboolean
confab_usage_is_empty (ConfabUsage *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE (self), TRUE);

  for (guint i = 0; i < CONFAB_USAGE_N_FIELDS; i++)
    if (self->fields[i] != CONFAB_USAGE_MISSING)
      return FALSE;

  return TRUE;
}

/**
 * confab_usage_add:
 *
 * Adds the counts of @other to @self.  A count stays missing only while
 * no side reported it.
 */
void
confab_usage_add (ConfabUsage *self,
                  ConfabUsage *other)
{
  g_return_if_fail (CONFAB_IS_USAGE (self));
  g_return_if_fail (CONFAB_IS_USAGE (other));

  for (ConfabUsageField field = 0; field < CONFAB_USAGE_N_FIELDS; field++)
    {
      gint64 count = other->fields[field];

      if (count == CONFAB_USAGE_MISSING)
        continue;

      if (self->fields[field] != CONFAB_USAGE_MISSING)
        count = (G_MAXINT64 - count < self->fields[field]) ? G_MAXINT64 : count + self->fields[field];

      confab_usage_set_field_internal (self, field, count);
    }
}

/**
 * confab_usage_field_get_name:
 *
 * Returns: the translated name of @field, as shown to people
 */
const char *
confab_usage_field_get_name (ConfabUsageField field)
{
  switch (field)
    {
    case CONFAB_USAGE_FIELD_PROMPT:           return _("Input (prompt)");
    case CONFAB_USAGE_FIELD_CACHED:           return _("Cached input");
    case CONFAB_USAGE_FIELD_PROMPT_TEXT:      return _("Text input");
    case CONFAB_USAGE_FIELD_PROMPT_AUDIO:     return _("Audio input");
    case CONFAB_USAGE_FIELD_PROMPT_IMAGE:     return _("Image input");
    case CONFAB_USAGE_FIELD_COMPLETION:       return _("Output (completion)");
    case CONFAB_USAGE_FIELD_COMPLETION_TEXT:  return _("Text output");
    case CONFAB_USAGE_FIELD_COMPLETION_AUDIO: return _("Audio output");
    case CONFAB_USAGE_FIELD_REASONING:        return _("Reasoning");
    case CONFAB_USAGE_FIELD_TOTAL:            return _("Total");
    case CONFAB_USAGE_N_FIELDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * confab_usage_field_get_json_path:
 *
 * Returns: where @field lives in the server's usage object, such as
 *   `prompt_tokens_details.cached_tokens`
 */
const char *
confab_usage_field_get_json_path (ConfabUsageField field)
{
  g_return_val_if_fail (field < CONFAB_USAGE_N_FIELDS, NULL);

  return field_info[field].json_path;
}

/**
 * confab_usage_format_count:
 *
 * Returns: (transfer full): @count with the locale's digit grouping
 */
char *
confab_usage_format_count (gint64 count)
{
  if (count < 0)
    return g_strdup ("—");

  return g_strdup_printf ("%'" G_GINT64_FORMAT, count);
}

/**
 * confab_usage_format_summary:
 *
 * Formats the compact usage line shown under an answer, such as
 * “1,904 tokens · 13 in · 1,891 out · 1,480 reasoning”.  Counts the
 * server did not report are left out of the line.
 *
 * Returns: (transfer full): the line
 */
char *
confab_usage_format_summary (ConfabUsage *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *prompt = NULL;
  g_autofree char *completion = NULL;
  g_autofree char *reasoning = NULL;
  g_autofree char *cached = NULL;
  gint64 total;

  g_return_val_if_fail (CONFAB_IS_USAGE (self), NULL);

  if (confab_usage_is_empty (self))
    return g_strdup (_("Usage not reported"));

  total = self->fields[CONFAB_USAGE_FIELD_TOTAL];
  if (total != CONFAB_USAGE_MISSING)
    {
      g_autofree char *count = confab_usage_format_count (total);

      /* Translators: the total number of tokens of one answer or chat. */
      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s token", "%s tokens",
                                                            (gulong) MIN (total, G_MAXLONG)),
                                               count));
    }

  if (self->fields[CONFAB_USAGE_FIELD_PROMPT] != CONFAB_USAGE_MISSING)
    {
      prompt = confab_usage_format_count (self->fields[CONFAB_USAGE_FIELD_PROMPT]);
      /* Translators: input (prompt) tokens in the compact usage line. */
      g_ptr_array_add (parts, g_strdup_printf (_("%s in"), prompt));
    }

  if (self->fields[CONFAB_USAGE_FIELD_CACHED] > 0)
    {
      cached = confab_usage_format_count (self->fields[CONFAB_USAGE_FIELD_CACHED]);
      /* Translators: cached input tokens in the compact usage line. */
      g_ptr_array_add (parts, g_strdup_printf (_("%s cached"), cached));
    }

  if (self->fields[CONFAB_USAGE_FIELD_COMPLETION] != CONFAB_USAGE_MISSING)
    {
      completion = confab_usage_format_count (self->fields[CONFAB_USAGE_FIELD_COMPLETION]);
      /* Translators: output (completion) tokens in the compact usage line. */
      g_ptr_array_add (parts, g_strdup_printf (_("%s out"), completion));
    }

  if (self->fields[CONFAB_USAGE_FIELD_REASONING] != CONFAB_USAGE_MISSING)
    {
      reasoning = confab_usage_format_count (self->fields[CONFAB_USAGE_FIELD_REASONING]);
      /* Translators: reasoning tokens in the compact usage line. */
      g_ptr_array_add (parts, g_strdup_printf (_("%s reasoning"), reasoning));
    }

  if (parts->len == 0)
    return g_strdup (_("Usage not reported"));

  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **) parts->pdata);
}
