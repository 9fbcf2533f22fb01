/* test-usage.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "confab-usage.h"

#include "confab-test-fixtures.h"

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_parser_steal_root (parser);
}

static ConfabUsage *
usage_from_text (const char *text)
{
  g_autoptr(JsonNode) node = parse_json (text);
  g_autoptr(GError) error = NULL;
  ConfabUsage *usage;

  usage = confab_usage_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_true (CONFAB_IS_USAGE (usage));

  return usage;
}

/* Parses {"usage-member": value} with @value spliced in as JSON text. */
static ConfabUsage *
usage_with_member (const char *member,
                   const char *value)
{
  g_autofree char *text = g_strdup_printf ("{\"%s\": %s}", member, value);

  return usage_from_text (text);
}

static void
assert_all_missing (ConfabUsage *usage)
{
  for (ConfabUsageField field = 0; field < CONFAB_USAGE_N_FIELDS; field++)
    g_assert_cmpint (confab_usage_get_field (usage, field), ==, CONFAB_USAGE_MISSING);
  g_assert_true (confab_usage_is_empty (usage));
}

/* Removes the digit grouping of a locale ("1,904", "1 904", "1.904") so
 * that numbers can be found in text whatever the locale.
 */
static char *
strip_grouping (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);
      gboolean between_digits = out->len > 0 &&
                                g_ascii_isdigit (out->str[out->len - 1]) &&
                                g_ascii_isdigit (*next);

      if (between_digits &&
          (c == ',' || c == '.' || c == ' ' || c == '\'' ||
           c == 0x00A0 || c == 0x202F || c == 0x2009))
        continue;

      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* Whether @number appears in @text as a whole number, not as a part of a
 * longer one.
 */
static gboolean
contains_number (const char *text,
                 gint64      number)
{
  g_autofree char *plain = strip_grouping (text);
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, number);
  gsize length = strlen (digits);

  for (const char *p = strstr (plain, digits); p != NULL; p = strstr (p + 1, digits))
    {
      gboolean starts = p == plain || !g_ascii_isdigit (p[-1]);
      gboolean ends = !g_ascii_isdigit (p[length]);

      if (starts && ends)
        return TRUE;
    }

  return FALSE;
}

static void
test_seed (void)
{
  g_autoptr(ConfabUsage) usage = usage_from_text (CONFAB_TEST_SEED_USAGE);

  g_assert_false (confab_usage_is_empty (usage));
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT), ==, 13);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION), ==, 1891);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_TOTAL), ==, 1904);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_CACHED), ==, 0);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT_TEXT), ==, 13);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT_AUDIO), ==, 0);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT_IMAGE), ==, 0);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION_TEXT), ==, 0);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION_AUDIO), ==, 0);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_REASONING), ==, 1480);
}

/* Every field, found through its JSON path in the seed, has the value
 * the usage object reports, and every field has a name to show.
 */
static void
test_json_paths (void)
{
  g_autoptr(JsonNode) root = parse_json (CONFAB_TEST_SEED_USAGE);
  g_autoptr(ConfabUsage) usage = confab_usage_new_from_json (root, NULL);

  g_assert_cmpstr (confab_usage_field_get_json_path (CONFAB_USAGE_FIELD_PROMPT), ==, "prompt_tokens");
  g_assert_cmpstr (confab_usage_field_get_json_path (CONFAB_USAGE_FIELD_CACHED), ==, "prompt_tokens_details.cached_tokens");
  g_assert_cmpstr (confab_usage_field_get_json_path (CONFAB_USAGE_FIELD_REASONING), ==, "completion_tokens_details.reasoning_tokens");
  g_assert_cmpstr (confab_usage_field_get_json_path (CONFAB_USAGE_FIELD_TOTAL), ==, "total_tokens");

  for (ConfabUsageField field = 0; field < CONFAB_USAGE_N_FIELDS; field++)
    {
      const char *path = confab_usage_field_get_json_path (field);
      g_auto(GStrv) parts = g_strsplit (path, ".", -1);
      JsonNode *node = root;
      const char *name = confab_usage_field_get_name (field);

      g_assert_nonnull (name);
      g_assert_cmpstr (name, !=, "");

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
          node = json_object_get_member (json_node_get_object (node), parts[i]);
          g_assert_nonnull (node);
        }

      g_assert_cmpint (confab_usage_get_field (usage, field), ==, json_node_get_int (node));
    }
}

static void
test_new_is_empty (void)
{
  g_autoptr(ConfabUsage) usage = confab_usage_new ();

  assert_all_missing (usage);

  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_CACHED, 0);
  g_assert_false (confab_usage_is_empty (usage));
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_CACHED), ==, 0);

  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_CACHED, CONFAB_USAGE_MISSING);
  g_assert_true (confab_usage_is_empty (usage));
}

static void
test_missing (void)
{
  g_autoptr(ConfabUsage) empty = usage_from_text ("{}");
  g_autoptr(ConfabUsage) nulls = NULL;
  g_autoptr(ConfabUsage) partial = NULL;

  assert_all_missing (empty);

  nulls = usage_from_text ("{\"prompt_tokens\": null, \"completion_tokens\": null, \"total_tokens\": null,"
                           " \"prompt_tokens_details\": null, \"completion_tokens_details\": null,"
                           " \"input_tokens\": 0, \"output_tokens\": 0, \"input_tokens_details\": null}");
  assert_all_missing (nulls);

  /* Missing is not zero, and zero is not missing. */
  partial = usage_from_text ("{\"prompt_tokens\": 0, \"completion_tokens\": 7,"
                             " \"completion_tokens_details\": {\"reasoning_tokens\": null, \"text_tokens\": 7},"
                             " \"prompt_tokens_details\": {}}");
  g_assert_cmpint (confab_usage_get_field (partial, CONFAB_USAGE_FIELD_PROMPT), ==, 0);
  g_assert_cmpint (confab_usage_get_field (partial, CONFAB_USAGE_FIELD_COMPLETION), ==, 7);
  g_assert_cmpint (confab_usage_get_field (partial, CONFAB_USAGE_FIELD_COMPLETION_TEXT), ==, 7);
  g_assert_cmpint (confab_usage_get_field (partial, CONFAB_USAGE_FIELD_TOTAL), ==, CONFAB_USAGE_MISSING);
  g_assert_cmpint (confab_usage_get_field (partial, CONFAB_USAGE_FIELD_REASONING), ==, CONFAB_USAGE_MISSING);
  g_assert_cmpint (confab_usage_get_field (partial, CONFAB_USAGE_FIELD_CACHED), ==, CONFAB_USAGE_MISSING);
  g_assert_cmpint (confab_usage_get_field (partial, CONFAB_USAGE_FIELD_PROMPT_TEXT), ==, CONFAB_USAGE_MISSING);
  g_assert_false (confab_usage_is_empty (partial));
}

/* Values that are not a count: each one, in every place a count can be,
 * is read as missing, with no warning (warnings abort GTest programs).
 */
static const char *odd_values[] = {
  "\"13\"",
  "\"\"",
  "13.5",
  "0.5",
  "-1",
  "-13",
  "-13.0",
  "true",
  "false",
  "[]",
  "[13]",
  "{}",
  "{\"value\": 13}",
  /* Integers beyond 2^53: json-glib 1.6 reads some of these as doubles
   * and 1.10 clamps those past gint64 to G_MAXINT64, so only counts up
   * to 2^53, exact on every version, are read.
   */
  "99999999999999999999",
  "18446744073709551616",
  "9223372036854775808",
  "9223372036854775807",
  "9007199254740993",
  "1e400",
  "-1e400",
};

static void
test_odd_types (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (odd_values); i++)
    {
      const char *value = odd_values[i];
      g_autofree char *text = NULL;
      g_autoptr(ConfabUsage) top = NULL;
      g_autoptr(ConfabUsage) nested = NULL;

      g_test_message ("Value: %s", value);

      text = g_strdup_printf ("{\"prompt_tokens\": %s, \"completion_tokens\": %s, \"total_tokens\": %s}",
                              value, value, value);
      top = usage_from_text (text);
      assert_all_missing (top);
      g_clear_pointer (&text, g_free);

      text = g_strdup_printf ("{\"prompt_tokens_details\": {\"cached_tokens\": %s, \"text_tokens\": %s,"
                              " \"audio_tokens\": %s, \"image_tokens\": %s},"
                              " \"completion_tokens_details\": {\"text_tokens\": %s, \"audio_tokens\": %s,"
                              " \"reasoning_tokens\": %s}}",
                              value, value, value, value, value, value, value);
      nested = usage_from_text (text);
      assert_all_missing (nested);
    }
}

/* JSON has one number type: 13.0 is the count 13, as some gateways
 * written in languages without integers send it.
 */
static void
test_integral_float (void)
{
  g_autoptr(ConfabUsage) top = usage_with_member ("prompt_tokens", "13.0");
  g_autoptr(ConfabUsage) nested = usage_with_member ("completion_tokens_details", "{\"reasoning_tokens\": 1480.0}");
  g_autoptr(ConfabUsage) exponent = usage_with_member ("total_tokens", "1e3");

  g_assert_cmpint (confab_usage_get_field (top, CONFAB_USAGE_FIELD_PROMPT), ==, 13);
  g_assert_cmpint (confab_usage_get_field (nested, CONFAB_USAGE_FIELD_REASONING), ==, 1480);
  g_assert_cmpint (confab_usage_get_field (exponent, CONFAB_USAGE_FIELD_TOTAL), ==, 1000);
}

/* The details objects in shapes they should not have. */
static void
test_odd_details (void)
{
  static const char *shapes[] = {
    "null", "[]", "[{\"cached_tokens\": 3}]", "\"cached_tokens\"", "3", "true", "{\"cached_tokens\": {}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(ConfabUsage) usage = NULL;

      g_test_message ("Details: %s", shapes[i]);

      text = g_strdup_printf ("{\"prompt_tokens\": 13, \"prompt_tokens_details\": %s,"
                              " \"completion_tokens_details\": %s, \"completion_tokens\": 1891}",
                              shapes[i], shapes[i]);
      usage = usage_from_text (text);

      /* The good counts next to them survive. */
      g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT), ==, 13);
      g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION), ==, 1891);
      for (ConfabUsageField field = CONFAB_USAGE_FIELD_CACHED; field <= CONFAB_USAGE_FIELD_PROMPT_IMAGE; field++)
        g_assert_cmpint (confab_usage_get_field (usage, field), ==, CONFAB_USAGE_MISSING);
      for (ConfabUsageField field = CONFAB_USAGE_FIELD_COMPLETION_TEXT; field <= CONFAB_USAGE_FIELD_REASONING; field++)
        g_assert_cmpint (confab_usage_get_field (usage, field), ==, CONFAB_USAGE_MISSING);
    }
}

/* Members we do not know, and members of the same name in the wrong
 * place, change nothing.
 */
static void
test_unknown_members (void)
{
  g_autoptr(ConfabUsage) usage = NULL;

  usage = usage_from_text ("{\"prompt_tokens\": 13, \"cached_tokens\": 99, \"reasoning_tokens\": 99,"
                           " \"input_tokens\": 5, \"output_tokens\": 6, \"cost\": 0.25,"
                           " \"prompt_tokens_details\": {\"cached_tokens\": 2, \"prompt_tokens\": 99,"
                           "                             \"extra\": [1, 2, 3]}}");

  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT), ==, 13);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_CACHED), ==, 2);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_REASONING), ==, CONFAB_USAGE_MISSING);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION), ==, CONFAB_USAGE_MISSING);
}

/* A usage member that is not an object: no usage, or an empty one; never
 * a crash or a warning.
 */
static void
test_not_an_object (void)
{
  static const char *values[] = { "null", "[]", "[{\"prompt_tokens\": 13}]", "\"usage\"", "13", "false" };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(JsonNode) node = parse_json (values[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(ConfabUsage) usage = NULL;

      g_test_message ("Usage: %s", values[i]);

      usage = confab_usage_new_from_json (node, &error);
      if (usage == NULL)
        g_assert_nonnull (error);
      else
        {
          g_assert_no_error (error);
          assert_all_missing (usage);
        }
    }
}

static void
test_add (void)
{
  g_autoptr(ConfabUsage) total = confab_usage_new ();
  g_autoptr(ConfabUsage) seed = usage_from_text (CONFAB_TEST_SEED_USAGE);
  g_autoptr(ConfabUsage) a = usage_from_text ("{\"prompt_tokens\": 10, \"total_tokens\": 10}");
  g_autoptr(ConfabUsage) b = usage_from_text ("{\"prompt_tokens\": 5, \"completion_tokens\": 7}");
  g_autoptr(ConfabUsage) empty = confab_usage_new ();

  /* Adding to nothing gives the other side. */
  confab_usage_add (total, seed);
  for (ConfabUsageField field = 0; field < CONFAB_USAGE_N_FIELDS; field++)
    g_assert_cmpint (confab_usage_get_field (total, field), ==, confab_usage_get_field (seed, field));

  confab_usage_add (total, seed);
  g_assert_cmpint (confab_usage_get_field (total, CONFAB_USAGE_FIELD_PROMPT), ==, 26);
  g_assert_cmpint (confab_usage_get_field (total, CONFAB_USAGE_FIELD_COMPLETION), ==, 3782);
  g_assert_cmpint (confab_usage_get_field (total, CONFAB_USAGE_FIELD_TOTAL), ==, 3808);
  g_assert_cmpint (confab_usage_get_field (total, CONFAB_USAGE_FIELD_REASONING), ==, 2960);
  g_assert_cmpint (confab_usage_get_field (total, CONFAB_USAGE_FIELD_CACHED), ==, 0);

  /* A count one side lacks takes the other side's; missing on both
   * sides stays missing.
   */
  confab_usage_add (a, b);
  g_assert_cmpint (confab_usage_get_field (a, CONFAB_USAGE_FIELD_PROMPT), ==, 15);
  g_assert_cmpint (confab_usage_get_field (a, CONFAB_USAGE_FIELD_COMPLETION), ==, 7);
  g_assert_cmpint (confab_usage_get_field (a, CONFAB_USAGE_FIELD_TOTAL), ==, 10);
  g_assert_cmpint (confab_usage_get_field (a, CONFAB_USAGE_FIELD_REASONING), ==, CONFAB_USAGE_MISSING);
  g_assert_cmpint (confab_usage_get_field (b, CONFAB_USAGE_FIELD_PROMPT), ==, 5);

  confab_usage_add (a, empty);
  g_assert_cmpint (confab_usage_get_field (a, CONFAB_USAGE_FIELD_PROMPT), ==, 15);
  g_assert_true (confab_usage_is_empty (empty));
}

static void
test_format_count (void)
{
  static const gint64 counts[] = { 0, 13, 999, 1904, 1480, 1000000, G_GINT64_CONSTANT (123456789012) };

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autofree char *text = confab_usage_format_count (counts[i]);
      g_autofree char *plain = NULL;
      g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, counts[i]);

      g_assert_nonnull (text);
      plain = strip_grouping (text);
      g_assert_cmpstr (plain, ==, expected);
    }
}

static void
test_format_summary (void)
{
  g_autoptr(ConfabUsage) seed = usage_from_text (CONFAB_TEST_SEED_USAGE);
  g_autoptr(ConfabUsage) empty = confab_usage_new ();
  g_autoptr(ConfabUsage) partial = usage_from_text ("{\"completion_tokens\": 420}");
  g_autofree char *seed_text = confab_usage_format_summary (seed);
  g_autofree char *empty_text = confab_usage_format_summary (empty);
  g_autofree char *partial_text = confab_usage_format_summary (partial);

  g_test_message ("Seed: %s", seed_text);
  g_assert_true (g_utf8_validate (seed_text, -1, NULL));
  g_assert_true (contains_number (seed_text, 1904));
  g_assert_true (contains_number (seed_text, 13));
  g_assert_true (contains_number (seed_text, 1891));

  /* Nothing reported is said as such, not as zero or -1. */
  g_test_message ("Empty: %s", empty_text);
  if (empty_text != NULL)
    {
      g_assert_false (contains_number (empty_text, 0));
      g_assert_false (contains_number (empty_text, 1));
    }

  g_test_message ("Partial: %s", partial_text);
  g_assert_true (contains_number (partial_text, 420));
  g_assert_false (contains_number (partial_text, 0));
  g_assert_false (contains_number (partial_text, 1));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/usage/seed", test_seed);
  g_test_add_func ("/usage/json-paths", test_json_paths);
  g_test_add_func ("/usage/new-is-empty", test_new_is_empty);
  g_test_add_func ("/usage/missing", test_missing);
  g_test_add_func ("/usage/odd-types", test_odd_types);
  g_test_add_func ("/usage/integral-float", test_integral_float);
  g_test_add_func ("/usage/odd-details", test_odd_details);
  g_test_add_func ("/usage/unknown-members", test_unknown_members);
  g_test_add_func ("/usage/not-an-object", test_not_an_object);
  g_test_add_func ("/usage/add", test_add);
  g_test_add_func ("/usage/format-count", test_format_count);
  g_test_add_func ("/usage/format-summary", test_format_summary);

  return g_test_run ();
}
