/* fuzz-sse-parser.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A libFuzzer harness for the streaming path: the input is a byte stream
 * from the server.  It is fed to one parser whole and to another in
 * pieces, and both must see the same events and the same outcome; the
 * data of every event goes through confab_chunk_new_from_data().  The
 * first four bytes of the input choose the line cap and the pieces.
 *
 * Build with clang and -fsanitize=fuzzer,address,undefined (the meson
 * option `fuzzing`), then run, for example:
 *   ./fuzz-sse-parser -max_total_time=120 corpus/
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "confab-chunk.h"
#include "confab-sse-parser.h"

#define HEADER_LENGTH 4

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

typedef struct
{
  GString  *log;
  gsize     max_line;
  gboolean  parse_chunks;
} Events;

static void
check_string (const char *string)
{
  if (string != NULL && !g_utf8_validate (string, -1, NULL))
    abort ();
}

static void
check_chunk (const char *data,
             gsize       length)
{
  g_autoptr(ConfabChunk) chunk = NULL;
  g_autoptr(GError) error = NULL;
  ConfabUsage *usage;

  chunk = confab_chunk_new_from_data (data, length, &error);

  /* Exactly one of a chunk and an error. */
  if ((chunk == NULL) == (error == NULL))
    abort ();

  if (chunk == NULL)
    return;

  check_string (confab_chunk_get_response_id (chunk));
  check_string (confab_chunk_get_model (chunk));
  check_string (confab_chunk_get_content (chunk));
  check_string (confab_chunk_get_reasoning (chunk));
  check_string (confab_chunk_get_finish_reason (chunk));
  check_string (confab_chunk_get_error_message (chunk));

  if (confab_chunk_get_created (chunk) < -1)
    abort ();

  if (confab_chunk_get_error_message (chunk) != NULL && !confab_chunk_is_error (chunk))
    abort ();

  usage = confab_chunk_get_usage (chunk);
  if (usage != NULL)
    {
      g_autofree char *summary = confab_usage_format_summary (usage);

      if (summary == NULL)
        abort ();

      for (ConfabUsageField field = 0; field < CONFAB_USAGE_N_FIELDS; field++)
        if (confab_usage_get_field (usage, field) < CONFAB_USAGE_MISSING)
          abort ();
    }
}

static void
event_cb (const char *event_type,
          const char *data,
          gsize       length,
          gpointer    user_data)
{
  Events *events = user_data;

  if (event_type == NULL || data == NULL || data[length] != '\0' || length > events->max_line)
    abort ();

  g_string_append_len (events->log, event_type, strlen (event_type) + 1);
  g_string_append_len (events->log, (const char *) &length, sizeof length);
  g_string_append_len (events->log, data, length);

  if (!events->parse_chunks)
    return;

  (void) confab_sse_data_is_done (data, length);
  check_chunk (data, length);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A warning or a critical is a bug here. */
  g_log_set_always_fatal (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);

  /* Register the types once, outside the runs. */
  g_type_ensure (CONFAB_TYPE_CHUNK);
  g_type_ensure (CONFAB_TYPE_USAGE);

  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const gsize max_pieces[] = { 1, 3, 16, 64, 512, 4096 };
  g_autoptr(ConfabSseParser) whole_parser = NULL;
  g_autoptr(ConfabSseParser) pieces_parser = NULL;
  Events whole;
  Events pieces;
  const char *input;
  gsize length;
  gsize max_line;
  gsize max_piece;
  guint32 state;
  gboolean whole_ok;
  gboolean pieces_ok = TRUE;

  if (size < HEADER_LENGTH)
    return 0;

  /* Byte 0 picks the cap: the default one, or a small one so that the
   * cap is hit often.  Byte 1 picks how large pieces may be, bytes 2
   * and 3 seed the piece lengths.
   */
  max_line = (data[0] & 1) ? 0 : (gsize) (data[0] >> 1) + 1;
  max_piece = max_pieces[data[1] % G_N_ELEMENTS (max_pieces)];
  state = ((guint32) data[2] << 8 | data[3]) | 0x10000;

  input = (const char *) data + HEADER_LENGTH;
  length = size - HEADER_LENGTH;

  whole.log = g_string_new (NULL);
  whole.max_line = max_line > 0 ? max_line : CONFAB_SSE_PARSER_DEFAULT_MAX_LINE;
  whole.parse_chunks = FALSE;
  pieces.log = g_string_new (NULL);
  pieces.max_line = whole.max_line;
  pieces.parse_chunks = TRUE;

  whole_parser = confab_sse_parser_new (max_line, event_cb, &whole, NULL);
  pieces_parser = confab_sse_parser_new (max_line, event_cb, &pieces, NULL);

  whole_ok = confab_sse_parser_feed (whole_parser, input, length, NULL);

  for (gsize pos = 0; pos < length && pieces_ok; )
    {
      g_autoptr(GError) error = NULL;
      gsize piece;

      /* xorshift32 */
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;

      piece = MIN (state % (max_piece + 1), length - pos);
      pieces_ok = confab_sse_parser_feed (pieces_parser, input + pos, piece, &error);

      if (pieces_ok != (error == NULL))
        abort ();
      if (error != NULL && !g_error_matches (error, CONFAB_SSE_PARSER_ERROR,
                                             CONFAB_SSE_PARSER_ERROR_LINE_TOO_LONG))
        abort ();

      pos += piece;
    }

  /* However the stream is split, the same events and the same outcome;
   * once failed, a parser stays failed.
   */
  if (whole_ok != pieces_ok)
    abort ();
  if (whole.log->len != pieces.log->len ||
      memcmp (whole.log->str, pieces.log->str, whole.log->len) != 0)
    abort ();
  if (!whole_ok && confab_sse_parser_feed (whole_parser, "\n\n", 2, NULL))
    abort ();

  g_string_free (whole.log, TRUE);
  g_string_free (pieces.log, TRUE);

  return 0;
}
