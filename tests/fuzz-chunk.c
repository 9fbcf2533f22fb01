/* fuzz-chunk.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A libFuzzer harness for one streamed chunk: the input is the data of
 * one server-sent event, mapped by confab_chunk_new_from_data() through
 * the raw-JSON repair of confab-json.c (bytes that are not UTF-8, nul,
 * lone and split surrogate escapes).  Every string a chunk hands out
 * must be valid UTF-8, every count unreported or within 0..2^53, and a
 * half surrogate pair reported only when one was marked.  The repair
 * itself: confab_json_make_valid() gives valid UTF-8 with no nul and
 * leaves such text alone, and confab_json_fix_escapes() leaves nothing
 * to fix in its own output.  And the chunk must not change when its
 * JSON is parsed and written out again by json-glib, except for the
 * texts whose split halves were taken off.
 *
 * Build with clang and -fsanitize=fuzzer,address,undefined (tests/
 * meson.build does when the compiler is clang), then run, for example:
 *   ./fuzz-chunk -max_total_time=120 corpus/
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "confab-chunk.h"
#include "confab-json.h"

#define MAX_NATURAL G_GINT64_CONSTANT (9007199254740992)

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_string (const char *string)
{
  if (string != NULL && !g_utf8_validate (string, -1, NULL))
    abort ();
}

static void
check_count (gint64 count)
{
  if (count != -1 && (count < 0 || count > MAX_NATURAL))
    abort ();
}

static void
check_split (ConfabChunk     *chunk,
             ConfabChunkText  text,
             gboolean         marked)
{
  gunichar2 low;
  gunichar2 high;

  confab_chunk_get_split_surrogates (chunk, text, &low, &high);

  if (low != 0 && (!marked || low < 0xDC00 || low > 0xDFFF))
    abort ();
  if (high != 0 && (!marked || high < 0xD800 || high > 0xDBFF))
    abort ();
}

static gboolean
has_split (ConfabChunk     *chunk,
           ConfabChunkText  text)
{
  gunichar2 low;
  gunichar2 high;

  confab_chunk_get_split_surrogates (chunk, text, &low, &high);

  return low != 0 || high != 0;
}

static void
check_chunk (ConfabChunk *chunk,
             gboolean     marked)
{
  ConfabUsage *usage;

  check_string (confab_chunk_get_response_id (chunk));
  check_string (confab_chunk_get_model (chunk));
  check_string (confab_chunk_get_content (chunk));
  check_string (confab_chunk_get_reasoning (chunk));
  check_string (confab_chunk_get_finish_reason (chunk));
  check_string (confab_chunk_get_error_message (chunk));
  check_count (confab_chunk_get_created (chunk));

  if (confab_chunk_get_error_message (chunk) != NULL && !confab_chunk_is_error (chunk))
    abort ();

  check_split (chunk, CONFAB_CHUNK_TEXT_CONTENT, marked);
  check_split (chunk, CONFAB_CHUNK_TEXT_REASONING, marked);

  usage = confab_chunk_get_usage (chunk);
  if (usage != NULL)
    {
      g_autofree char *summary = confab_usage_format_summary (usage);

      check_string (summary);
      for (ConfabUsageField field = 0; field < CONFAB_USAGE_N_FIELDS; field++)
        check_count (confab_usage_get_field (usage, field));
    }
}

/* The repair of the raw text, before json-glib sees it. */
static void
check_repair (const char *data,
              gsize       length)
{
  g_autofree char *valid = NULL;
  g_autofree char *fixed = NULL;
  g_autofree char *refixed = NULL;
  gsize valid_length;
  gsize fixed_length = 0;
  gsize refixed_length = 0;
  gboolean marked;
  gboolean is_valid = g_utf8_validate_len (data, length, NULL);

  valid = confab_json_make_valid (data, length, &valid_length);
  if (!g_utf8_validate_len (valid, valid_length, NULL))
    abort ();
  if (is_valid && (valid_length != length || memcmp (valid, data, length) != 0))
    abort ();

  fixed = confab_json_fix_escapes (valid, valid_length, TRUE, &fixed_length, &marked);
  if (fixed == NULL)
    return;
  if (!g_utf8_validate_len (fixed, fixed_length, NULL))
    abort ();

  refixed = confab_json_fix_escapes (fixed, fixed_length, FALSE, &refixed_length, NULL);
  if (refixed != NULL)
    abort ();
}

static void
check_same (ConfabChunk *chunk,
            ConfabChunk *again)
{
  ConfabUsage *usage = confab_chunk_get_usage (chunk);
  ConfabUsage *usage_again = confab_chunk_get_usage (again);

  if (g_strcmp0 (confab_chunk_get_response_id (chunk), confab_chunk_get_response_id (again)) != 0 ||
      g_strcmp0 (confab_chunk_get_model (chunk), confab_chunk_get_model (again)) != 0 ||
      g_strcmp0 (confab_chunk_get_finish_reason (chunk), confab_chunk_get_finish_reason (again)) != 0 ||
      g_strcmp0 (confab_chunk_get_error_message (chunk), confab_chunk_get_error_message (again)) != 0 ||
      confab_chunk_get_created (chunk) != confab_chunk_get_created (again) ||
      confab_chunk_is_error (chunk) != confab_chunk_is_error (again))
    abort ();

  if (!has_split (chunk, CONFAB_CHUNK_TEXT_CONTENT) &&
      g_strcmp0 (confab_chunk_get_content (chunk), confab_chunk_get_content (again)) != 0)
    abort ();
  if (!has_split (chunk, CONFAB_CHUNK_TEXT_REASONING) &&
      g_strcmp0 (confab_chunk_get_reasoning (chunk), confab_chunk_get_reasoning (again)) != 0)
    abort ();

  if ((usage == NULL) != (usage_again == NULL))
    abort ();
  if (usage != NULL)
    for (ConfabUsageField field = 0; field < CONFAB_USAGE_N_FIELDS; field++)
      if (confab_usage_get_field (usage, field) != confab_usage_get_field (usage_again, field))
        abort ();
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A warning or a critical is a bug here. */
  g_log_set_always_fatal (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);

  g_type_ensure (CONFAB_TYPE_CHUNK);
  g_type_ensure (CONFAB_TYPE_USAGE);

  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *input = (const char *) data;
  g_autoptr(ConfabChunk) chunk = NULL;
  g_autoptr(ConfabChunk) again = NULL;
  g_autoptr(JsonNode) marked_root = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean marked = FALSE;
  gsize text_length;

  check_repair (input, size);

  chunk = confab_chunk_new_from_data (input, size, &error);

  /* Exactly one of a chunk and an error. */
  if ((chunk == NULL) == (error == NULL))
    abort ();

  /* The same parse as the chunk's, to learn whether it marked. */
  marked_root = confab_json_parse_marking (input, size, &marked, NULL);
  if ((marked_root != NULL && JSON_NODE_HOLDS_OBJECT (marked_root)) != (chunk != NULL))
    abort ();

  if (chunk == NULL)
    return 0;

  check_chunk (chunk, marked);

  /* Parsed with no marks, written out and read again. */
  root = confab_json_parse (input, size, NULL);
  if (root == NULL)
    abort ();

  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &text_length);

  again = confab_chunk_new_from_data (text, text_length, NULL);
  /* json-glib writes a number too large for a double as `inf`, which
   * no JSON reader reads: only what it can write is read again.
   */
  if (again == NULL)
    return 0;

  check_chunk (again, FALSE);
  check_same (chunk, again);

  return 0;
}
