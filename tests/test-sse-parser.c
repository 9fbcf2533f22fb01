/* test-sse-parser.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-sse-parser.h"
#include "confab-test-fixtures.h"

/* The data of each event of the PROTOCOL.md stream, as the parser hands
 * it over: written out again here, so that the shared fixture is checked
 * as well.
 */
#define CHUNK_PREFIX \
  "{\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\",\"created\":1760032810," \
  "\"model\":\"gemini-3.1-pro-preview\","

static const char * const fixture_data[] = {
  CHUNK_PREFIX "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}],\"usage\":null}",
  CHUNK_PREFIX "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"finish_reason\":null}],\"usage\":null}",
  CHUNK_PREFIX "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"! 안녕하세요 👋\\nI'm Gemini.\"},\"finish_reason\":null}],\"usage\":null}",
  CHUNK_PREFIX "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}",
  CHUNK_PREFIX "\"choices\":[],\"usage\":{\"prompt_tokens\":13,\"completion_tokens\":420,\"total_tokens\":433,\"completion_tokens_details\":{\"reasoning_tokens\":400}}}",
  "[DONE]",
};

static const char * const line_ends[] = { "\n", "\r\n", "\r" };

/* Every event, as "type" NUL "data", so that events compare as bytes. */
typedef struct
{
  GPtrArray *events;
  gsize      max_length;
} Collector;

static void
collect_event_cb (const char *event_type,
                  const char *data,
                  gsize       length,
                  gpointer    user_data)
{
  Collector *collector = user_data;
  GByteArray *event = g_byte_array_new ();

  g_assert_nonnull (event_type);
  g_assert_nonnull (data);
  /* The data is nul-terminated, whatever it holds. */
  g_assert_cmpint (data[length], ==, '\0');

  g_byte_array_append (event, (const guint8 *) event_type, strlen (event_type) + 1);
  g_byte_array_append (event, (const guint8 *) data, length);
  g_ptr_array_add (collector->events, event);

  collector->max_length = MAX (collector->max_length, length);
}

static Collector *
collector_new (void)
{
  Collector *collector = g_new0 (Collector, 1);

  collector->events = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);

  return collector;
}

static void
collector_free (Collector *collector)
{
  g_ptr_array_unref (collector->events);
  g_free (collector);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Collector, collector_free)

static ConfabSseParser *
parser_new (gsize      max_line,
            Collector *collector)
{
  return confab_sse_parser_new (max_line, collect_event_cb, collector, NULL);
}

static void
assert_event (Collector  *collector,
              guint       index,
              const char *event_type,
              const char *data,
              gsize       length)
{
  GByteArray *event;
  gsize type_length = strlen (event_type) + 1;

  g_assert_cmpuint (index, <, collector->events->len);
  event = g_ptr_array_index (collector->events, index);

  g_assert_cmpuint (event->len, >=, type_length);
  g_assert_cmpstr ((const char *) event->data, ==, event_type);
  g_assert_cmpmem (event->data + type_length, event->len - type_length, data, length);
}

static void
assert_events_equal (Collector *a,
                     Collector *b)
{
  g_assert_cmpuint (a->events->len, ==, b->events->len);

  for (guint i = 0; i < a->events->len; i++)
    {
      GByteArray *x = g_ptr_array_index (a->events, i);
      GByteArray *y = g_ptr_array_index (b->events, i);

      g_assert_cmpmem (x->data, x->len, y->data, y->len);
    }
}

static void
assert_fixture_events (Collector *collector)
{
  g_assert_cmpuint (collector->events->len, ==, G_N_ELEMENTS (fixture_data));

  for (guint i = 0; i < G_N_ELEMENTS (fixture_data); i++)
    assert_event (collector, i, "message", fixture_data[i], strlen (fixture_data[i]));
}

static gboolean
feed_string (ConfabSseParser  *parser,
             const char       *string,
             GError          **error)
{
  return confab_sse_parser_feed (parser, string, strlen (string), error);
}

/* Feeds @input in pieces of the given lengths, the rest in one go. */
static void
feed_split (ConfabSseParser *parser,
            const char      *input,
            gsize            length,
            const gsize     *splits,
            guint            n_splits)
{
  gsize pos = 0;

  for (guint i = 0; i < n_splits && pos < length; i++)
    {
      gsize piece = MIN (splits[i], length - pos);

      g_assert_true (confab_sse_parser_feed (parser, input + pos, piece, NULL));
      pos += piece;
    }

  g_assert_true (confab_sse_parser_feed (parser, input + pos, length - pos, NULL));
}

static void
feed_bytewise (ConfabSseParser *parser,
               const char      *input,
               gsize            length)
{
  for (gsize i = 0; i < length; i++)
    g_assert_true (confab_sse_parser_feed (parser, input + i, 1, NULL));
}

/* Replaces every LF of @input with @line_end. */
static char *
with_line_ends (const char *input,
                const char *line_end)
{
  g_autoptr(GString) string = g_string_new (input);

  g_string_replace (string, "\n", line_end, 0);

  return g_string_free (g_steal_pointer (&string), FALSE);
}

static gsize
parse_whole (const char *input,
             gsize       length,
             Collector  *collector)
{
  g_autoptr(ConfabSseParser) parser = parser_new (0, collector);

  g_assert_true (confab_sse_parser_feed (parser, input, length, NULL));

  return collector->events->len;
}

static void
test_fixture_whole (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (line_ends); i++)
    {
      g_autofree char *input = with_line_ends (CONFAB_TEST_STREAM, line_ends[i]);
      g_autoptr(Collector) collector = collector_new ();

      parse_whole (input, strlen (input), collector);
      assert_fixture_events (collector);
    }
}

static void
test_fixture_bytewise (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (line_ends); i++)
    {
      g_autofree char *input = with_line_ends (CONFAB_TEST_STREAM, line_ends[i]);
      g_autoptr(Collector) collector = collector_new ();
      g_autoptr(ConfabSseParser) parser = parser_new (0, collector);

      feed_bytewise (parser, input, strlen (input));
      assert_fixture_events (collector);
    }
}

static void
test_fixture_random_splits (void)
{
  for (guint round = 0; round < 400; round++)
    {
      g_autoptr(GString) input = g_string_new (NULL);
      g_autoptr(Collector) collector = collector_new ();
      g_autoptr(ConfabSseParser) parser = parser_new (0, collector);
      gsize splits[64];
      guint n_splits;

      /* Every line of the stream with its own kind of line end: LF, CRLF
       * or CR, mixed.
       */
      for (const char *p = CONFAB_TEST_STREAM; *p != '\0'; p++)
        {
          guint end = g_test_rand_int_range (0, G_N_ELEMENTS (line_ends));

          if (*p != '\n')
            {
              g_string_append_c (input, *p);
              continue;
            }

          /* A CR and then a lone LF would make one CRLF. */
          while (g_str_has_suffix (input->str, "\r") && g_str_equal (line_ends[end], "\n"))
            end = g_test_rand_int_range (0, G_N_ELEMENTS (line_ends));

          g_string_append (input, line_ends[end]);
        }

      n_splits = g_test_rand_int_range (1, G_N_ELEMENTS (splits));
      for (guint i = 0; i < n_splits; i++)
        splits[i] = g_test_rand_int_range (0, 2 * input->len / n_splits + 2);

      feed_split (parser, input->str, input->len, splits, n_splits);
      assert_fixture_events (collector);
    }
}

/* A CR ending one piece and a LF starting the next are one line end. */
static void
test_cr_lf_across_feeds (void)
{
  g_autoptr(Collector) collector = collector_new ();
  g_autoptr(ConfabSseParser) parser = parser_new (0, collector);

  g_assert_true (feed_string (parser, "data: a\r", NULL));
  g_assert_true (feed_string (parser, "\n", NULL));
  g_assert_cmpuint (collector->events->len, ==, 0);
  g_assert_true (feed_string (parser, "data: b\r", NULL));
  g_assert_true (feed_string (parser, "\ndata: c\r", NULL));
  g_assert_true (feed_string (parser, "\r", NULL));
  g_assert_cmpuint (collector->events->len, ==, 1);
  assert_event (collector, 0, "message", "a\nb\nc", 5);

  /* An empty piece in between changes nothing. */
  g_assert_true (feed_string (parser, "data: d\r", NULL));
  g_assert_true (feed_string (parser, "", NULL));
  g_assert_true (confab_sse_parser_feed (parser, NULL, 0, NULL));
  g_assert_true (feed_string (parser, "\n\n", NULL));
  g_assert_cmpuint (collector->events->len, ==, 2);
  assert_event (collector, 1, "message", "d", 1);

  /* LF CR is two line ends, so it dispatches. */
  g_assert_true (feed_string (parser, "data: e\n\r", NULL));
  g_assert_cmpuint (collector->events->len, ==, 3);
  assert_event (collector, 2, "message", "e", 1);
}

static void
test_comments (void)
{
  static const char input[] =
    ": keep-alive\n"
    "\n"
    ":\n"
    ": PROCESSING\r\n"
    "\r\n"
    "data: one\n"
    ": a comment inside an event\n"
    "data: two\n"
    ":data: not data\n"
    "\n"
    ": keep-alive\n";
  g_autoptr(Collector) collector = collector_new ();

  parse_whole (input, strlen (input), collector);
  g_assert_cmpuint (collector->events->len, ==, 1);
  assert_event (collector, 0, "message", "one\ntwo", 7);
}

static void
test_multi_line_data (void)
{
  static const char input[] =
    "data: a\n"
    "data:b\n"
    "data\n"
    "data:\n"
    "data:  c \n"
    "data: d:e: f\n"
    "\n";
  g_autoptr(Collector) collector = collector_new ();

  parse_whole (input, strlen (input), collector);
  g_assert_cmpuint (collector->events->len, ==, 1);
  assert_event (collector, 0, "message", "a\nb\n\n\n c \nd:e: f", 16);
}

static void
test_event_type (void)
{
  static const char input[] =
    "event: error\n"
    "data: " "{\"error\":{\"message\":\"boom\"}}" "\n"
    "\n"
    "data: after\n"
    "\n"
    "event:\n"
    "data: empty type\n"
    "\n"
    "event: first\n"
    "event:second\n"
    "data: last one wins\n"
    "\n"
    "data: type after data\n"
    "event: late\n"
    "\n"
    "event\n"
    "data: bare event field\n"
    "\n";
  g_autoptr(Collector) collector = collector_new ();

  parse_whole (input, strlen (input), collector);
  g_assert_cmpuint (collector->events->len, ==, 6);
  assert_event (collector, 0, "error", "{\"error\":{\"message\":\"boom\"}}", 28);
  assert_event (collector, 1, "message", "after", 5);
  assert_event (collector, 2, "message", "empty type", 10);
  assert_event (collector, 3, "second", "last one wins", 13);
  assert_event (collector, 4, "late", "type after data", 15);
  assert_event (collector, 5, "message", "bare event field", 16);
}

static void
test_no_data_events (void)
{
  static const char input[] =
    "\n"
    "\n"
    "event: foo\n"
    "\n"
    "id: 1\n"
    "\n"
    "retry: 1000\n"
    "\n"
    "unknown: field\n"
    "datum: close\n"
    "Data: wrong case\n"
    " data: leading space\n"
    "\n"
    "id: 2\n"
    "retry: x\n"
    "foo\n"
    "data: kept\n"
    "\n"
    "data\n"
    "\n";
  g_autoptr(Collector) collector = collector_new ();

  parse_whole (input, strlen (input), collector);

  /* The type of an event without data does not carry over. */
  g_assert_cmpuint (collector->events->len, ==, 2);
  assert_event (collector, 0, "message", "kept", 4);
  /* One data line that is empty: an event with empty data. */
  assert_event (collector, 1, "message", "", 0);
}

static void
test_bom (void)
{
  static const char input[] = "\xEF\xBB\xBF" "data: x\n\n";
  static const char twice[] = "\xEF\xBB\xBF\xEF\xBB\xBF" "data: x\n\ndata: y\n\n";
  static const char partial[] = "\xEF\xBB" "data: x\n\ndata: y\n\n";
  static const char later[] = "data: x\n\n\xEF\xBB\xBF" "data: y\n\n";
  static const char in_data[] = "data: \xEF\xBB\xBF\n\n";
  static const char short_one[] = "\xEF\xBB";

  for (guint split = 0; split <= strlen (input); split++)
    {
      g_autoptr(Collector) collector = collector_new ();
      g_autoptr(ConfabSseParser) parser = parser_new (0, collector);
      gsize splits[] = { split };

      feed_split (parser, input, strlen (input), splits, 1);
      g_assert_cmpuint (collector->events->len, ==, 1);
      assert_event (collector, 0, "message", "x", 1);
    }

  {
    g_autoptr(Collector) collector = collector_new ();
    g_autoptr(ConfabSseParser) parser = parser_new (0, collector);

    feed_bytewise (parser, input, strlen (input));
    g_assert_cmpuint (collector->events->len, ==, 1);
  }

  /* Only one byte order mark is skipped: the second one makes the first
   * field name unknown.
   */
  {
    g_autoptr(Collector) collector = collector_new ();

    parse_whole (twice, strlen (twice), collector);
    g_assert_cmpuint (collector->events->len, ==, 1);
    assert_event (collector, 0, "message", "y", 1);
  }

  /* The beginning of one is kept, even across feeds. */
  for (guint split = 0; split <= strlen (partial); split++)
    {
      g_autoptr(Collector) collector = collector_new ();
      g_autoptr(ConfabSseParser) parser = parser_new (0, collector);
      gsize splits[] = { split };

      feed_split (parser, partial, strlen (partial), splits, 1);
      g_assert_cmpuint (collector->events->len, ==, 1);
      assert_event (collector, 0, "message", "y", 1);
    }

  {
    g_autoptr(Collector) collector = collector_new ();

    parse_whole (later, strlen (later), collector);
    g_assert_cmpuint (collector->events->len, ==, 1);
    assert_event (collector, 0, "message", "x", 1);
  }

  {
    g_autoptr(Collector) collector = collector_new ();

    parse_whole (in_data, strlen (in_data), collector);
    g_assert_cmpuint (collector->events->len, ==, 1);
    assert_event (collector, 0, "message", "\xEF\xBB\xBF", 3);
  }

  {
    g_autoptr(Collector) collector = collector_new ();

    parse_whole (short_one, strlen (short_one), collector);
    g_assert_cmpuint (collector->events->len, ==, 0);
  }
}

static void
test_nul_bytes (void)
{
  static const char input[] = "data: a\0b\n\nevent: x\0y\ndata: \0\n\n";
  g_autoptr(Collector) collector = collector_new ();

  parse_whole (input, sizeof input - 1, collector);
  g_assert_cmpuint (collector->events->len, ==, 2);
  assert_event (collector, 0, "message", "a\0b", 3);
  assert_event (collector, 1, "x", "\0", 1);
}

static void
test_line_cap (void)
{
  g_autoptr(GError) error = NULL;

  /* A line of exactly the cap is fine, one byte more is not. */
  {
    g_autoptr(Collector) collector = collector_new ();
    g_autoptr(ConfabSseParser) parser = parser_new (16, collector);

    g_assert_true (feed_string (parser, "data: 0123456789\n\n", NULL));
    g_assert_cmpuint (collector->events->len, ==, 1);
    g_assert_false (feed_string (parser, "data: 0123456789A\n\n", &error));
    g_assert_error (error, CONFAB_SSE_PARSER_ERROR, CONFAB_SSE_PARSER_ERROR_LINE_TOO_LONG);
    g_clear_error (&error);
    g_assert_cmpuint (collector->events->len, ==, 1);

    /* Once failed, always failed. */
    g_assert_false (feed_string (parser, "\n", &error));
    g_assert_error (error, CONFAB_SSE_PARSER_ERROR, CONFAB_SSE_PARSER_ERROR_LINE_TOO_LONG);
    g_clear_error (&error);
    g_assert_false (feed_string (parser, "data: x\n\n", NULL));
    g_assert_cmpuint (collector->events->len, ==, 1);
  }

  /* A line that never ends fails as soon as it passes the cap: nothing
   * grows beyond it.
   */
  {
    g_autoptr(Collector) collector = collector_new ();
    g_autoptr(ConfabSseParser) parser = parser_new (16, collector);

    for (guint i = 0; i < 16; i++)
      g_assert_true (feed_string (parser, "a", NULL));

    g_assert_false (feed_string (parser, "a", &error));
    g_assert_error (error, CONFAB_SSE_PARSER_ERROR, CONFAB_SSE_PARSER_ERROR_LINE_TOO_LONG);
    g_clear_error (&error);

    for (guint i = 0; i < 1000; i++)
      g_assert_false (feed_string (parser, "aaaaaaaaaaaaaaaa", NULL));
  }

  /* The same when the long line comes in one piece, or with a comment. */
  {
    g_autoptr(Collector) collector = collector_new ();
    g_autoptr(ConfabSseParser) parser = parser_new (16, collector);
    g_autofree char *big = g_strnfill (1024 * 1024, 'a');

    g_assert_false (confab_sse_parser_feed (parser, big, 1024 * 1024, &error));
    g_assert_error (error, CONFAB_SSE_PARSER_ERROR, CONFAB_SSE_PARSER_ERROR_LINE_TOO_LONG);
    g_clear_error (&error);
  }

  {
    g_autoptr(Collector) collector = collector_new ();
    g_autoptr(ConfabSseParser) parser = parser_new (16, collector);

    g_assert_false (feed_string (parser, ": a very long comment\n", &error));
    g_assert_error (error, CONFAB_SSE_PARSER_ERROR, CONFAB_SSE_PARSER_ERROR_LINE_TOO_LONG);
    g_clear_error (&error);
  }

  /* The data of one event is capped too: 8 + 1 + 7 bytes fit in 16,
   * 8 + 1 + 8 do not.
   */
  {
    g_autoptr(Collector) collector = collector_new ();
    g_autoptr(ConfabSseParser) parser = parser_new (16, collector);

    g_assert_true (feed_string (parser, "data: 01234567\ndata: 1234567\n\n", NULL));
    g_assert_cmpuint (collector->events->len, ==, 1);
    assert_event (collector, 0, "message", "01234567\n1234567", 16);

    g_assert_false (feed_string (parser, "data: 01234567\ndata: 12345678\n\n", &error));
    g_assert_error (error, CONFAB_SSE_PARSER_ERROR, CONFAB_SSE_PARSER_ERROR_LINE_TOO_LONG);
    g_clear_error (&error);
    g_assert_cmpuint (collector->events->len, ==, 1);
  }

  {
    g_autoptr(Collector) collector = collector_new ();
    g_autoptr(ConfabSseParser) parser = parser_new (16, collector);

    /* Seventeen empty data lines join to sixteen LFs. */
    for (guint i = 0; i < 17; i++)
      g_assert_true (feed_string (parser, "data\n", NULL));

    g_assert_false (feed_string (parser, "data\n", &error));
    g_assert_error (error, CONFAB_SSE_PARSER_ERROR, CONFAB_SSE_PARSER_ERROR_LINE_TOO_LONG);
    g_clear_error (&error);
    g_assert_cmpuint (collector->events->len, ==, 0);
  }
}

static void
test_default_cap (void)
{
  g_autoptr(Collector) collector = collector_new ();
  g_autoptr(ConfabSseParser) parser = parser_new (0, collector);
  g_autoptr(GError) error = NULL;
  gsize length = CONFAB_SSE_PARSER_DEFAULT_MAX_LINE - strlen ("data: ");
  g_autofree char *big = g_strnfill (length + 1, 'x');

  g_assert_true (feed_string (parser, "data: ", NULL));
  g_assert_true (confab_sse_parser_feed (parser, big, length, NULL));
  g_assert_true (feed_string (parser, "\n\n", NULL));
  g_assert_cmpuint (collector->events->len, ==, 1);
  g_assert_cmpuint (collector->max_length, ==, length);

  g_assert_true (feed_string (parser, "data: ", NULL));
  g_assert_false (confab_sse_parser_feed (parser, big, length + 1, &error));
  g_assert_error (error, CONFAB_SSE_PARSER_ERROR, CONFAB_SSE_PARSER_ERROR_LINE_TOO_LONG);
}

/* Feeding a long line a byte at a time, or many tiny lines, is linear:
 * a parser that scanned its buffer again on each feed would not finish
 * within the test's timeout.
 */
static void
test_linear (void)
{
  gsize length = 4 * 1024 * 1024;
  g_autofree char *big = g_strnfill (length, 'y');
  g_autoptr(Collector) collector = collector_new ();
  g_autoptr(ConfabSseParser) parser = parser_new (0, collector);
  g_autoptr(GString) lines = g_string_new (NULL);
  gint64 start = g_get_monotonic_time ();

  g_assert_true (feed_string (parser, "data:", NULL));
  feed_bytewise (parser, big, length);
  g_assert_true (feed_string (parser, "\r\r", NULL));
  g_assert_cmpuint (collector->events->len, ==, 1);
  g_assert_cmpuint (collector->max_length, ==, length);

  for (guint i = 0; i < 1000000; i++)
    g_string_append (lines, "data:\r");
  g_string_append (lines, "\r");
  feed_bytewise (parser, lines->str, lines->len);
  g_assert_cmpuint (collector->events->len, ==, 2);
  g_assert_cmpuint (collector->max_length, ==, length);

  g_test_message ("Fed %" G_GSIZE_FORMAT " bytes one at a time in %.2f s",
                  length + lines->len, (g_get_monotonic_time () - start) / 1e6);
}

static void
test_truncated (void)
{
  g_autofree char *input = g_strdup (CONFAB_TEST_STREAM);
  gsize length = strlen (input);

  /* Without the last blank line, [DONE] is never dispatched. */
  g_assert_true (g_str_has_suffix (input, "data: [DONE]\n\n"));

  for (gsize cut = 1; cut <= strlen ("data: [DONE]\n\n"); cut++)
    {
      g_autoptr(Collector) collector = collector_new ();

      parse_whole (input, length - cut, collector);
      g_assert_cmpuint (collector->events->len, ==, G_N_ELEMENTS (fixture_data) - 1);
    }

  /* Nothing at all from a stream cut inside its first event. */
  for (gsize cut = 0; cut < strlen (": keep-alive\n\n") + strlen (fixture_data[0]) + 8; cut++)
    {
      g_autoptr(Collector) collector = collector_new ();

      parse_whole (input, cut, collector);
      g_assert_cmpuint (collector->events->len, ==, 0);
    }
}

static void
test_garbage (void)
{
  static const char alphabet[] = "data:event\r\n :\0\xEF\xBB\xBF\xFF";

  for (guint round = 0; round < 500; round++)
    {
      gsize length = g_test_rand_int_range (0, 4096);
      g_autofree char *input = g_malloc (length + 1);
      gsize max_line = g_test_rand_bit () ? 0 : (gsize) g_test_rand_int_range (1, 64);
      g_autoptr(Collector) whole = collector_new ();
      g_autoptr(Collector) pieces = collector_new ();
      g_autoptr(ConfabSseParser) whole_parser = parser_new (max_line, whole);
      g_autoptr(ConfabSseParser) pieces_parser = parser_new (max_line, pieces);
      gboolean whole_ok;
      gboolean pieces_ok = TRUE;

      /* Random bytes, or random picks of the bytes that mean something. */
      for (gsize i = 0; i < length; i++)
        {
          if (round % 2 == 0)
            input[i] = (char) g_test_rand_int_range (0, 256);
          else
            input[i] = alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];
        }

      whole_ok = confab_sse_parser_feed (whole_parser, input, length, NULL);

      for (gsize pos = 0; pos < length && pieces_ok; )
        {
          gsize piece = g_test_rand_int_range (0, 32);

          /* Not inside MIN (), which would draw twice. */
          piece = MIN (piece, length - pos);

          pieces_ok = confab_sse_parser_feed (pieces_parser, input + pos, piece, NULL);
          pos += piece;
        }

      /* However it is split, the same events and the same outcome. */
      g_assert_cmpint (whole_ok, ==, pieces_ok);
      assert_events_equal (whole, pieces);

      if (max_line > 0)
        g_assert_cmpuint (whole->max_length, <=, max_line);
    }
}

static void
test_is_done (void)
{
  g_assert_true (confab_sse_data_is_done ("[DONE]", 6));
  g_assert_true (confab_sse_data_is_done (" [DONE] \r\n", 10));
  g_assert_true (confab_sse_data_is_done ("[DONE]x", 6));
  g_assert_false (confab_sse_data_is_done ("[DONE]x", 7));
  g_assert_false (confab_sse_data_is_done ("[DONE", 5));
  g_assert_false (confab_sse_data_is_done ("[done]", 6));
  g_assert_false (confab_sse_data_is_done ("", 0));
  g_assert_false (confab_sse_data_is_done (NULL, 0));
  g_assert_false (confab_sse_data_is_done ("[DONE]\0", 7));
  g_assert_false (confab_sse_data_is_done ("{\"done\":true}", 13));
}

static void
free_counter_cb (gpointer data)
{
  (*(guint *) data)++;
}

static void
count_event_cb (const char *event_type,
                const char *data,
                gsize       length,
                gpointer    user_data)
{
}

static void
test_destroy_notify (void)
{
  guint freed = 0;
  ConfabSseParser *parser = confab_sse_parser_new (0, count_event_cb, &freed, free_counter_cb);

  g_assert_true (feed_string (parser, "data: x\n\n", NULL));
  g_assert_cmpuint (freed, ==, 0);
  confab_sse_parser_free (parser);
  g_assert_cmpuint (freed, ==, 1);

  confab_sse_parser_free (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sse-parser/fixture/whole", test_fixture_whole);
  g_test_add_func ("/sse-parser/fixture/bytewise", test_fixture_bytewise);
  g_test_add_func ("/sse-parser/fixture/random-splits", test_fixture_random_splits);
  g_test_add_func ("/sse-parser/cr-lf-across-feeds", test_cr_lf_across_feeds);
  g_test_add_func ("/sse-parser/comments", test_comments);
  g_test_add_func ("/sse-parser/multi-line-data", test_multi_line_data);
  g_test_add_func ("/sse-parser/event-type", test_event_type);
  g_test_add_func ("/sse-parser/no-data-events", test_no_data_events);
  g_test_add_func ("/sse-parser/bom", test_bom);
  g_test_add_func ("/sse-parser/nul-bytes", test_nul_bytes);
  g_test_add_func ("/sse-parser/line-cap", test_line_cap);
  g_test_add_func ("/sse-parser/default-cap", test_default_cap);
  g_test_add_func ("/sse-parser/linear", test_linear);
  g_test_add_func ("/sse-parser/truncated", test_truncated);
  g_test_add_func ("/sse-parser/garbage", test_garbage);
  g_test_add_func ("/sse-parser/is-done", test_is_done);
  g_test_add_func ("/sse-parser/destroy-notify", test_destroy_notify);

  return g_test_run ();
}
