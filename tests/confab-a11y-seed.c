/* confab-a11y-seed.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Seeds a history for test-a11y-names.py: one chat whose answer holds
 * a code block, a table and a link, with usage, sent on 9 October 2025
 * at 14:03, then a failed one (Retry), opened at start.
 *
 *   confab-a11y-seed DATA-HOME
 */

#include "config.h"

#include <glib/gstdio.h>

#include "confab-error.h"
#include "confab-message.h"
#include "confab-store.h"
#include "confab-usage.h"

#define ANSWER                                          \
  "Here is a **short** answer with a [link](https://example.org).\n\n" \
  "```c\nint main (void) { return 0; }\n```\n\n"        \
  "| Name | Value |\n| --- | --- |\n| one | 1 |\n| two | 2 |\n"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ConfabStore) store = NULL;
  g_autoptr(ConfabMessage) prompt = NULL;
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(ConfabUsage) usage = NULL;
  g_autoptr(ConfabMessage) again = NULL;
  g_autoptr(ConfabMessage) failed = NULL;
  g_autoptr(GError) failure = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) sent = g_date_time_new_local (2025, 10, 9, 14, 3, 0);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  gint64 id;

  if (argc != 2)
    {
      g_printerr ("Usage: %s DATA-HOME\n", argv[0]);
      return 2;
    }

  dir = g_build_filename (argv[1], "confab", NULL);
  path = g_build_filename (dir, "confab.db", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_error ("Cannot make %s", dir);

  if (!(store = confab_store_new_for_path (path, &error)) ||
      (id = confab_store_create_conversation (store, &error)) == 0)
    g_error ("%s", error->message);

  prompt = confab_message_new (CONFAB_ROLE_USER, "Show me some C and a table.");
  answer = confab_message_new (CONFAB_ROLE_ASSISTANT, ANSWER);
  confab_message_set_model (answer, "test-model");
  confab_message_set_reasoning (answer, "Thinking it over.");
  usage = confab_usage_new ();
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_PROMPT, 1200);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_COMPLETION, 700);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_REASONING, 4);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_TOTAL, 1904);
  confab_message_set_usage (answer, usage);
  confab_message_set_created (prompt, sent);
  confab_message_set_created (answer, sent);

  again = confab_message_new (CONFAB_ROLE_USER, "And once more?");
  failed = confab_message_new (CONFAB_ROLE_ASSISTANT, "");
  failure = g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_AUTH, "The server said no.");
  confab_message_fail (failed, failure);

  if (!confab_store_append_message (store, id, prompt, &error) ||
      !confab_store_append_message (store, id, answer, &error) ||
      !confab_store_append_message (store, id, again, &error) ||
      !confab_store_append_message (store, id, failed, &error) ||
      !confab_store_rename_conversation (store, id, "Some C and a table", &error) ||
      !confab_store_set_last_conversation (store, id, &error))
    g_error ("%s", error->message);

  return 0;
}
