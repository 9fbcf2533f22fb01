/* confab-client-body.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-client-private.h"
#include "confab-json.h"

/* The body of an answer that was not streamed, read on a worker: an
 * answer of megabytes is one JSON document, and parsing it and making a
 * message of it would hold the main loop for a few hundred milliseconds.
 */

typedef struct
{
  ConfabClientBody  kind;
  ConfabMessage    *answer;
} BodyResult;

static void
body_result_free (gpointer data)
{
  BodyResult *result = data;

  g_clear_object (&result->answer);
  g_free (result);
}

static void
parse_body_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GBytes *body = task_data;
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  BodyResult *result;
  const char *data;
  gsize size;

  data = g_bytes_get_data (body, &size);
  root = confab_json_parse (data, size, NULL);

  result = g_new0 (BodyResult, 1);

  if (root == NULL)
    {
      result->kind = CONFAB_CLIENT_BODY_NOT_JSON;
    }
  /* Some gateways answer 200 with an error object. */
  else if (JSON_NODE_HOLDS_OBJECT (root) &&
           json_object_has_member (json_node_get_object (root), "error") &&
           !json_object_has_member (json_node_get_object (root), "choices"))
    {
      result->kind = CONFAB_CLIENT_BODY_ERROR_OBJECT;
    }
  else if ((result->answer = confab_message_new_from_response (root, &error)) != NULL)
    {
      result->kind = CONFAB_CLIENT_BODY_ANSWER;
    }
  else
    {
      body_result_free (result);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, result, body_result_free);
}

/**
 * confab_client_parse_body_async:
 * @body: the whole body of a successful response that is not an event
 *   stream
 * @cancellable: (nullable): cancels the wait, not the parse
 *
 * Parses @body on a worker thread; @callback is called in the thread-
 * default main context of the caller.
 */
void
confab_client_parse_body_async (GBytes              *body,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (body != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, confab_client_parse_body_async);
  g_task_set_name (task, "[confab] parse answer");
  g_task_set_task_data (task, g_bytes_ref (body), (GDestroyNotify) g_bytes_unref);
  /* A cancelled request ends at once; the parse finishes unseen. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, parse_body_thread);
}

/**
 * confab_client_parse_body_finish:
 * @answer: (out) (transfer full): the answer, when the body is one
 *
 * Returns: what the body is; %CONFAB_CLIENT_BODY_FAILED with @error set
 *   when it is JSON but not an answer, or when the wait was cancelled
 */
ConfabClientBody
confab_client_parse_body_finish (GAsyncResult   *result,
                                 ConfabMessage **answer,
                                 GError        **error)
{
  BodyResult *body;
  ConfabClientBody kind;

  g_return_val_if_fail (g_task_is_valid (result, NULL), CONFAB_CLIENT_BODY_FAILED);
  g_return_val_if_fail (answer != NULL && *answer == NULL, CONFAB_CLIENT_BODY_FAILED);

  body = g_task_propagate_pointer (G_TASK (result), error);
  if (body == NULL)
    return CONFAB_CLIENT_BODY_FAILED;

  kind = body->kind;
  *answer = g_steal_pointer (&body->answer);
  body_result_free (body);

  return kind;
}
