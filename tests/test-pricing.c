/* test-pricing.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prices per model: the GSettings variant, lookup, cost and its text.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>

#include "confab-pricing.h"
#include "confab-test-locale.h"

#define EPSILON 1e-12

static ConfabUsage *
usage_new (gint64 prompt,
           gint64 cached,
           gint64 completion)
{
  ConfabUsage *usage = confab_usage_new ();

  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_PROMPT, prompt);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_CACHED, cached);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_COMPLETION, completion);

  return usage;
}

static void
test_empty (void)
{
  g_autoptr(ConfabPricing) pricing = confab_pricing_new ();
  g_autoptr(ConfabPricing) from_null = confab_pricing_new_from_variant (NULL);
  g_autoptr(ConfabUsage) usage = usage_new (1000, 0, 1000);
  g_autoptr(GVariant) variant = NULL;
  g_auto(GStrv) models = NULL;
  ConfabPrice price = { 1, 2, 3 };
  double cost = 42;

  g_assert_true (confab_pricing_is_empty (pricing));
  g_assert_true (confab_pricing_is_empty (from_null));
  models = confab_pricing_dup_models (pricing);
  g_assert_nonnull (models);
  g_assert_cmpuint (g_strv_length (models), ==, 0);

  /* Nothing is known, so nothing costs anything: no invented prices. */
  g_assert_false (confab_pricing_lookup (pricing, "gemini-3.1-pro-preview", &price));
  g_assert_cmpfloat (price.input, ==, 1);
  g_assert_false (confab_pricing_compute_cost (pricing, "gemini-3.1-pro-preview", usage, &cost));
  g_assert_cmpfloat (cost, ==, 0);
  g_assert_false (confab_pricing_compute_cost (pricing, "gpt-4o", usage, &cost));

  variant = g_variant_ref_sink (confab_pricing_to_variant (pricing));
  g_assert_true (g_variant_is_of_type (variant, G_VARIANT_TYPE ("a{s(ddd)}")));
  g_assert_cmpuint (g_variant_n_children (variant), ==, 0);
}

static void
test_variant_round_trip (void)
{
  g_autoptr(ConfabPricing) pricing = NULL;
  g_autoptr(ConfabPricing) again = NULL;
  g_autoptr(GVariant) variant = NULL;
  g_autoptr(GVariant) expected = NULL;
  g_auto(GStrv) models = NULL;
  ConfabPrice price;

  /* A floating variant, as g_settings_get_value() does not give but
   * g_variant_new_parsed() does: it is sunk and freed.
   */
  pricing = confab_pricing_new_from_variant (g_variant_new_parsed (
      "{'zeta-model': (0.5, -1.0, 1.5),"
      " 'gemini-3.1-pro-preview': (2.0, 0.2, 12.0),"
      " 'free-local': (0.0, 0.0, 0.0)}"));

  g_assert_false (confab_pricing_is_empty (pricing));
  models = confab_pricing_dup_models (pricing);
  g_assert_cmpuint (g_strv_length (models), ==, 3);
  g_assert_cmpstr (models[0], ==, "free-local");
  g_assert_cmpstr (models[1], ==, "gemini-3.1-pro-preview");
  g_assert_cmpstr (models[2], ==, "zeta-model");

  g_assert_true (confab_pricing_lookup (pricing, "gemini-3.1-pro-preview", &price));
  g_assert_cmpfloat (price.input, ==, 2.0);
  g_assert_cmpfloat (price.cached, ==, 0.2);
  g_assert_cmpfloat (price.output, ==, 12.0);
  g_assert_true (confab_pricing_lookup (pricing, "zeta-model", &price));
  g_assert_cmpfloat (price.cached, ==, CONFAB_PRICE_UNSET);
  g_assert_true (confab_pricing_lookup (pricing, "free-local", NULL));
  /* Names are exact. */
  g_assert_false (confab_pricing_lookup (pricing, "Gemini-3.1-pro-preview", NULL));
  g_assert_false (confab_pricing_lookup (pricing, NULL, NULL));

  variant = g_variant_ref_sink (confab_pricing_to_variant (pricing));
  expected = g_variant_new_parsed ("{'free-local': (0.0, 0.0, 0.0),"
                                   " 'gemini-3.1-pro-preview': (2.0, 0.2, 12.0),"
                                   " 'zeta-model': (0.5, -1.0, 1.5)}");
  g_variant_ref_sink (expected);
  g_assert_true (g_variant_equal (variant, expected));

  again = confab_pricing_new_from_variant (variant);
  {
    g_autoptr(GVariant) second = g_variant_ref_sink (confab_pricing_to_variant (again));

    g_assert_true (g_variant_equal (second, variant));
  }
  /* The caller's reference is still good. */
  g_assert_cmpuint (g_variant_n_children (variant), ==, 3);
}

static void
test_invalid_skipped (void)
{
  g_autoptr(ConfabPricing) pricing = NULL;
  g_autoptr(GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE ("a{s(ddd)}"));
  g_auto(GStrv) models = NULL;
  ConfabPrice price;

  g_variant_builder_add (builder, "{s(ddd)}", "", 1.0, 1.0, 1.0);
  g_variant_builder_add (builder, "{s(ddd)}", "negative-input", -1.0, 1.0, 1.0);
  g_variant_builder_add (builder, "{s(ddd)}", "negative-output", 1.0, 1.0, -0.5);
  g_variant_builder_add (builder, "{s(ddd)}", "nan-input", NAN, 1.0, 1.0);
  g_variant_builder_add (builder, "{s(ddd)}", "infinite-output", 1.0, 1.0, INFINITY);
  g_variant_builder_add (builder, "{s(ddd)}", "bad-cached", 1.0, NAN, 2.0);
  g_variant_builder_add (builder, "{s(ddd)}", "good", 3.0, 1.0, 4.0);

  pricing = confab_pricing_new_from_variant (g_variant_builder_end (builder));
  models = confab_pricing_dup_models (pricing);
  g_assert_cmpuint (g_strv_length (models), ==, 2);
  g_assert_cmpstr (models[0], ==, "bad-cached");
  g_assert_cmpstr (models[1], ==, "good");

  /* A cached price that is not a price is "as input". */
  g_assert_true (confab_pricing_lookup (pricing, "bad-cached", &price));
  g_assert_cmpfloat (price.cached, ==, CONFAB_PRICE_UNSET);
  g_assert_false (confab_pricing_lookup (pricing, "negative-input", NULL));
  g_assert_false (confab_pricing_lookup (pricing, "nan-input", NULL));
}

static void
test_set_and_remove (void)
{
  g_autoptr(ConfabPricing) pricing = confab_pricing_new ();
  ConfabPrice price = { 1.25, CONFAB_PRICE_UNSET, 10 };
  ConfabPrice found;

  confab_pricing_set (pricing, "gpt-4o", &price);
  g_assert_true (confab_pricing_lookup (pricing, "gpt-4o", &found));
  g_assert_cmpfloat (found.input, ==, 1.25);
  g_assert_cmpfloat (found.cached, ==, CONFAB_PRICE_UNSET);
  g_assert_cmpfloat (found.output, ==, 10);

  /* Replaced, and a NaN cached price is stored unset. */
  price.input = 2.5;
  price.cached = NAN;
  confab_pricing_set (pricing, "gpt-4o", &price);
  g_assert_true (confab_pricing_lookup (pricing, "gpt-4o", &found));
  g_assert_cmpfloat (found.input, ==, 2.5);
  g_assert_cmpfloat (found.cached, ==, CONFAB_PRICE_UNSET);

  confab_pricing_remove (pricing, "gpt-4o");
  g_assert_false (confab_pricing_lookup (pricing, "gpt-4o", NULL));
  g_assert_true (confab_pricing_is_empty (pricing));
  /* Removing what is not there is fine. */
  confab_pricing_remove (pricing, "gpt-4o");

  if (g_test_undefined ())
    {
      ConfabPrice negative = { -1, 0, 1 };

      g_test_expect_message ("Confab-Model", G_LOG_LEVEL_CRITICAL, "*is_valid*");
      confab_pricing_set (pricing, "bad", &negative);
      g_test_assert_expected_messages ();
      g_test_expect_message ("Confab-Model", G_LOG_LEVEL_CRITICAL, "*is_valid*");
      confab_pricing_set (pricing, "", &price);
      g_test_assert_expected_messages ();
      g_assert_true (confab_pricing_is_empty (pricing));
    }
}

static void
test_cost (void)
{
  g_autoptr(ConfabPricing) pricing = confab_pricing_new ();
  ConfabPrice with_cached = { 2.0, 0.5, 12.0 };
  ConfabPrice without_cached = { 2.0, CONFAB_PRICE_UNSET, 12.0 };
  double cost = -1;

  confab_pricing_set (pricing, "with-cached", &with_cached);
  confab_pricing_set (pricing, "without-cached", &without_cached);

  /* (1,000,000 − 400,000) × 2 + 400,000 × 0.5 + 100,000 × 12, per million. */
  {
    g_autoptr(ConfabUsage) usage = usage_new (1000000, 400000, 100000);

    g_assert_true (confab_pricing_compute_cost (pricing, "with-cached", usage, &cost));
    g_assert_cmpfloat_with_epsilon (cost, 1.2 + 0.2 + 1.2, EPSILON);

    /* Without a cached price, cached tokens cost as much as input. */
    g_assert_true (confab_pricing_compute_cost (pricing, "without-cached", usage, &cost));
    g_assert_cmpfloat_with_epsilon (cost, 2.0 + 1.2, EPSILON);

    /* A model without a price has no cost, whatever the usage. */
    g_assert_false (confab_pricing_compute_cost (pricing, "unknown", usage, &cost));
    g_assert_cmpfloat (cost, ==, 0);
    g_assert_false (confab_pricing_compute_cost (pricing, NULL, usage, &cost));
  }

  /* The seed's answer: 13 in, 1,891 out (1,480 of them reasoning, which
   * is billed as output and not again).
   */
  {
    g_autoptr(ConfabUsage) usage = usage_new (13, 0, 1891);

    confab_usage_set_field (usage, CONFAB_USAGE_FIELD_REASONING, 1480);
    confab_usage_set_field (usage, CONFAB_USAGE_FIELD_TOTAL, 1904);
    g_assert_true (confab_pricing_compute_cost (pricing, "with-cached", usage, &cost));
    g_assert_cmpfloat_with_epsilon (cost, (13 * 2.0 + 1891 * 12.0) / 1e6, EPSILON);
  }

  /* Cached not reported: none cached. */
  {
    g_autoptr(ConfabUsage) usage = usage_new (1000, CONFAB_USAGE_MISSING, 500);

    g_assert_true (confab_pricing_compute_cost (pricing, "with-cached", usage, &cost));
    g_assert_cmpfloat_with_epsilon (cost, (1000 * 2.0 + 500 * 12.0) / 1e6, EPSILON);
  }

  /* More cached than prompt: all of the prompt is cached. */
  {
    g_autoptr(ConfabUsage) usage = usage_new (100, 300, 0);

    g_assert_true (confab_pricing_compute_cost (pricing, "with-cached", usage, &cost));
    g_assert_cmpfloat_with_epsilon (cost, 100 * 0.5 / 1e6, EPSILON);
  }

  /* Prompt or completion missing: unknown, not a guess. */
  {
    g_autoptr(ConfabUsage) no_prompt = usage_new (CONFAB_USAGE_MISSING, 0, 500);
    g_autoptr(ConfabUsage) no_completion = usage_new (1000, 0, CONFAB_USAGE_MISSING);
    g_autoptr(ConfabUsage) nothing = confab_usage_new ();

    cost = 7;
    g_assert_false (confab_pricing_compute_cost (pricing, "with-cached", no_prompt, &cost));
    g_assert_cmpfloat (cost, ==, 0);
    g_assert_false (confab_pricing_compute_cost (pricing, "with-cached", no_completion, &cost));
    g_assert_false (confab_pricing_compute_cost (pricing, "with-cached", nothing, &cost));
    g_assert_false (confab_pricing_compute_cost (pricing, "with-cached", NULL, &cost));
  }

  /* Zero tokens at a price cost a known nothing. */
  {
    g_autoptr(ConfabUsage) usage = usage_new (0, 0, 0);

    g_assert_true (confab_pricing_compute_cost (pricing, "with-cached", usage, &cost));
    g_assert_cmpfloat (cost, ==, 0);
  }
}

static void
assert_format (double      cost,
               const char *expected)
{
  g_autofree char *text = confab_pricing_format_cost (cost);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_format (void)
{
  assert_format (0, "$0.00");
  assert_format (12.345678, "$12.35");
  assert_format (1, "$1.00");
  assert_format (0.42, "$0.42");
  assert_format (0.1, "$0.10");
  assert_format (0.0234, "$0.023");
  assert_format (0.0042, "$0.0042");
  assert_format (0.0001, "$0.0001");
  assert_format (0.00005, "$0.0001");
  assert_format (0.00004, "under $0.0001");
  assert_format (1e-9, "under $0.0001");
  assert_format (1234567.891, "$1234567.89");
  assert_format (-0.42, "-$0.42");
  assert_format (NAN, "—");
}

static void
assert_estimate (double      cost,
                 const char *expected)
{
  g_autofree char *text = confab_pricing_format_estimate (cost);

  g_assert_cmpstr (text, ==, expected);
}

/* An estimated cost in a sentence: about so much, or under the
 * smallest that is shown, never "about under".
 */
static void
test_format_estimate (void)
{
  assert_estimate (0.0042, "about $0.0042");
  assert_estimate (12.345678, "about $12.35");
  assert_estimate (0.00005, "about $0.0001");
  assert_estimate (0.00004, "under $0.0001");
  assert_estimate (1e-9, "under $0.0001");
  assert_estimate (NAN, "—");
}

/* The same in Korean, from the translations built in po/: "$0.0001
 * 미만" (less than), and "약" (about) only before a cost that is shown.
 */
static void
test_format_korean (void)
{
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  confab_test_set_korean ();

  assert_format (0.0042, "$0.0042");
  assert_format (1e-9, "$0.0001 미만");
  assert_estimate (0.0042, "약 $0.0042");
  assert_estimate (1e-9, "$0.0001 미만");

  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C");
}

/* With a locale that groups digits and has a decimal comma. */
static void
test_format_locale (void)
{
  const char *locales[] = { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8" };
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  const char *found = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (locales) && found == NULL; i++)
    if (setlocale (LC_NUMERIC, locales[i]) != NULL)
      found = locales[i];

  if (found == NULL)
    {
      g_test_skip ("No locale with a decimal comma is installed");
      return;
    }

  {
    g_autofree char *small = confab_pricing_format_cost (0.0042);
    g_autofree char *large = confab_pricing_format_cost (1234567.891);

    g_assert_nonnull (strchr (small, ','));
    g_assert_null (strchr (small, '.'));
    g_assert_true (g_str_has_suffix (large, ",89"));
  }

  setlocale (LC_NUMERIC, saved);
}

/* The list prices built in: off unless asked for, the tier chosen per
 * request by its prompt, and the person's own prices first.
 */
static void
test_list_prices (void)
{
  g_autoptr(ConfabPricing) pricing = confab_pricing_new ();
  g_autoptr(ConfabUsage) plain = usage_new (13, 4, 1891);
  g_autoptr(GVariant) variant = NULL;
  g_auto(GStrv) models = NULL;
  g_autofree char *text = NULL;
  ConfabPrice price;
  ConfabPrice own = { 1.0, CONFAB_PRICE_UNSET, 2.0 };
  double cost = -1;

  g_assert_cmpstr (confab_pricing_get_list_date (), ==, "2026-12-03");

  /* Off by default: nothing is priced. */
  g_assert_false (confab_pricing_get_use_list_prices (pricing));
  g_assert_false (confab_pricing_compute_cost (pricing, "gemini-3.1-pro-preview", plain, &cost));

  confab_pricing_set_use_list_prices (pricing, TRUE);
  g_assert_false (confab_pricing_is_empty (pricing));
  g_assert_true (confab_pricing_lookup (pricing, "gemini-3.1-pro-preview", &price));
  g_assert_cmpint (price.source, ==, CONFAB_PRICE_SOURCE_LIST);
  g_assert_false (confab_pricing_lookup (pricing, "gpt-4o", NULL));

  /* The plain test answer: 9 × 1.60 + 4 × 0.16 + 1,891 × 9.60, per
   * million, about $0.018.
   */
  g_assert_true (confab_pricing_compute_cost (pricing, "gemini-3.1-pro-preview", plain, &cost));
  g_assert_cmpfloat_with_epsilon (cost, (9 * 1.60 + 4 * 0.16 + 1891 * 9.60) / 1e6, EPSILON);
  text = confab_pricing_format_cost (cost);
  g_assert_cmpstr (text, ==, "$0.018");

  /* 200,000 prompt tokens are still the first tier; one more is not. */
  {
    g_autoptr(ConfabUsage) at_line = usage_new (200000, 100000, 1000);
    g_autoptr(ConfabUsage) above = usage_new (200001, 100000, 1000);

    g_assert_true (confab_pricing_compute_cost (pricing, "gemini-3.1-pro-preview", at_line, &cost));
    g_assert_cmpfloat_with_epsilon (cost, (100000 * 1.60 + 100000 * 0.16 + 1000 * 9.60) / 1e6, EPSILON);
    g_assert_true (confab_pricing_compute_cost (pricing, "gemini-3.1-pro-preview", above, &cost));
    g_assert_cmpfloat_with_epsilon (cost, (100001 * 3.20 + 100000 * 0.32 + 1000 * 14.40) / 1e6, EPSILON);
  }

  /* The person's own price wins, in one tier; it alone is stored. */
  confab_pricing_set (pricing, "gemini-3.1-pro-preview", &own);
  g_assert_true (confab_pricing_lookup (pricing, "gemini-3.1-pro-preview", &price));
  g_assert_cmpint (price.source, ==, CONFAB_PRICE_SOURCE_YOURS);
  {
    g_autoptr(ConfabUsage) above = usage_new (300000, 0, 1000);

    g_assert_true (confab_pricing_compute_cost (pricing, "gemini-3.1-pro-preview", above, &cost));
    g_assert_cmpfloat_with_epsilon (cost, (300000 * 1.0 + 1000 * 2.0) / 1e6, EPSILON);
  }

  variant = g_variant_ref_sink (confab_pricing_to_variant (pricing));
  g_assert_cmpuint (g_variant_n_children (variant), ==, 1);
  models = confab_pricing_dup_models (pricing);
  g_assert_cmpuint (g_strv_length (models), ==, 1);

  /* Removing it brings the list price back. */
  confab_pricing_remove (pricing, "gemini-3.1-pro-preview");
  g_assert_true (confab_pricing_lookup (pricing, "gemini-3.1-pro-preview", &price));
  g_assert_cmpint (price.source, ==, CONFAB_PRICE_SOURCE_LIST);
}

static void
test_format_sources (void)
{
  g_autofree char *list = confab_pricing_format_sources (FALSE, TRUE);
  g_autofree char *yours = confab_pricing_format_sources (TRUE, FALSE);
  g_autofree char *both = confab_pricing_format_sources (TRUE, TRUE);

  g_assert_null (confab_pricing_format_sources (FALSE, FALSE));
  g_assert_cmpstr (list, ==, "At list prices of 2026-12-03");
  g_assert_cmpstr (yours, ==, "At your prices");
  g_assert_cmpstr (both, ==, "At your prices, and at list prices of 2026-12-03 for other models");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pricing/empty", test_empty);
  g_test_add_func ("/pricing/variant-round-trip", test_variant_round_trip);
  g_test_add_func ("/pricing/invalid-skipped", test_invalid_skipped);
  g_test_add_func ("/pricing/set-and-remove", test_set_and_remove);
  g_test_add_func ("/pricing/cost", test_cost);
  g_test_add_func ("/pricing/format", test_format);
  g_test_add_func ("/pricing/format-locale", test_format_locale);
  g_test_add_func ("/pricing/list-prices", test_list_prices);
  g_test_add_func ("/pricing/format-sources", test_format_sources);
  g_test_add_func ("/pricing/format-estimate", test_format_estimate);
  g_test_add_func ("/pricing/format-korean", test_format_korean);

  return g_test_run ();
}
