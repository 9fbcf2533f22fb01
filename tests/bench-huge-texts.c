/* bench-huge-texts.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The huge answers of bench-huge: Markdown as answers are written, one
 * paragraph without a newline, and the bodies the scripted server sends
 * them in, whole or as an event stream.
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "bench-huge-texts.h"

static const char *words[] = {
  "the", "answer", "model", "stream", "token", "writes", "a", "long",
  "reply", "with", "reasoning", "and", "code", "that", "people", "read",
  "window", "frame", "layout", "paragraph", "of", "in", "to", "is",
  "대답은", "길고", "문단", "코드",
};

static void
append_words (GString *text,
              GRand   *rand,
              guint    n_words)
{
  for (guint i = 0; i < n_words; i++)
    {
      if (i > 0)
        g_string_append_c (text, g_rand_int_range (rand, 0, 12) == 0 ? ',' : ' ');
      if (i > 0 && text->str[text->len - 1] == ',')
        g_string_append_c (text, ' ');
      g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    }
}

/* Markdown as long answers are written: headings, paragraphs with some
 * inline styles, lists and code blocks.  Texts of one seed begin alike.
 */
char *
make_markdown (gsize   size,
               guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GString *text = g_string_sized_new (size + 4096);
  guint section = 0;

  while (text->len < size)
    {
      guint kind = g_rand_int_range (rand, 0, 10);

      if (kind == 0)
        {
          g_string_append_printf (text, "## Section %u\n\n", ++section);
        }
      else if (kind <= 5)
        {
          append_words (text, rand, g_rand_int_range (rand, 40, 160));
          g_string_append (text, " with **strong** words and `code` in it.\n\n");
        }
      else if (kind <= 7)
        {
          guint n = g_rand_int_range (rand, 3, 9);

          for (guint i = 0; i < n; i++)
            {
              g_string_append (text, kind == 6 ? "- " : "1. ");
              append_words (text, rand, g_rand_int_range (rand, 5, 30));
              g_string_append_c (text, '\n');
            }
          g_string_append_c (text, '\n');
        }
      else
        {
          guint n = g_rand_int_range (rand, 5, 40);

          g_string_append (text, "```c\n");
          for (guint i = 0; i < n; i++)
            g_string_append_printf (text, "  value_%u = compute (value_%u, %u); /* step */\n",
                                    i, i + 1, g_rand_int_range (rand, 0, 1000));
          g_string_append (text, "```\n\n");
        }
    }

  return g_string_free (text, FALSE);
}

/* One paragraph of @size bytes, without a single newline. */
char *
make_paragraph (gsize size)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  GString *text = g_string_sized_new (size + 64);

  while (text->len < size)
    {
      append_words (text, rand, 100);
      g_string_append (text, ". ");
    }

  return g_string_free (text, FALSE);
}

static char *
json_string (const char *text,
             gssize      length)
{
  g_autoptr(JsonNode) node = json_node_alloc ();
  g_autofree char *copy = length < 0 ? g_strdup (text) : g_strndup (text, length);

  json_node_init_string (node, copy);

  return json_to_string (node, FALSE);
}

GBytes *
make_response (const char *content)
{
  g_autofree char *escaped = json_string (content, -1);
  g_autofree char *body = g_strdup_printf ("{\"id\":\"chatcmpl-huge\",\"object\":\"chat.completion\","
                                           "\"model\":\"test-model\",\"choices\":[{\"index\":0,"
                                           "\"message\":{\"role\":\"assistant\",\"content\":%s},"
                                           "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,"
                                           "\"completion_tokens\":100,\"total_tokens\":110}}",
                                           escaped);

  return g_bytes_new_take (g_steal_pointer (&body), strlen (body));
}

/* @content in deltas of DELTA_SIZE bytes or a little less, never
 * splitting a character.
 */
char *
make_stream (const char *content)
{
  GString *stream = g_string_new (NULL);
  gsize length = strlen (content);
  gsize offset = 0;

  while (offset < length)
    {
      gsize end = MIN (offset + DELTA_SIZE, length);
      g_autofree char *escaped = NULL;

      while (end < length && (content[end] & 0xc0) == 0x80)
        end--;

      escaped = json_string (content + offset, end - offset);
      g_string_append_printf (stream,
                              "data: {\"id\":\"chatcmpl-huge\",\"object\":\"chat.completion.chunk\","
                              "\"choices\":[{\"index\":0,\"delta\":{\"content\":%s},\"finish_reason\":null}]}\n\n",
                              escaped);
      offset = end;
    }

  g_string_append (stream, "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                           "data: [DONE]\n\n");

  return g_string_free (stream, FALSE);
}

/* The cases to run: all when none is named. */
