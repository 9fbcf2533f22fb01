/* fuzz-usage.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A libFuzzer harness for the usage object: the input is the `usage`
 * member of an answer, parsed with confab_json_parse() and mapped by
 * confab_usage_new_from_json().  Every count must be unreported or
 * within 0..2^53, and the summary valid UTF-8.  The same object, as
 * json-glib writes it, inside a streamed chunk must give the same counts, and so must the object
 * written again from the counts at their JSON paths; adding the usage
 * to an empty one copies it.
 *
 * Build with clang and -fsanitize=fuzzer,address,undefined (tests/
 * meson.build does when the compiler is clang), then run, for example:
 *   ./fuzz-usage -max_total_time=120 corpus/
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "confab-chunk.h"
#include "confab-json.h"
#include "confab-usage.h"

#define MAX_NATURAL G_GINT64_CONSTANT (9007199254740992)

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_same (ConfabUsage *usage,
            ConfabUsage *other)
{
  if (other == NULL)
    abort ();

  for (ConfabUsageField field = 0; field < CONFAB_USAGE_N_FIELDS; field++)
    if (confab_usage_get_field (usage, field) != confab_usage_get_field (other, field))
      abort ();
}

/* The counts, each at its path, as a server would send them. */
static char *
usage_to_json (ConfabUsage *usage,
               gsize       *length)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  for (ConfabUsageField field = 0; field < CONFAB_USAGE_N_FIELDS; field++)
    {
      gint64 count = confab_usage_get_field (usage, field);
      g_auto(GStrv) path = g_strsplit (confab_usage_field_get_json_path (field), ".", 2);

      if (count == CONFAB_USAGE_MISSING)
        continue;

      if (path[1] == NULL)
        {
          json_object_set_int_member (object, path[0], count);
        }
      else
        {
          if (!json_object_has_member (object, path[0]))
            json_object_set_object_member (object, path[0], json_object_new ());
          json_object_set_int_member (json_object_get_object_member (object, path[0]), path[1], count);
        }
    }

  root = json_node_init_object (json_node_alloc (), object);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, length);
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
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) written_root = NULL;
  g_autoptr(ConfabUsage) usage = NULL;
  g_autoptr(ConfabUsage) written = NULL;
  g_autoptr(ConfabUsage) sum = NULL;
  g_autoptr(ConfabChunk) chunk = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *object_text = NULL;
  g_autofree char *wrapped = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;
  gsize text_length;

  root = confab_json_parse (input, size, NULL);
  if (root == NULL)
    return 0;

  usage = confab_usage_new_from_json (root, &error);

  /* An object is a usage, with counts or none; anything else is not. */
  if ((usage == NULL) == (error == NULL) ||
      (usage != NULL) != JSON_NODE_HOLDS_OBJECT (root))
    abort ();
  if (usage == NULL)
    return 0;

  for (ConfabUsageField field = 0; field < CONFAB_USAGE_N_FIELDS; field++)
    {
      gint64 count = confab_usage_get_field (usage, field);
      g_autofree char *formatted = confab_usage_format_count (count);

      if (count != CONFAB_USAGE_MISSING && (count < 0 || count > MAX_NATURAL))
        abort ();
      if (!g_utf8_validate (formatted, -1, NULL))
        abort ();
    }

  summary = confab_usage_format_summary (usage);
  if (summary == NULL || !g_utf8_validate (summary, -1, NULL))
    abort ();

  sum = confab_usage_new ();
  confab_usage_add (sum, usage);
  check_same (usage, sum);

  /* Written again from the counts. */
  text = usage_to_json (usage, &text_length);
  written_root = confab_json_parse (text, text_length, NULL);
  if (written_root == NULL)
    abort ();
  written = confab_usage_new_from_json (written_root, NULL);
  check_same (usage, written);

  /* The same object, as json-glib writes it, as the usage of a streamed
   * chunk, one level deeper.
   */
  if (confab_json_nesting_exceeds (input, size, CONFAB_JSON_MAX_NESTING - 1))
    return 0;

  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  object_text = json_generator_to_data (generator, NULL);
  wrapped = g_strconcat ("{\"usage\":", object_text, "}", NULL);

  chunk = confab_chunk_new_from_data (wrapped, strlen (wrapped), NULL);
  /* json-glib writes a number too large for a double as `inf`, which
   * no JSON reader reads: only what it can write is read again.
   */
  if (chunk == NULL)
    return 0;
  check_same (usage, confab_chunk_get_usage (chunk));

  return 0;
}
