/* test-estimate.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The estimate before sending: the tokens of a text, what a chat's
 * request carries, its input cost and tier, the context window, the
 * correction learnt from answers, and how close the estimate comes on
 * tests/estimate-fixtures.json (printed for README.md).
 */

#include "config.h"

#include <locale.h>
#include <math.h>

#include "confab-conversation.h"
#include "confab-estimate.h"
#include "confab-estimate-count.h"
#include "confab-estimator.h"

#define EPSILON 1e-9

static void
test_text_tokens (void)
{
  /* Counts by Gemini's tokenizer: Hello , ▁introduce ▁yourself. */
  g_assert_cmpint (confab_estimate_text_tokens ("Hello, introduce yourself", -1), ==, 4);
  g_assert_cmpint (confab_estimate_text_tokens (NULL, -1), ==, 0);
  g_assert_cmpint (confab_estimate_text_tokens ("", -1), ==, 0);
  /* Digits one by one, as the tokenizer splits them. */
  g_assert_cmpint (confab_estimate_text_tokens ("12345", -1), ==, 5);
  /* A long word costs more than a short one; camelCase splits. */
  g_assert_cmpint (confab_estimate_text_tokens ("internationalization", -1), >, 1);
  g_assert_cmpint (confab_estimate_text_tokens ("GtkListView", -1), ==, 3);
  /* Hangul: nine tenths of a token per syllable, rounded up. */
  g_assert_cmpint (confab_estimate_text_tokens ("안녕하세요", -1), ==, 5);
  g_assert_cmpint (confab_estimate_text_tokens ("감사합니다", -1), ==, 5);
  g_assert_cmpint (confab_estimate_text_tokens ("가나다라마바사아자차", -1), ==, 9);
  /* Only the length given is read. */
  g_assert_cmpint (confab_estimate_text_tokens ("12345", 2), ==, 2);
  /* A run of white space is one token; a single space none. */
  g_assert_cmpint (confab_estimate_text_tokens ("a b", -1), ==, 2);
  g_assert_cmpint (confab_estimate_text_tokens ("a\n\n\nb", -1), ==, 3);
  /* Invalid UTF-8 costs a token a byte, and is no reason to stop. */
  g_assert_cmpint (confab_estimate_text_tokens ("a\xff\xfe b", -1), ==, 4);
  g_assert_cmpint (confab_estimate_text_tokens ("\xea\xb0", -1), ==, 2);
}

static ConfabMessage *
answer_new (const char *content,
            gint64      prompt,
            gint64      completion,
            gint64      reasoning)
{
  ConfabMessage *answer = confab_message_new (CONFAB_ROLE_ASSISTANT, content);

  if (prompt >= 0)
    {
      g_autoptr(ConfabUsage) usage = confab_usage_new ();

      confab_usage_set_field (usage, CONFAB_USAGE_FIELD_PROMPT, prompt);
      confab_usage_set_field (usage, CONFAB_USAGE_FIELD_COMPLETION, completion);
      confab_usage_set_field (usage, CONFAB_USAGE_FIELD_REASONING, reasoning);
      confab_message_set_usage (answer, usage);
    }

  return answer;
}

static void
append (ConfabConversation *conversation,
        ConfabMessage      *message)
{
  confab_conversation_append (conversation, message);
  g_object_unref (message);
}

static void
test_for_messages (void)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  GListModel *messages = G_LIST_MODEL (conversation);
  ConfabEstimate estimate;
  ConfabMessage *failed;

  /* A new chat: the request's framing, and the system prompt's. */
  confab_estimate_for_messages (messages, NULL, &estimate);
  g_assert_cmpint (estimate.counted, ==, 0);
  g_assert_cmpint (estimate.framing, ==, CONFAB_ESTIMATE_REQUEST_OVERHEAD);
  g_assert_cmpint (estimate.text, ==, 0);
  confab_estimate_for_messages (messages, "Be brief", &estimate);
  g_assert_cmpint (estimate.framing, ==, CONFAB_ESTIMATE_REQUEST_OVERHEAD + CONFAB_ESTIMATE_MESSAGE_OVERHEAD);
  g_assert_cmpint (estimate.text, ==, 2);

  /* The seed's first message: 13 tokens, as the gateway counted. */
  confab_estimate_add_text (&estimate, "Hello, introduce yourself", -1);
  g_assert_cmpint (confab_estimate_get_tokens (&estimate, 1.0), ==, 2 + 5 + 4 + 4 + 5);
  confab_estimate_for_messages (messages, "", &estimate);
  confab_estimate_add_text (&estimate, "Hello, introduce yourself", -1);
  g_assert_cmpint (confab_estimate_get_tokens (&estimate, 1.0), ==, 13);

  /* An answer without usage: everything is estimated, the prompt and
   * the answer with their framing.
   */
  append (conversation, confab_message_new (CONFAB_ROLE_USER, "Hello, introduce yourself"));
  append (conversation, answer_new ("I am Gemini", -1, 0, 0));
  confab_estimate_for_messages (messages, NULL, &estimate);
  g_assert_cmpint (estimate.counted, ==, 0);
  g_assert_cmpint (estimate.framing, ==, CONFAB_ESTIMATE_REQUEST_OVERHEAD + 2 * CONFAB_ESTIMATE_MESSAGE_OVERHEAD);
  g_assert_cmpint (estimate.text, ==, 4 + 3);

  /* The streaming fixture's usage: 13 in, 420 out of which 400 thinking.
   * What the server counted is taken as it is, thinking left out; only
   * the end of the answer's turn is added.
   */
  append (conversation, confab_message_new (CONFAB_ROLE_USER, "Again"));
  append (conversation, answer_new ("Hello! 안녕하세요 👋\nI'm Gemini.", 13, 420, 400));
  confab_estimate_for_messages (messages, "A long system prompt that was counted already", &estimate);
  g_assert_cmpint (estimate.counted, ==, 13 + 20);
  g_assert_cmpint (estimate.framing, ==, 2);
  g_assert_cmpint (estimate.text, ==, 0);

  /* A prompt whose answer failed is not sent again: the new text takes
   * its place.
   */
  append (conversation, confab_message_new (CONFAB_ROLE_USER, "This one failed"));
  failed = answer_new ("", -1, 0, 0);
  confab_message_set_state (failed, CONFAB_MESSAGE_STATE_FAILED);
  append (conversation, failed);
  confab_estimate_for_messages (messages, NULL, &estimate);
  g_assert_cmpint (estimate.counted, ==, 33);
  g_assert_cmpint (estimate.framing, ==, 2);
  g_assert_cmpint (estimate.text, ==, 0);

  /* An exchange after the counted answer, whose own answer reported no
   * usage: estimated on top of the count.
   */
  append (conversation, confab_message_new (CONFAB_ROLE_USER, "Hello, introduce yourself"));
  append (conversation, answer_new ("I am Gemini", -1, 0, 0));
  confab_estimate_for_messages (messages, NULL, &estimate);
  g_assert_cmpint (estimate.counted, ==, 33);
  g_assert_cmpint (estimate.framing, ==, 2 + 2 * CONFAB_ESTIMATE_MESSAGE_OVERHEAD);
  g_assert_cmpint (estimate.text, ==, 7);

  /* The correction applies to the estimated text alone. */
  g_assert_cmpint (confab_estimate_get_tokens (&estimate, 2.0), ==, 33 + 12 + 14);
  g_assert_cmpint (confab_estimate_get_tokens (&estimate, NAN), ==, 33 + 12 + 7);
}

/* The history before a prompt edited: from the last counted answer
 * before it, or the request's framing and the system prompt when there
 * is none; what comes from that prompt on is left out.
 */
static void
test_for_messages_before (void)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  GListModel *messages = G_LIST_MODEL (conversation);
  ConfabEstimate estimate;
  ConfabMessage *first;

  append (conversation, confab_message_new (CONFAB_ROLE_USER, "P1"));
  append (conversation, (first = answer_new ("A1", 20, 4, 0)));
  append (conversation, confab_message_new (CONFAB_ROLE_USER, "P2"));
  append (conversation, answer_new ("A2", 50, 6, 0));

  /* The second prompt: the first answer's counts. */
  confab_estimate_for_messages_before (messages, 2, "Be brief", &estimate);
  g_assert_cmpint (estimate.counted, ==, 24);
  g_assert_cmpint (estimate.framing, ==, 2);
  g_assert_cmpint (estimate.text, ==, 0);

  /* The first prompt: no history, the system prompt estimated. */
  confab_estimate_for_messages_before (messages, 0, "Be brief", &estimate);
  g_assert_cmpint (estimate.counted, ==, 0);
  g_assert_cmpint (estimate.framing, ==, CONFAB_ESTIMATE_REQUEST_OVERHEAD + CONFAB_ESTIMATE_MESSAGE_OVERHEAD);
  g_assert_cmpint (estimate.text, ==, 2);

  /* Up to an answer that was not counted: its exchange estimated. */
  confab_message_set_usage (first, NULL);
  confab_estimate_for_messages_before (messages, 2, NULL, &estimate);
  g_assert_cmpint (estimate.counted, ==, 0);
  g_assert_cmpint (estimate.framing, ==, CONFAB_ESTIMATE_REQUEST_OVERHEAD + 2 * CONFAB_ESTIMATE_MESSAGE_OVERHEAD);
  g_assert_cmpint (estimate.text, ==, 2 + 2);

  /* Past the end, the whole chat, as confab_estimate_for_messages(). */
  confab_estimate_for_messages_before (messages, G_MAXUINT, NULL, &estimate);
  g_assert_cmpint (estimate.counted, ==, 56);
  g_assert_cmpint (estimate.framing, ==, 2);
}

static void
test_input_cost (void)
{
  g_autoptr(ConfabPricing) pricing = confab_pricing_new ();
  ConfabPrice price;
  double cost = 42;

  /* No price, no cost: nothing is guessed. */
  g_assert_false (confab_estimate_input_cost (pricing, "gemini-3.1-pro-preview", 1000, &cost, NULL));
  g_assert_cmpfloat (cost, ==, 0);
  g_assert_false (confab_estimate_input_cost (NULL, "gemini-3.1-pro-preview", 1000, &cost, NULL));

  /* List prices: 1.60 per million up to 200K tokens, 3.20 above, for
   * the whole prompt.
   */
  confab_pricing_set_use_list_prices (pricing, TRUE);
  g_assert_true (confab_estimate_input_cost (pricing, "gemini-3.1-pro-preview", 200000, &cost, &price));
  g_assert_cmpfloat_with_epsilon (cost, 0.32, EPSILON);
  g_assert_cmpint (price.tier_tokens, ==, 200000);
  g_assert_cmpint (price.source, ==, CONFAB_PRICE_SOURCE_LIST);
  g_assert_true (confab_estimate_input_cost (pricing, "gemini-3.1-pro-preview", 200001, &cost, NULL));
  g_assert_cmpfloat_with_epsilon (cost, 200001 * 3.20 / 1e6, EPSILON);
  g_assert_true (confab_estimate_input_cost (pricing, "gemini-3.1-pro-preview", 13, &cost, NULL));
  g_assert_cmpfloat_with_epsilon (cost, 13 * 1.60 / 1e6, EPSILON);

  /* The person's own price, one tier. */
  confab_pricing_set (pricing, "local", &(ConfabPrice) { 2.0, CONFAB_PRICE_UNSET, 8.0 });
  g_assert_true (confab_estimate_input_cost (pricing, "local", 500000, &cost, &price));
  g_assert_cmpfloat_with_epsilon (cost, 1.0, EPSILON);
  g_assert_cmpint (price.source, ==, CONFAB_PRICE_SOURCE_YOURS);
  g_assert_cmpint (price.tier_tokens, ==, 0);
}

static void
test_context_window (void)
{
  g_assert_cmpint (confab_estimate_get_context_window ("gemini-3.1-pro-preview"), ==, 1048576);
  g_assert_cmpint (confab_estimate_get_context_window ("llama3.2:latest"), ==, 0);
  g_assert_cmpint (confab_estimate_get_context_window (NULL), ==, 0);
}

static void
changed_cb (ConfabEstimator *estimator,
            guint           *n_changed)
{
  (*n_changed)++;
}

static void
test_correction (void)
{
  g_autoptr(ConfabEstimator) estimator = confab_estimator_new ();
  ConfabEstimate estimate = { 1000, 7, 100 };
  guint n_changed = 0;

  g_signal_connect (estimator, "changed", G_CALLBACK (changed_cb), &n_changed);

  g_assert_cmpfloat (confab_estimator_get_ratio (estimator, "m"), ==, 1.0);
  g_assert_cmpuint (confab_estimator_get_n_answers (estimator, "m"), ==, 0);

  /* The text took 120 tokens where 100 were estimated: ratio 1.2, the
   * first answer's alone.
   */
  confab_estimator_record (estimator, "m", &estimate, 1.0, 1000 + 7 + 120);
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_cmpfloat_with_epsilon (confab_estimator_get_ratio (estimator, "m"), 1.2, EPSILON);
  g_assert_cmpuint (confab_estimator_get_n_answers (estimator, "m"), ==, 1);
  g_assert_cmpfloat_with_epsilon (confab_estimator_get_mean_error (estimator, "m"), 20.0 / 1127, EPSILON);
  /* Corrected, the same text comes out right. */
  g_assert_cmpint (confab_estimate_get_tokens (&estimate, confab_estimator_get_ratio (estimator, "m")), ==, 1127);

  /* A second answer right on 1.0: the running mean of the two. */
  confab_estimator_record (estimator, "m", &estimate, 1.2, 1000 + 7 + 100);
  g_assert_cmpfloat_with_epsilon (confab_estimator_get_ratio (estimator, "m"), 1.1, EPSILON);
  g_assert_cmpfloat_with_epsilon (confab_estimator_get_mean_error (estimator, "m"),
                                  (20.0 / 1127 + 20.0 / 1107) / 2, EPSILON);

  /* Other models keep their own. */
  g_assert_cmpfloat (confab_estimator_get_ratio (estimator, "other"), ==, 1.0);
  confab_estimator_record (estimator, "other", &estimate, 1.0, 1000 + 7 + 150);
  g_assert_cmpfloat_with_epsilon (confab_estimator_get_ratio (estimator, "other"), 1.5, EPSILON);
  g_assert_cmpfloat_with_epsilon (confab_estimator_get_ratio (estimator, "m"), 1.1, EPSILON);
  confab_estimator_forget (estimator, "other");
  g_assert_cmpfloat (confab_estimator_get_ratio (estimator, "other"), ==, 1.0);
  g_assert_cmpuint (confab_estimator_get_n_answers (estimator, "other"), ==, 0);
  g_assert_cmpfloat_with_epsilon (confab_estimator_get_ratio (estimator, "m"), 1.1, EPSILON);
  g_assert_cmpuint (n_changed, ==, 4);

  /* Far-off answers move it, but within its bounds. */
  for (guint i = 0; i < 50; i++)
    confab_estimator_record (estimator, "m", &estimate, 1.0, 1000 + 7 + 100000);
  g_assert_cmpfloat (confab_estimator_get_ratio (estimator, "m"), <=, CONFAB_ESTIMATOR_MAX_RATIO);
  g_assert_cmpfloat (confab_estimator_get_ratio (estimator, "m"), >, 1.9);
  for (guint i = 0; i < 50; i++)
    confab_estimator_record (estimator, "m", &estimate, 1.0, 1000 + 7 + 1);
  g_assert_cmpfloat (confab_estimator_get_ratio (estimator, "m"), >=, CONFAB_ESTIMATOR_MIN_RATIO);
  g_assert_cmpfloat (confab_estimator_get_ratio (estimator, "m"), <, 0.6);
  g_assert_cmpuint (confab_estimator_get_n_answers (estimator, "m"), ==, 102);
  confab_estimator_forget (estimator, NULL);
  g_assert_cmpfloat (confab_estimator_get_ratio (estimator, "m"), ==, 1.0);

  /* A short text, where the framing weighs most, teaches no ratio; its
   * error still counts.
   */
  {
    ConfabEstimate short_text = { 0, 9, 4 };
    g_autoptr(ConfabEstimator) fresh = confab_estimator_new ();

    confab_estimator_record (fresh, "m", &short_text, 1.0, 26);
    g_assert_cmpfloat (confab_estimator_get_ratio (fresh, "m"), ==, 1.0);
    g_assert_cmpfloat_with_epsilon (confab_estimator_get_mean_error (fresh, "m"), 0.5, EPSILON);
    /* Nothing counted, nothing learnt. */
    confab_estimator_record (fresh, "m", &short_text, 1.0, 0);
    g_assert_cmpuint (confab_estimator_get_n_answers (fresh, "m"), ==, 1);
  }
}

static void
test_correction_variant (void)
{
  g_autoptr(ConfabEstimator) estimator = confab_estimator_new ();
  g_autoptr(ConfabEstimator) copy = NULL;
  g_autoptr(ConfabEstimator) from_null = confab_estimator_new_from_variant (NULL);
  g_autoptr(ConfabEstimator) checked = NULL;
  g_autoptr(GVariant) variant = NULL;
  ConfabEstimate estimate = { 0, 9, 100 };
  const char *model;
  double ratio, mean_error;
  guint n_answers;

  confab_estimator_record (estimator, "b-model", &estimate, 1.0, 9 + 150);
  confab_estimator_record (estimator, "a-model", &estimate, 1.0, 9 + 80);

  /* Sorted by model; estimated 109 each time, counted 89 and 159. */
  variant = g_variant_ref_sink (confab_estimator_to_variant (estimator));
  g_assert_true (g_variant_is_of_type (variant, G_VARIANT_TYPE ("a{s(dud)}")));
  g_assert_cmpuint (g_variant_n_children (variant), ==, 2);
  g_variant_get_child (variant, 0, "{&s(dud)}", &model, &ratio, &n_answers, &mean_error);
  g_assert_cmpstr (model, ==, "a-model");
  g_assert_cmpfloat_with_epsilon (ratio, 0.8, EPSILON);
  g_assert_cmpuint (n_answers, ==, 1);
  g_assert_cmpfloat_with_epsilon (mean_error, 20.0 / 89, EPSILON);
  g_variant_get_child (variant, 1, "{&s(dud)}", &model, &ratio, &n_answers, &mean_error);
  g_assert_cmpstr (model, ==, "b-model");
  g_assert_cmpfloat_with_epsilon (ratio, 1.5, EPSILON);
  g_assert_cmpfloat_with_epsilon (mean_error, 50.0 / 159, EPSILON);

  copy = confab_estimator_new_from_variant (variant);
  g_assert_cmpfloat_with_epsilon (confab_estimator_get_ratio (copy, "a-model"), 0.8, EPSILON);
  g_assert_cmpfloat_with_epsilon (confab_estimator_get_ratio (copy, "b-model"), 1.5, EPSILON);
  g_assert_cmpuint (confab_estimator_get_n_answers (copy, "b-model"), ==, 1);
  g_assert_cmpfloat (confab_estimator_get_ratio (from_null, "a-model"), ==, 1.0);

  /* Settings edited by hand: bad entries are left out, ratios bounded. */
  checked = confab_estimator_new_from_variant (g_variant_new_parsed (
    "@a{s(dud)} {'': (1.5, 1, 0.1), 'nan': (nan, 1, 0.1), 'neg': (1.5, 1, -1.0), 'big': (40.0, 3, 0.1)}"));
  g_assert_cmpfloat (confab_estimator_get_ratio (checked, "nan"), ==, 1.0);
  g_assert_cmpuint (confab_estimator_get_n_answers (checked, "neg"), ==, 0);
  g_assert_cmpfloat (confab_estimator_get_ratio (checked, "big"), ==, CONFAB_ESTIMATOR_MAX_RATIO);
  g_assert_cmpuint (confab_estimator_get_n_answers (checked, "big"), ==, 3);
}

static void
test_attach (void)
{
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, "");

  g_assert_cmpint (confab_estimate_get_attached (answer), ==, -1);
  confab_estimate_attach (answer, 1234);
  g_assert_cmpint (confab_estimate_get_attached (answer), ==, 1234);
  confab_estimate_attach (answer, 0);
  g_assert_cmpint (confab_estimate_get_attached (answer), ==, 0);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* How close the estimate of a first message comes to the prompt_tokens
 * of the fixtures: counted by the gateway (the seed) or by Gemini's
 * tokenizer (build-aux/count-gemini-tokens.js).  Prints the figures of
 * README.md, and fails when they get much worse.
 */
static void
test_fixtures (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "estimate-fixtures.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) errors = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GListStore) empty = g_list_store_new (CONFAB_TYPE_MESSAGE);
  JsonArray *fixtures;
  gint64 worst = 0, median, total_error = 0, total_tokens = 0;
  const char *worst_text = NULL;
  guint n;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  fixtures = json_node_get_array (json_parser_get_root (parser));
  n = json_array_get_length (fixtures);
  g_assert_cmpuint (n, >=, 30);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *fixture = json_array_get_object_element (fixtures, i);
      const char *text = json_object_get_string_member (fixture, "text");
      gint64 counted = json_object_get_int_member (fixture, "prompt_tokens");
      ConfabEstimate estimate;
      gint64 off;

      confab_estimate_for_messages (G_LIST_MODEL (empty), NULL, &estimate);
      confab_estimate_add_text (&estimate, text, -1);
      off = confab_estimate_get_tokens (&estimate, 1.0) - counted;
      g_array_append_val (errors, off);
      total_error += ABS (off);
      total_tokens += counted;
      if (ABS (off) > ABS (worst))
        {
          worst = off;
          worst_text = text;
        }
      if (g_test_verbose ())
        g_test_message ("%+3" G_GINT64_FORMAT " of %3" G_GINT64_FORMAT ": %s", off, counted, text);
    }

  for (guint i = 0; i < errors->len; i++)
    g_array_index (errors, gint64, i) = ABS (g_array_index (errors, gint64, i));
  g_array_sort (errors, compare_gint64);
  median = g_array_index (errors, gint64, errors->len / 2);

  g_test_message ("estimate on %u fixtures: median error %" G_GINT64_FORMAT " tokens, worst %+"
                  G_GINT64_FORMAT " (\"%.30s…\"), %.1f%% of all tokens",
                  n, median, worst, worst_text, 100.0 * total_error / total_tokens);

  /* The seed's example, counted by the gateway, is right. */
  g_assert_cmpint (g_array_index (errors, gint64, 0), ==, 0);
  g_assert_cmpint (median, <=, 2);
  g_assert_cmpint (ABS (worst), <=, 10);
  g_assert_cmpfloat (100.0 * total_error / total_tokens, <, 8.0);
}

/* A message's count is kept while its text stays the same, and made
 * again once it grows or is replaced, even by a text as long.
 */
static void
test_kept (void)
{
  g_autoptr(ConfabMessage) message = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  guint64 before;
  gint64 tokens;

  confab_message_append_delta (message, "Hello, introduce", NULL);
  g_assert_false (confab_estimate_count_peek (message, &tokens));

  before = confab_estimate_count_get_bytes_counted ();
  g_assert_cmpint (confab_estimate_count_message (message), ==, 3);
  g_assert_cmpuint (confab_estimate_count_get_bytes_counted () - before, ==, strlen ("Hello, introduce"));
  g_assert_true (confab_estimate_count_peek (message, &tokens));
  g_assert_cmpint (tokens, ==, 3);

  /* Asked again, it is not counted again. */
  before = confab_estimate_count_get_bytes_counted ();
  g_assert_cmpint (confab_estimate_count_message (message), ==, 3);
  g_assert_cmpuint (confab_estimate_count_get_bytes_counted (), ==, before);

  /* Grown by a streamed piece. */
  confab_message_append_delta (message, " yourself", NULL);
  g_assert_false (confab_estimate_count_peek (message, &tokens));
  g_assert_cmpint (confab_estimate_count_message (message), ==, 4);

  /* Replaced by a text of the same length: counted again. */
  confab_message_set_content (message, "1234567890123456789012345");
  g_assert_cmpuint (confab_message_get_content_length (message), ==, strlen ("Hello, introduce yourself"));
  g_assert_false (confab_estimate_count_peek (message, &tokens));
  g_assert_cmpint (confab_estimate_count_message (message), ==, 25);
}

static void
counted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  GError **error = data;

  g_assert_true (confab_estimate_count_finish (result, error));
}

static void
count_and_wait (GPtrArray *messages)
{
  GError *error = NULL;
  GError **wait = &error;
  gboolean done = FALSE;

  /* counted_cb asserts; done when it ran. */
  confab_estimate_count_async (messages, NULL, counted_cb, wait);
  while (!done)
    {
      g_main_context_iteration (NULL, TRUE);
      done = TRUE;
      for (guint i = 0; i < messages->len; i++)
        {
          gint64 tokens;

          if (!confab_estimate_count_peek (g_ptr_array_index (messages, i), &tokens))
            done = FALSE;
        }
    }
  g_assert_no_error (error);
}

/* The estimate of a chat with a long answer leaves that answer to the
 * worker: none of its bytes are counted by the caller, and once the
 * worker counted it, the estimate is the one counted in place.
 */
static void
test_counted (void)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  GListModel *messages = G_LIST_MODEL (conversation);
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autoptr(GPtrArray) uncounted = NULL;
  g_autoptr(ConfabMessage) growing = NULL;
  ConfabEstimate estimate;
  ConfabEstimate expected;
  ConfabMessage *long_answer;
  guint64 before;
  gint64 tokens;

  while (long_text->len <= CONFAB_ESTIMATE_COUNT_LONG)
    g_string_append (long_text, "A sentence of the long answer, 42 times over. ");

  append (conversation, confab_message_new (CONFAB_ROLE_USER, "Write at length"));
  append (conversation, (long_answer = answer_new (long_text->str, -1, 0, 0)));
  append (conversation, confab_message_new (CONFAB_ROLE_USER, "Again"));
  append (conversation, answer_new ("Short.", -1, 0, 0));

  before = confab_estimate_count_get_bytes_counted ();
  g_assert_false (confab_estimate_for_messages_counted (messages, G_MAXUINT, NULL, &estimate, &uncounted));
  g_assert_nonnull (uncounted);
  g_assert_cmpuint (uncounted->len, ==, 1);
  g_assert_true (g_ptr_array_index (uncounted, 0) == long_answer);
  /* The short ones were counted here, the long one not. */
  g_assert_cmpuint (confab_estimate_count_get_bytes_counted () - before, ==,
                    strlen ("Write at length") + strlen ("Again") + strlen ("Short."));

  count_and_wait (uncounted);
  g_clear_pointer (&uncounted, g_ptr_array_unref);

  before = confab_estimate_count_get_bytes_counted ();
  g_assert_true (confab_estimate_for_messages_counted (messages, G_MAXUINT, NULL, &estimate, &uncounted));
  g_assert_null (uncounted);
  g_assert_cmpuint (confab_estimate_count_get_bytes_counted (), ==, before);
  g_assert_true (confab_estimate_count_peek (long_answer, &tokens));
  g_assert_cmpint (tokens, ==, confab_estimate_text_tokens (long_text->str, -1));

  /* The same as counting every text in place. */
  expected = (ConfabEstimate) { 0, CONFAB_ESTIMATE_REQUEST_OVERHEAD + 4 * CONFAB_ESTIMATE_MESSAGE_OVERHEAD,
                                confab_estimate_text_tokens ("Write at length", -1) + tokens +
                                confab_estimate_text_tokens ("Again", -1) + confab_estimate_text_tokens ("Short.", -1) };
  g_assert_cmpint (estimate.counted, ==, expected.counted);
  g_assert_cmpint (estimate.framing, ==, expected.framing);
  g_assert_cmpint (estimate.text, ==, expected.text);

  /* A text that grows while the worker counts it is not kept: the
   * count is of the text that was.
   */
  growing = confab_message_new (CONFAB_ROLE_ASSISTANT, long_text->str);
  uncounted = g_ptr_array_new ();
  g_ptr_array_add (uncounted, growing);
  {
    GError *error = NULL;

    confab_estimate_count_async (uncounted, NULL, counted_cb, &error);
    confab_message_set_content (growing, "Replaced");
    /* Done once the task let the message go. */
    while (G_OBJECT (growing)->ref_count > 1)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    g_assert_no_error (error);
  }
  g_assert_false (confab_estimate_count_peek (growing, &tokens));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/estimate/text-tokens", test_text_tokens);
  g_test_add_func ("/estimate/for-messages", test_for_messages);
  g_test_add_func ("/estimate/input-cost", test_input_cost);
  g_test_add_func ("/estimate/context-window", test_context_window);
  g_test_add_func ("/estimate/correction", test_correction);
  g_test_add_func ("/estimate/correction-variant", test_correction_variant);
  g_test_add_func ("/estimate/attach", test_attach);
  g_test_add_func ("/estimate/fixtures", test_fixtures);
  g_test_add_func ("/estimate/for-messages-before", test_for_messages_before);
  g_test_add_func ("/estimate/kept", test_kept);
  g_test_add_func ("/estimate/counted", test_counted);

  return g_test_run ();
}
