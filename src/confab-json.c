/* confab-json.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "confab-json.h"

/* Everything Confab parses comes from the network, so it is checked
 * before json-glib sees it: UTF-8 (json-glib's own check stops at a nul
 * byte) and nesting depth (its parser recurses once per level).
 */

/**
 * confab_json_nesting_exceeds:
 *
 * Returns: whether brackets and braces in @data, outside strings, nest
 *   deeper than @max
 */
gboolean
confab_json_nesting_exceeds (const char *data,
                             gsize       length,
                             guint       max)
{
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        {
          in_string = TRUE;
        }
      else if (c == '[' || c == '{')
        {
          if (++depth > max)
            return TRUE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        {
          depth--;
        }
    }

  return FALSE;
}

/**
 * confab_json_parse:
 * @data: (array length=length): bytes from the network
 *
 * Returns: (transfer full): the root node, or %NULL with @error set to
 *   %G_IO_ERROR_INVALID_DATA
 */
JsonNode *
confab_json_parse (const char  *data,
                   gsize        length,
                   GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "empty");
      return NULL;
    }

  if (length > G_MAXSSIZE || !g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not UTF-8");
      return NULL;
    }

  if (confab_json_nesting_exceeds (data, length, CONFAB_JSON_MAX_NESTING))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "nested too deep");
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not JSON: %s", local_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "empty");
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

/**
 * confab_json_node_get_string:
 * @node: (nullable): a member's value
 *
 * Returns: (nullable): the string @node holds, or %NULL when it is
 *   missing, null or of another type
 */
const char *
confab_json_node_get_string (JsonNode *node)
{
  if (node != NULL &&
      JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  return NULL;
}

/**
 * confab_json_node_get_natural:
 * @node: (nullable): a member's value
 *
 * Reads a count or a time: a JSON integer, or a number with no
 * fractional part (JSON has one number type), that is not negative and
 * at most 2^53.
 *
 * The limit makes the answer the same on every json-glib: 1.6 reads
 * some integers past gint64 as doubles, while 1.10 clamps them to
 * G_MAXINT64, and a double is exact only up to 2^53.
 *
 * Returns: the number, or -1 when @node holds anything else
 */
gint64
confab_json_node_get_natural (JsonNode *node)
{
  const gint64 max_exact = G_GINT64_CONSTANT (9007199254740992);
  GType value_type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;

  value_type = json_node_get_value_type (node);

  if (value_type == G_TYPE_INT64)
    {
      gint64 number = json_node_get_int (node);

      if (number >= 0 && number <= max_exact)
        return number;
    }
  else if (value_type == G_TYPE_DOUBLE)
    {
      double number = json_node_get_double (node);

      if (number >= 0 && number <= (double) max_exact && number == (double) (gint64) number)
        return (gint64) number;
    }

  return -1;
}
