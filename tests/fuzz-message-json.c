/* fuzz-message-json.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A libFuzzer harness for an answer that was not streamed: the input is
 * the body of the server's answer.  It goes the way the client takes it:
 * confab_json_parse(), then confab_message_new_from_response(), whose
 * message is copied into a pending one with confab_message_update_from().
 * The body also goes, as the body of an error status, through
 * confab_error_from_http(), which quotes the server's own message.
 *
 * Every text of the message and of the error must be valid UTF-8, every
 * count unreported or within 0..2^53, the server's quoted message at
 * most 500 characters and an ellipsis; a body that is not a JSON object
 * gives the error it would give with no body.  And the message must not
 * change when the answer is written out again by json-glib and read
 * back.
 *
 * Build with clang and -fsanitize=fuzzer,address,undefined (tests/
 * meson.build does when the compiler is clang), then run, for example:
 *   ./fuzz-message-json -max_total_time=120 corpus/
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "confab-error.h"
#include "confab-json.h"
#include "confab-message.h"

#define MAX_NATURAL G_GINT64_CONSTANT (9007199254740992)

/* Our explanation and the quote around the server's message (under 200
 * characters today, with room to grow), and the message: at most 500
 * characters and an ellipsis.
 */
#define MAX_ERROR_CHARS (600 + 501)

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
check_message (ConfabMessage *message)
{
  ConfabUsage *usage;
  GDateTime *created;

  if (confab_message_get_state (message) != CONFAB_MESSAGE_STATE_COMPLETE ||
      confab_message_get_role (message) != CONFAB_ROLE_ASSISTANT ||
      confab_message_get_content (message) == NULL)
    abort ();

  check_string (confab_message_get_content (message));
  check_string (confab_message_get_reasoning (message));
  check_string (confab_message_get_model (message));
  check_string (confab_message_get_finish_reason (message));
  check_string (confab_message_get_response_id (message));

  if (confab_message_get_content_length (message) != strlen (confab_message_get_content (message)))
    abort ();

  created = confab_message_get_created (message);
  if (created != NULL && g_date_time_to_unix (created) < 0)
    abort ();

  usage = confab_message_get_usage (message);
  if (usage != NULL)
    {
      g_autofree char *summary = confab_usage_format_summary (usage);

      check_string (summary);
      for (ConfabUsageField field = 0; field < CONFAB_USAGE_N_FIELDS; field++)
        {
          gint64 count = confab_usage_get_field (usage, field);

          if (count != CONFAB_USAGE_MISSING && (count < 0 || count > MAX_NATURAL))
            abort ();
        }
    }
}

static void
check_same (ConfabMessage *message,
            ConfabMessage *again)
{
  ConfabUsage *usage = confab_message_get_usage (message);
  ConfabUsage *usage_again = confab_message_get_usage (again);

  if (g_strcmp0 (confab_message_get_content (message), confab_message_get_content (again)) != 0 ||
      g_strcmp0 (confab_message_get_reasoning (message), confab_message_get_reasoning (again)) != 0 ||
      g_strcmp0 (confab_message_get_model (message), confab_message_get_model (again)) != 0 ||
      g_strcmp0 (confab_message_get_finish_reason (message), confab_message_get_finish_reason (again)) != 0 ||
      g_strcmp0 (confab_message_get_response_id (message), confab_message_get_response_id (again)) != 0)
    abort ();

  if ((usage == NULL) != (usage_again == NULL))
    abort ();
  if (usage != NULL)
    for (ConfabUsageField field = 0; field < CONFAB_USAGE_N_FIELDS; field++)
      if (confab_usage_get_field (usage, field) != confab_usage_get_field (usage_again, field))
        abort ();
}

/* An answer's `created` that GDateTime can hold is the message's time;
 * without one, the message keeps the time it was made.
 */
static void
check_created (ConfabMessage *message,
               JsonNode      *root)
{
  gint64 created = confab_json_node_get_natural (json_object_get_member (json_node_get_object (root), "created"));
  GDateTime *time = confab_message_get_created (message);

  if (created >= 0 && created <= G_GINT64_CONSTANT (253402300799) &&
      (time == NULL || g_date_time_to_unix (time) != created))
    abort ();
}

static void
check_error_body (const char *data,
                  gsize       size,
                  JsonNode   *root)
{
  static const guint statuses[] = { 400, 401, 404, 413, 429, 500, 503 };
  guint status = statuses[size % G_N_ELEMENTS (statuses)];
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) plain = NULL;

  error = confab_error_from_http (status, "application/json", NULL, body, "model");
  if (error == NULL || error->domain != CONFAB_CLIENT_ERROR)
    abort ();

  check_string (error->message);
  if (g_utf8_strlen (error->message, -1) > MAX_ERROR_CHARS)
    abort ();

  /* A body that is not a JSON object has nothing to quote. */
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      plain = confab_error_from_http (status, "application/json", NULL, NULL, "model");
      if (plain->code != error->code || g_strcmp0 (plain->message, error->message) != 0)
        abort ();
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A warning or a critical is a bug here. */
  g_log_set_always_fatal (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);

  g_type_ensure (CONFAB_TYPE_MESSAGE);
  g_type_ensure (CONFAB_TYPE_USAGE);

  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *input = (const char *) data;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) root_again = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(ConfabMessage) message = NULL;
  g_autoptr(ConfabMessage) again = NULL;
  g_autoptr(ConfabMessage) pending = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize text_length;

  root = confab_json_parse (input, size, NULL);

  check_error_body (input, size, root);

  if (root == NULL)
    return 0;

  message = confab_message_new_from_response (root, &error);

  /* Exactly one of a message and an error. */
  if ((message == NULL) == (error == NULL))
    abort ();
  if (message == NULL)
    {
      if (!g_error_matches (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_RESPONSE))
        abort ();
      return 0;
    }

  check_message (message);
  check_created (message, root);

  /* As the client hands the answer to the message that waited for it. */
  pending = confab_message_new (CONFAB_ROLE_ASSISTANT, "");
  confab_message_set_state (pending, CONFAB_MESSAGE_STATE_PENDING);
  confab_message_update_from (pending, message);
  check_message (pending);
  check_same (message, pending);

  /* Written out and read again. */
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &text_length);

  root_again = confab_json_parse (text, text_length, NULL);
  /* json-glib writes a number too large for a double as `inf`, which
   * no JSON reader reads: only what it can write is read again.
   */
  if (root_again == NULL)
    return 0;

  again = confab_message_new_from_response (root_again, NULL);
  if (again == NULL)
    abort ();

  check_message (again);
  check_created (again, root_again);
  check_same (message, again);

  return 0;
}
