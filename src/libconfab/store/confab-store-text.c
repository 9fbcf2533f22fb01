/* confab-store-text.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-store-private.h"

/* Text helpers of the store: titles made from prompts, and search text
 * turned into a full-text query that means what the user typed.
 */

/* Longest title made from a prompt, in characters, with the ellipsis. */
#define TITLE_MAX_CHARS 48

static gboolean
is_regional_indicator (gunichar c)
{
  return c >= 0x1F1E6 && c <= 0x1F1FF;
}

/* Whether @c only makes sense together with the character before it:
 * combining marks, joiners, variation selectors, skin tones and tags.
 */
static gboolean
extends_previous (gunichar c)
{
  return g_unichar_ismark (c) ||
         c == 0x200C || c == 0x200D ||
         (c >= 0xFE00 && c <= 0xFE0F) ||
         (c >= 0x1F3FB && c <= 0x1F3FF) ||
         (c >= 0xE0020 && c <= 0xE007F) ||
         (c >= 0xE0100 && c <= 0xE01EF);
}

/* Whether the text may be cut between @chars[n - 1] and @chars[n] without
 * splitting what shows as one character.
 */
static gboolean
is_cut_allowed (const gunichar *chars,
                glong           n)
{
  glong run = 0;

  if (extends_previous (chars[n]) || chars[n - 1] == 0x200D)
    return FALSE;

  /* Flags are pairs of regional indicators. */
  if (is_regional_indicator (chars[n]))
    {
      for (glong i = n - 1; i >= 0 && is_regional_indicator (chars[i]); i--)
        run++;
      if (run % 2 == 1)
        return FALSE;
    }

  return TRUE;
}

/**
 * confab_store_title_from_prompt:
 * @prompt: (nullable): the first prompt of a conversation
 *
 * Makes a conversation's title from its first prompt: the first line
 * that is not blank, with its spaces trimmed and collapsed, cut at
 * 48 characters with "…" between characters as they show (an emoji
 * sequence or a letter with its accents is never split).
 *
 * Returns: (transfer full): the title, never empty: "New Chat" when
 *   the prompt is blank
 */
char *
confab_store_title_from_prompt (const char *prompt)
{
  g_autofree char *valid = NULL;
  g_autofree char *normal = NULL;
  g_autofree gunichar *chars = NULL;
  g_autoptr(GString) line = NULL;
  glong n_chars = 0;
  glong end;

  if (prompt == NULL)
    return g_strdup (_("New Chat"));

  valid = g_utf8_make_valid (prompt, -1);
  normal = g_utf8_normalize (valid, -1, G_NORMALIZE_NFC);
  line = g_string_new (NULL);

  /* The first line with something in it, spaces collapsed. */
  for (const char *p = normal; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029)
        {
          if (line->len > 0)
            break;
          continue;
        }

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c) || c == 0xFEFF)
        {
          if (line->len > 0 && line->str[line->len - 1] != ' ')
            g_string_append_c (line, ' ');
          continue;
        }

      g_string_append_unichar (line, c);
    }

  if (line->len > 0 && line->str[line->len - 1] == ' ')
    g_string_truncate (line, line->len - 1);

  if (line->len == 0)
    return g_strdup (_("New Chat"));

  chars = g_utf8_to_ucs4_fast (line->str, line->len, &n_chars);
  if (n_chars <= TITLE_MAX_CHARS)
    return g_string_free (g_steal_pointer (&line), FALSE);

  /* Room for the ellipsis, then back to where a cut is clean. */
  end = TITLE_MAX_CHARS - 1;
  while (end > 1 && !is_cut_allowed (chars, end))
    end--;
  while (end > 1 && chars[end - 1] == ' ')
    end--;

  {
    g_autofree char *kept = g_ucs4_to_utf8 (chars, end, NULL, NULL, NULL);

    return g_strconcat (kept, "…", NULL);
  }
}

/* Turns what the user typed into an FTS5 query that searches for it as
 * text: each word becomes a quoted string (so `"`, `*`, `-`, `NEAR`,
 * `AND`, `OR`, `NOT`, `^` and parentheses are only text), matched as a
 * prefix so that "서울" finds "서울에서" and "stream" finds "streaming".
 * All the words must be in the message.  A word with no letter or digit
 * in it is dropped.  Returns %NULL when nothing is left to search for.
 */
char *
_confab_store_fts_query (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *normal = NULL;
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) query = NULL;
  g_autoptr(GString) spaced = NULL;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  normal = g_utf8_normalize (valid, -1, G_NORMALIZE_NFC);
  spaced = g_string_new (NULL);
  query = g_string_new (NULL);

  for (const char *p = normal; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        g_string_append_c (spaced, ' ');
      else
        g_string_append_unichar (spaced, c);
    }

  words = g_strsplit (spaced->str, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean has_word_char = FALSE;

      for (const char *p = words[i]; *p != '\0' && !has_word_char; p = g_utf8_next_char (p))
        has_word_char = g_unichar_isalnum (g_utf8_get_char (p));

      if (!has_word_char)
        continue;

      if (query->len > 0)
        g_string_append_c (query, ' ');

      g_string_append_c (query, '"');
      for (const char *p = words[i]; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (query, '"');
          g_string_append_c (query, *p);
        }
      g_string_append (query, "\"*");
    }

  if (query->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&query), FALSE);
}
