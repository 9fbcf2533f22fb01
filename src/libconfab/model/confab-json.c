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
 * byte), nesting depth (its parser recurses once per level) and the
 * escapes json-glib cannot hold (lone surrogates, nul).
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

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* The code unit of the `\uXXXX` escape at @p, or -1. */
static int
unicode_escape_at (const char *p,
                   const char *end)
{
  int value = 0;

  if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
    return -1;

  for (int i = 2; i < 6; i++)
    {
      int digit = hex_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }

  return value;
}

#define IS_HIGH_SURROGATE(u) ((u) >= 0xD800 && (u) <= 0xDBFF)
#define IS_LOW_SURROGATE(u)  ((u) >= 0xDC00 && (u) <= 0xDFFF)
#define IS_MARK(u)           ((u) >= 0xD800 + CONFAB_JSON_SURROGATE_MARK_OFFSET && \
                              (u) <= 0xDFFF + CONFAB_JSON_SURROGATE_MARK_OFFSET)

/* Whether @data has a character of the marks' range, as UTF-8 (EF 80 80
 * to EF 9F BF) or as an escape.
 */
static gboolean
has_mark_character (const char *data,
                    gsize       length)
{
  const char *end = data + length;

  for (const char *p = data; p < end; p++)
    {
      if ((guchar) p[0] == 0xEF && end - p >= 2 && (guchar) p[1] >= 0x80 && (guchar) p[1] <= 0x9F)
        return TRUE;

      if (p[0] == '\\')
        {
          int unit = unicode_escape_at (p, end);

          if (IS_MARK (unit))
            return TRUE;
          /* Past an escaped character (`\\` above all), but not past
           * the first byte of a character that is no escape at all.
           */
          if (end - p >= 2 && (guchar) p[1] < 0x80)
            p++;
        }
    }

  return FALSE;
}

/**
 * confab_json_fix_escapes:
 * @data: (array length=length): JSON text, UTF-8
 * @mark_edges: whether half a pair at the edge of a string is marked
 * @fixed_length: (out): the length of the result
 * @marked: (out) (optional): whether a mark was put in
 *
 * Rewrites the escapes of @data that json-glib cannot read into a
 * string, so that no text is lost and every json-glib reads the same.
 *
 * A `\u` without four hex digits becomes `\ufffd` too, with the digits
 * it had: json-glib 1.6 took the characters after it for digits.  So does
 * a backslash before a character that makes no escape (`\6`), which
 * then stays: 1.6 read `\0` to `\7` as an octal byte.
 *
 * `\u0000` becomes `\ufffd`: json-glib's strings end at a nul, so the
 * rest of the string was lost.  U+FFFD rather than nothing, as a byte
 * that is not UTF-8 becomes: the reader sees that something was there,
 * and the words on either side are not run together.
 *
 * Surrogate escapes: 1.6 turns a lone surrogate into bytes that are not
 * UTF-8, or drops the string, and 1.10 refuses the whole text.  A lone
 * surrogate becomes `\ufffd`, except, with @mark_edges, a high surrogate
 * that ends a string or a low one that starts it: those may be the
 * halves of a pair that a server cut in two (streamed text cut by
 * UTF-16 units), and become marks, `\uXXXX` with the code unit plus
 * %CONFAB_JSON_SURROGATE_MARK_OFFSET.  No mark is put in when @data
 * already has a character of that range.
 *
 * Returns: (transfer full) (nullable): the fixed text, or %NULL when
 *   @data needs no fixing
 */
char *
confab_json_fix_escapes (const char *data,
                         gsize       length,
                         gboolean    mark_edges,
                         gsize      *fixed_length,
                         gboolean   *marked)
{
  g_autoptr(GString) fixed = NULL;
  const char *end = data + length;
  const char *copied = data;
  const char *string_start = NULL;
  gboolean did_mark = FALSE;

  if (marked != NULL)
    *marked = FALSE;

  if (mark_edges && has_mark_character (data, length))
    mark_edges = FALSE;

  for (const char *p = data; p < end; p++)
    {
      int unit;

      if (string_start == NULL)
        {
          if (*p == '"')
            string_start = p + 1;
          continue;
        }

      if (*p == '"')
        {
          string_start = NULL;
          continue;
        }

      if (*p != '\\')
        continue;

      unit = unicode_escape_at (p, end);

      if (IS_HIGH_SURROGATE (unit) && IS_LOW_SURROGATE (unicode_escape_at (p + 6, end)))
        {
          p += 11;
          continue;
        }

      if (unit == 0 || IS_HIGH_SURROGATE (unit) || IS_LOW_SURROGATE (unit))
        {
          gboolean at_edge = IS_HIGH_SURROGATE (unit) ? (end - p > 6 && p[6] == '"') : p == string_start;

          if (fixed == NULL)
            fixed = g_string_sized_new (length + 16);
          g_string_append_len (fixed, copied, p - copied);

          if (unit != 0 && mark_edges && at_edge)
            {
              g_string_append_printf (fixed, "\\u%04x", unit + CONFAB_JSON_SURROGATE_MARK_OFFSET);
              did_mark = TRUE;
            }
          else
            {
              g_string_append (fixed, "\\ufffd");
            }

          p += 5;
          copied = p + 1;
          continue;
        }

      /* `\u` without four hex digits: json-glib 1.6 reads it anyway,
       * taking the characters after it as digits, which loses them or
       * leaves bytes that are not UTF-8.  It becomes `\ufffd`, and the
       * hex digits it had go with it.
       */
      if (unit < 0 && end - p >= 2 && p[1] == 'u')
        {
          const char *next = p + 2;

          while (next < end && next - p < 5 && hex_value (*next) >= 0)
            next++;

          if (fixed == NULL)
            fixed = g_string_sized_new (length + 16);
          g_string_append_len (fixed, copied, p - copied);
          g_string_append (fixed, "\\ufffd");

          p = next - 1;
          copied = next;
          continue;
        }

      /* A backslash before a character that makes no JSON escape: json-glib
       * 1.6 reads `\0` to `\7` with the digits after them as an octal
       * byte, which is not UTF-8, and 1.10 refuses the text.  The
       * backslash becomes U+FFFD and the character stays.
       */
      if (end - p >= 2 && strchr ("\"\\/bfnrtu", p[1]) == NULL)
        {
          if (fixed == NULL)
            fixed = g_string_sized_new (length + 16);
          g_string_append_len (fixed, copied, p - copied);
          g_string_append (fixed, "\\ufffd");
          copied = p + 1;
          continue;
        }

      /* Any other escape: skip the escaped character, a quote included. */
      p++;
    }

  if (fixed == NULL)
    return NULL;

  g_string_append_len (fixed, copied, end - copied);
  *fixed_length = fixed->len;
  if (marked != NULL)
    *marked = did_mark;

  return g_string_free (g_steal_pointer (&fixed), FALSE);
}

/**
 * confab_json_make_valid:
 * @data: (array length=length): bytes that may not be UTF-8
 * @valid_length: (out): the length of the result
 *
 * Decodes @data as the Encoding Standard's UTF-8 decoder does, the one
 * the event-stream rules name: each ill-formed sequence, up to the
 * byte where it went wrong, becomes one U+FFFD, and the text around it
 * stays.  A nul byte becomes U+FFFD too, as `\u0000` does.
 *
 * Returns: (transfer full): valid UTF-8 with no nul byte
 */
char *
confab_json_make_valid (const char *data,
                        gsize       length,
                        gsize      *valid_length)
{
  GString *valid = g_string_sized_new (length + 16);
  const guchar *p = (const guchar *) data;
  const guchar *end = p + length;

  while (p < end)
    {
      const char *good_end;
      guchar lower = 0x80;
      guchar upper = 0xBF;
      guint needed = 0;

      if (g_utf8_validate_len ((const char *) p, end - p, &good_end))
        {
          g_string_append_len (valid, (const char *) p, end - p);
          break;
        }

      g_string_append_len (valid, (const char *) p, good_end - (const char *) p);
      p = (const guchar *) good_end;

      /* The sequence at p is ill-formed, or a nul: skip what of it
       * could still have been a character.
       */
      if (*p >= 0xC2 && *p <= 0xDF)
        needed = 1;
      else if (*p >= 0xE0 && *p <= 0xEF)
        needed = 2;
      else if (*p >= 0xF0 && *p <= 0xF4)
        needed = 3;

      if (*p == 0xE0)
        lower = 0xA0;
      else if (*p == 0xED)
        upper = 0x9F;
      else if (*p == 0xF0)
        lower = 0x90;
      else if (*p == 0xF4)
        upper = 0x8F;

      for (p++; needed > 0 && p < end && *p >= lower && *p <= upper; p++, needed--)
        {
          lower = 0x80;
          upper = 0xBF;
        }

      g_string_append (valid, "\357\277\275");
    }

  *valid_length = valid->len;

  return g_string_free (valid, FALSE);
}

/**
 * confab_json_parse:
 * @data: (array length=length): bytes from the network
 *
 * Parses @data with no text lost: bytes that are not UTF-8 are read as
 * confab_json_make_valid() says, escapes as confab_json_fix_escapes()
 * says.
 *
 * Returns: (transfer full): the root node, or %NULL with @error set to
 *   %G_IO_ERROR_INVALID_DATA
 */
JsonNode *
confab_json_parse (const char  *data,
                   gsize        length,
                   GError     **error)
{
  return confab_json_parse_marking (data, length, NULL, error);
}

/**
 * confab_json_parse_marking:
 * @data: (array length=length): bytes from the network
 * @marked: (out) (optional): where to say whether half surrogate pairs
 *   at the edges of strings were marked; %NULL to have them replaced
 *   as lone surrogates are
 *
 * Parses @data as confab_json_parse() does; see
 * confab_json_fix_escapes() for the marks.
 *
 * Returns: (transfer full): the root node, or %NULL with @error set to
 *   %G_IO_ERROR_INVALID_DATA
 */
JsonNode *
confab_json_parse_marking (const char  *data,
                           gsize        length,
                           gboolean    *marked,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *valid = NULL;
  g_autofree char *fixed = NULL;
  gsize fixed_length = 0;

  if (marked != NULL)
    *marked = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "empty");
      return NULL;
    }

  if (length > G_MAXSSIZE / 4)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "too long");
      return NULL;
    }

  /* Bytes that are not UTF-8 are U+FFFD, and the text around them is
   * kept, as in an event stream.
   */
  if (!g_utf8_validate_len (data, length, NULL))
    data = valid = confab_json_make_valid (data, length, &length);

  if (confab_json_nesting_exceeds (data, length, CONFAB_JSON_MAX_NESTING))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "nested too deep");
      return NULL;
    }

  if ((fixed = confab_json_fix_escapes (data, length, marked != NULL, &fixed_length, marked)))
    {
      data = fixed;
      length = fixed_length;
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
