/* confab-test-server-util.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every test can use beside the server: the requests it recorded,
 * read; a port nothing listens on; a temporary folder removed; and the
 * main context spun until a condition holds, or for an async result.
 */

#include "confab-test-server-private.h"

static gboolean
has_result (gpointer user_data)
{
  GAsyncResult **result = user_data;

  return *result != NULL;
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  g_error ("Gave up after waiting %u seconds for the test to make progress",
           GPOINTER_TO_UINT (user_data));

  return G_SOURCE_REMOVE;
}

/**
 * confab_test_wait_seconds:
 *
 * Returns: %CONFAB_TEST_WAIT_TIMEOUT_SECONDS, times CONFAB_TEST_WAIT_SCALE
 *   when that is set (under valgrind, everything is many times slower;
 *   in the stack lanes, twice)
 */
guint
confab_test_wait_seconds (void)
{
  const char *scale = g_getenv ("CONFAB_TEST_WAIT_SCALE");
  guint64 factor = 1;

  if (scale != NULL && !g_ascii_string_to_unsigned (scale, 10, 1, 100, &factor, NULL))
    g_error ("CONFAB_TEST_WAIT_SCALE must be a whole number from 1 to 100, not “%s”", scale);

  return CONFAB_TEST_WAIT_TIMEOUT_SECONDS * (guint) factor;
}
const char *
confab_test_request_get_header (const ConfabTestRequest *request,
                                const char              *name)
{
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return soup_message_headers_get_one (request->headers, name);
}

/**
 * confab_test_request_dup_body:
 *
 * Returns: (transfer full): the request body as a nul-terminated string
 */
char *
confab_test_request_dup_body (const ConfabTestRequest *request)
{
  gsize length;
  const char *data;

  g_return_val_if_fail (request != NULL, NULL);

  data = g_bytes_get_data (request->body, &length);

  return g_strndup (data, length);
}

/**
 * confab_test_request_parse_json:
 *
 * Parses the request body, failing the test if it is not JSON.
 *
 * Returns: (transfer full): the root node of the body
 */
JsonNode *
confab_test_request_parse_json (const ConfabTestRequest *request)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (request != NULL, NULL);

  data = g_bytes_get_data (request->body, &length);
  json_parser_load_from_data (parser, data, length, &error);
  g_assert_no_error (error);

  return json_parser_steal_root (parser);
}

/**
 * confab_test_bind_closed_port:
 * @port: (out): the port
 *
 * Binds a TCP socket on 127.0.0.1 without listening on it, so that
 * connections to @port are refused for as long as the socket lives, and
 * no other test can take the port meanwhile.
 *
 * Returns: (transfer full): the socket
 */
GSocket *
confab_test_bind_closed_port (guint *port)
{
  g_autoptr(GSocket) closed = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (port != NULL, NULL);

  closed = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (closed, address, FALSE, &error);
  g_assert_no_error (error);

  bound = g_socket_get_local_address (closed, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  return g_steal_pointer (&closed);
}

/**
 * confab_test_remove_tree:
 * @path: a file or a folder
 *
 * Deletes @path and, for a folder, everything it holds.
 */
void
confab_test_remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          confab_test_remove_tree (child);
        }
      g_dir_close (dir);
    }

  g_remove (path);
}

/**
 * confab_test_run_until:
 * @condition: called after every main context iteration
 *
 * Spins the thread-default main context until @condition returns %TRUE;
 * aborts the test after %CONFAB_TEST_WAIT_TIMEOUT_SECONDS (times
 * CONFAB_TEST_WAIT_SCALE from the environment when it is set).
 */
void
confab_test_run_until (ConfabTestConditionFunc condition,
                       gpointer                user_data)
{
  GMainContext *context = g_main_context_ref_thread_default ();
  guint seconds = confab_test_wait_seconds ();
  GSource *source;

  source = g_timeout_source_new_seconds (seconds);
  g_source_set_callback (source, wait_timeout_cb, GUINT_TO_POINTER (seconds), NULL);
  g_source_attach (source, context);

  while (!condition (user_data))
    g_main_context_iteration (context, TRUE);

  g_source_destroy (source);
  g_source_unref (source);
  g_main_context_unref (context);
}

/**
 * confab_test_store_result_cb:
 * @user_data: a `GAsyncResult **` that is %NULL
 *
 * A GAsyncReadyCallback that stores a reference to @result in @user_data,
 * for confab_test_wait_for_result().
 */
void
confab_test_store_result_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

/**
 * confab_test_wait_for_result:
 * @result: the `GAsyncResult *` given to confab_test_store_result_cb()
 *
 * Spins the main context until the asynchronous call has finished.
 */
void
confab_test_wait_for_result (GAsyncResult **result)
{
  g_return_if_fail (result != NULL);

  confab_test_run_until (has_result, result);
}

/**
 * confab_test_server_set_credits:
 * @credits: (nullable): the body GET /credits answers with status 200,
 *   or %NULL to answer 404 as a server without the endpoint
 *
 * GET /credits is answered apart from the queue and is not counted
 * among the requests.
 */
