/* confab-e2e-server.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The scripted chat server of the end-to-end tests, as a program: the
 * server of confab-test-server.c, driven through its standard input by
 * the Python tests in this folder.
 *
 * It first prints one line, {"base_url": "http://127.0.0.1:PORT/v1"}.
 * Then it reads one command per line, a JSON object, and answers each
 * with one JSON line on its standard output:
 *
 *   {"op": "stream", "text": T, "pieces": N, "delay_ms": D, "hold": H,
 *    "usage": [PROMPT, COMPLETION, CACHED, REASONING]}
 *       queues a streamed answer: T cut into N pieces (default 1), one
 *       every D ms (default 0), then the usage and [DONE]; with "hold"
 *       the stream stays open and silent after the pieces instead.
 *       CACHED and REASONING may be left out (then not reported).
 *       "parts": [[DELAY, TEXT], ...] adds pieces after those, each
 *       after its own delay.  With "abort" the connection is reset
 *       after the pieces instead, without the end of the answer.
 *   {"op": "fail", "status": S, "message": M}
 *       queues an error answer with status S and an OpenAI-style body.
 *   {"op": "redirect", "status": S}
 *       queues a redirect (S, default 307) to the same path on another
 *       host: "localhost" and the port of a second server, which
 *       answers every request it would get.
 *   {"op": "other_requests"}
 *       answers {"other_requests": N}: how many requests that second
 *       server received.
 *   {"op": "tls", "cert": FILE, "key": FILE}
 *       starts another server, on https with that certificate and with
 *       no answers queued (a client is not to get that far), and
 *       answers {"base_url": URL} with its address.
 *   {"op": "models", "ids": [ID, ...]}
 *       from now on answers GET …/models with those ids (OpenAI's
 *       shape); with "ids": null, as a server without that endpoint.
 *   {"op": "requests"}
 *       answers {"requests": [{"path": P, "body": B}, ...]} with every
 *       request received so far, B parsed when it is JSON.
 *   {"op": "queued"}
 *       answers {"queued": N}: how many queued answers are still unused.
 *   {"op": "credits", "body": B}
 *       from now on answers GET …/credits with the text B (Evolink's
 *       shape, say); with "body": null, as a server without it (404).
 *   {"op": "credits_requests"}
 *       answers {"credits_requests": N}: how many GET …/credits came.
 *
 * Every other answer is {"ok": true}, or {"error": TEXT}.  The server
 * stops at the end of its input.
 */

#include <gio/gunixinputstream.h>
#include <stdio.h>

#include "confab-test-server.h"

/* An answer held open stays silent this long: longer than any test. */
#define HOLD_MS (60 * 60 * 1000)

typedef struct
{
  ConfabTestServer *server;
  ConfabTestServer *other;
  GPtrArray        *tls_servers;
  GDataInputStream *input;
  GMainLoop        *loop;
} Driver;

static void read_next_line (Driver *driver);

static void
print_node (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

static void
print_member (const char *name,
              JsonNode   *value)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();

  json_object_set_member (object, name, value);
  json_node_take_object (root, object);
  print_node (root);
}

static char *
event_for_content (const char *content)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, "chat.completion.chunk");
  json_builder_set_member_name (builder, "choices");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "index");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "delta");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "finish_reason");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  return g_strdup_printf ("data: %s\n\n", json);
}

static void
queue_stream (Driver     *driver,
              JsonObject *command)
{
  const char *text = json_object_get_string_member_with_default (command, "text", "");
  gint64 n_pieces = json_object_get_int_member_with_default (command, "pieces", 1);
  gint64 delay_ms = json_object_get_int_member_with_default (command, "delay_ms", 0);
  gboolean hold = json_object_get_boolean_member_with_default (command, "hold", FALSE);
  gboolean abort = json_object_get_boolean_member_with_default (command, "abort", FALSE);
  glong length = g_utf8_strlen (text, -1);
  gint64 prompt_tokens = 10;
  gint64 completion_tokens = MAX (1, length / 4);
  g_autofree char *details = NULL;
  ConfabTestResponse *response;

  if (json_object_has_member (command, "usage"))
    {
      JsonArray *usage = json_object_get_array_member (command, "usage");

      prompt_tokens = json_array_get_int_element (usage, 0);
      completion_tokens = json_array_get_int_element (usage, 1);
      if (json_array_get_length (usage) > 2)
        details = g_strdup_printf (",\"prompt_tokens_details\":{\"cached_tokens\":%" G_GINT64_FORMAT "}",
                                   json_array_get_int_element (usage, 2));
      if (json_array_get_length (usage) > 3)
        {
          g_autofree char *prompt_details = g_steal_pointer (&details);

          details = g_strdup_printf ("%s,\"completion_tokens_details\":{\"reasoning_tokens\":%" G_GINT64_FORMAT "}",
                                     prompt_details, json_array_get_int_element (usage, 3));
        }
    }

  response = confab_test_server_queue_stream (driver->server, 200, "text/event-stream");

  /* Pieces cut at characters, never inside one. */
  if (length == 0)
    n_pieces = 0;
  else
    n_pieces = CLAMP (n_pieces, 1, length);
  for (gint64 i = 0; i < n_pieces; i++)
    {
      const char *start = g_utf8_offset_to_pointer (text, length * i / n_pieces);
      const char *end = g_utf8_offset_to_pointer (text, length * (i + 1) / n_pieces);
      g_autofree char *content = g_strndup (start, end - start);
      g_autofree char *event = event_for_content (content);

      confab_test_response_add_piece (response, delay_ms, event, -1);
    }

  if (json_object_has_member (command, "parts"))
    {
      JsonArray *parts = json_object_get_array_member (command, "parts");

      for (guint i = 0; i < json_array_get_length (parts); i++)
        {
          JsonArray *part = json_array_get_array_element (parts, i);
          g_autofree char *event = event_for_content (json_array_get_string_element (part, 1));

          confab_test_response_add_piece (response, json_array_get_int_element (part, 0), event, -1);
        }
    }

  if (abort)
    {
      confab_test_response_set_abort (response, TRUE);
    }
  else if (hold)
    {
      /* A comment keeps the connection open without changing anything. */
      confab_test_response_add_piece (response, HOLD_MS, ": held\n\n", -1);
    }
  else
    {
      g_autofree char *end =
        g_strdup_printf ("data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
                         "\"finish_reason\":\"stop\"}]}\n\n"
                         "data: {\"object\":\"chat.completion.chunk\",\"choices\":[],"
                         "\"usage\":{\"prompt_tokens\":%" G_GINT64_FORMAT ",\"completion_tokens\":%" G_GINT64_FORMAT
                         ",\"total_tokens\":%" G_GINT64_FORMAT "%s}}\n\n"
                         "data: [DONE]\n\n",
                         prompt_tokens, completion_tokens, prompt_tokens + completion_tokens,
                         details ? details : "");

      confab_test_response_add_piece (response, delay_ms, end, -1);
    }
}

static void
queue_fail (Driver     *driver,
            JsonObject *command)
{
  gint64 status = json_object_get_int_member_with_default (command, "status", 500);
  const char *message = json_object_get_string_member_with_default (command, "message", "Internal error");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "server_error");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);

  confab_test_server_queue_response (driver->server, status, "application/json", body);
}

static void
queue_redirect (Driver     *driver,
                JsonObject *command)
{
  gint64 status = json_object_get_int_member_with_default (command, "status", 307);
  g_autofree char *location = NULL;
  ConfabTestResponse *response;

  if (driver->other == NULL)
    driver->other = confab_test_server_new ();

  /* Every request that would arrive there gets an answer. */
  for (guint i = 0; i < 4; i++)
    confab_test_server_queue_response (driver->other, 200, "application/json",
                                       "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                                       "\"content\":\"Answered by the other host\"},\"finish_reason\":\"stop\"}]}");

  location = g_strdup_printf ("http://localhost:%u/v1/chat/completions",
                              confab_test_server_get_port (driver->other));
  response = confab_test_server_queue_response (driver->server, status, "text/html",
                                                "<html><body>Moved</body></html>");
  confab_test_response_add_header (response, "Location", location);
}

static void
print_requests (Driver *driver)
{
  guint n_requests = confab_test_server_get_n_requests (driver->server);
  JsonArray *requests = json_array_new ();

  for (guint i = 0; i < n_requests; i++)
    {
      const ConfabTestRequest *request = confab_test_server_get_request (driver->server, i);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *body = confab_test_request_dup_body (request);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "method", request->method);
      json_object_set_string_member (object, "path", request->path);
      if (json_parser_load_from_data (parser, body, -1, NULL) && json_parser_get_root (parser) != NULL)
        json_object_set_member (object, "body", json_parser_steal_root (parser));
      else
        json_object_set_string_member (object, "body", body);
      json_array_add_object_element (requests, object);
    }

  print_member ("requests", json_node_init_array (json_node_alloc (), requests));
  json_array_unref (requests);
}

static void
run_command (Driver     *driver,
             const char *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonObject *command;
  const char *op;

  if (!json_parser_load_from_data (parser, line, -1, &error))
    {
      print_member ("error", json_node_init_string (json_node_alloc (), error->message));
      return;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      print_member ("error", json_node_init_string (json_node_alloc (), "not an object"));
      return;
    }

  command = json_node_get_object (root);
  op = json_object_get_string_member_with_default (command, "op", "");

  if (g_str_equal (op, "stream"))
    {
      queue_stream (driver, command);
    }
  else if (g_str_equal (op, "fail"))
    {
      queue_fail (driver, command);
    }
  else if (g_str_equal (op, "redirect"))
    {
      queue_redirect (driver, command);
    }
  else if (g_str_equal (op, "other_requests"))
    {
      guint n_requests = driver->other != NULL ? confab_test_server_get_n_requests (driver->other) : 0;

      print_member ("other_requests", json_node_init_int (json_node_alloc (), n_requests));
      return;
    }
  else if (g_str_equal (op, "tls"))
    {
      g_autoptr(GTlsCertificate) certificate = NULL;
      ConfabTestServer *tls;

      certificate = g_tls_certificate_new_from_files (json_object_get_string_member_with_default (command, "cert", ""),
                                                      json_object_get_string_member_with_default (command, "key", ""),
                                                      &error);
      if (certificate == NULL)
        {
          print_member ("error", json_node_init_string (json_node_alloc (), error->message));
          return;
        }

      tls = confab_test_server_new_tls (certificate);
      g_ptr_array_add (driver->tls_servers, tls);
      print_member ("base_url", json_node_init_string (json_node_alloc (), confab_test_server_get_base_url (tls)));
      return;
    }
  else if (g_str_equal (op, "models"))
    {
      JsonNode *ids = json_object_get_member (command, "ids");
      g_autoptr(GPtrArray) models = g_ptr_array_new ();

      if (ids != NULL && JSON_NODE_HOLDS_ARRAY (ids))
        {
          JsonArray *array = json_node_get_array (ids);

          for (guint i = 0; i < json_array_get_length (array); i++)
            g_ptr_array_add (models, (gpointer) json_array_get_string_element (array, i));
          g_ptr_array_add (models, NULL);
          confab_test_server_serve_models (driver->server, (const char * const *) models->pdata);
        }
      else
        {
          confab_test_server_serve_models (driver->server, NULL);
        }
    }
  else if (g_str_equal (op, "requests"))
    {
      print_requests (driver);
      return;
    }
  else if (g_str_equal (op, "queued"))
    {
      guint n_queued = confab_test_server_get_n_queued (driver->server);

      print_member ("queued", json_node_init_int (json_node_alloc (), n_queued));
      return;
    }
  else if (g_str_equal (op, "credits"))
    {
      JsonNode *body = json_object_get_member (command, "body");

      confab_test_server_set_credits (driver->server,
                                      body != NULL && JSON_NODE_HOLDS_VALUE (body) ? json_node_get_string (body) : NULL);
    }
  else if (g_str_equal (op, "credits_requests"))
    {
      guint n_requests = confab_test_server_get_n_credits_requests (driver->server);

      print_member ("credits_requests", json_node_init_int (json_node_alloc (), n_requests));
      return;
    }
  else
    {
      print_member ("error", json_node_init_string (json_node_alloc (), "unknown op"));
      return;
    }

  print_member ("ok", json_node_init_boolean (json_node_alloc (), TRUE));
}

static void
read_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Driver *driver = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (driver->input, result, NULL, &error);
  if (line == NULL)
    {
      if (error != NULL)
        g_printerr ("confab-e2e-server: %s\n", error->message);
      g_main_loop_quit (driver->loop);
      return;
    }

  g_strstrip (line);
  if (*line != '\0')
    run_command (driver, line);

  read_next_line (driver);
}

static void
read_next_line (Driver *driver)
{
  g_data_input_stream_read_line_async (driver->input, G_PRIORITY_DEFAULT, NULL,
                                       read_line_cb, driver);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GInputStream) stdin_stream = NULL;
  Driver driver = { 0 };

  driver.server = confab_test_server_new ();
  driver.tls_servers = g_ptr_array_new_with_free_func (g_object_unref);
  driver.loop = g_main_loop_new (NULL, FALSE);
  stdin_stream = g_unix_input_stream_new (0, FALSE);
  driver.input = g_data_input_stream_new (stdin_stream);

  print_member ("base_url",
                json_node_init_string (json_node_alloc (),
                                       confab_test_server_get_base_url (driver.server)));

  read_next_line (&driver);
  g_main_loop_run (driver.loop);

  g_object_unref (driver.input);
  g_object_unref (driver.server);
  g_clear_object (&driver.other);
  g_ptr_array_unref (driver.tls_servers);
  g_main_loop_unref (driver.loop);

  return 0;
}
