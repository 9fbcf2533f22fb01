/* confab-util.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-util.h"

/**
 * confab_set_string:
 * @object: the object @field belongs to
 * @field: where the object keeps the string
 * @value: (nullable): the new string
 * @pspec: the property of @field
 *
 * Keeps a copy of @value in @field and notifies @pspec, unless @field
 * holds that text already.
 *
 * Returns: whether @field changed
 */
gboolean
confab_set_string (GObject     *object,
                   char       **field,
                   const char  *value,
                   GParamSpec  *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (object, pspec);

  return TRUE;
}

/**
 * confab_utf8_make_valid:
 * @text: (nullable): text that may not be UTF-8
 * @length: its length in bytes, or -1 when it ends with a nul
 * @copy: (out) (transfer full): where a valid copy is kept, to be freed
 *   by the caller; %NULL when @text was valid
 *
 * What views, JSON and CSV need: @text itself when it is valid UTF-8,
 * or else a copy with each invalid byte as U+FFFD
 * (g_utf8_make_valid()).  json-glib, for one, lets a lone surrogate
 * escape through as bytes that are not UTF-8.
 *
 * Returns: (nullable): valid UTF-8, @length bytes long when @text was
 *   valid, nul-terminated when it was copied
 */
const char *
confab_utf8_make_valid (const char  *text,
                        gssize       length,
                        char       **copy)
{
  *copy = NULL;

  if (text == NULL || G_LIKELY (length < 0 ? g_utf8_validate (text, -1, NULL)
                                           : g_utf8_validate_len (text, length, NULL)))
    return text;

  return *copy = g_utf8_make_valid (text, length);
}

/**
 * confab_string_append_valid:
 * @string: a #GString
 * @text: text that may not be UTF-8
 * @length: its length in bytes
 *
 * Appends @length bytes of @text to @string, made valid as
 * confab_utf8_make_valid() makes them: views refuse text that is not
 * UTF-8, and json-glib lets a lone surrogate escape through.
 */
void
confab_string_append_valid (GString    *string,
                            const char *text,
                            gsize       length)
{
  g_autofree char *copy = NULL;
  const char *valid = confab_utf8_make_valid (text, length, &copy);

  if (copy != NULL)
    g_string_append (string, copy);
  else
    g_string_append_len (string, valid, length);
}
