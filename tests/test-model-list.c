/* test-model-list.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The list of models (GET {base}/models) against the scripted server,
 * and its cache per base URL in a real file.
 */

#include <glib/gstdio.h>

#include "confab-client.h"
#include "confab-error.h"
#include "confab-model-list.h"
#include "confab-request.h"

#include "confab-test-server.h"

#define API_KEY "test-key-123"

typedef struct
{
  char *dir;
  char *cache_file;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("confab-model-list-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
  fixture->cache_file = g_build_filename (fixture->dir, "cache", "confab", "models.ini", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  confab_test_remove_tree (fixture->dir);
  g_free (fixture->cache_file);
  g_free (fixture->dir);
}

static ConfabClient *
client_new (ConfabTestServer *server,
            const char       *api_key)
{
  ConfabClient *client = confab_client_new ();

  confab_client_set_base_url (client, confab_test_server_get_base_url (server));
  if (api_key != NULL)
    confab_client_set_api_key (client, api_key);

  return client;
}

static gboolean
is_idle (gpointer user_data)
{
  return !confab_model_list_get_loading (user_data);
}

static gboolean
has_models (gpointer user_data)
{
  return confab_model_list_get_models (user_data) != NULL;
}

typedef struct
{
  const char *path;
  const char *text;
} FileWait;

static gboolean
file_has (gpointer user_data)
{
  FileWait *wait = user_data;
  g_autofree char *contents = NULL;

  return g_file_get_contents (wait->path, &contents, NULL, NULL) &&
         strstr (contents, wait->text) != NULL;
}

static GStrv
list_models (ConfabClient  *client,
             GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  confab_client_list_models_async (client, NULL, confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);

  return confab_client_list_models_finish (client, result, error);
}

/* The answer is read as OpenAI, Ollama and llama.cpp write it; what is
 * not a model id is left out, and each id comes once, sorted.
 */
static void
test_parse (void)
{
  static const char body[] =
    "{\"object\":\"list\",\"data\":["
    "{\"id\":\"qwen3:8b\",\"object\":\"model\"},"
    "{\"id\":\"gemini-3.1-pro-preview\"},"
    "{\"id\":null},{\"id\":42},{\"name\":\"no id\"},\"text\",{\"id\":\"\"},"
    "{\"id\":\"llama3.2:latest\"},{\"id\":\"qwen3:8b\"}]}";
  static const char * const expected[] = { "gemini-3.1-pro-preview", "llama3.2:latest", "qwen3:8b", NULL };
  static const char * const invalid[] = {
    "", "[]", "{\"data\":null}", "{\"models\":[]}", "<html>404</html>", "{\"data\":{\"id\":\"x\"}}",
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));
  g_autoptr(GBytes) empty = g_bytes_new_static ("{\"data\":[]}", 11);
  g_auto(GStrv) models = NULL;
  g_auto(GStrv) none = NULL;
  g_autoptr(GError) error = NULL;

  models = confab_request_parse_models (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_equal ((const char * const *) models, expected));

  none = confab_request_parse_models (empty, &error);
  g_assert_no_error (error);
  g_assert_nonnull (none);
  g_assert_cmpuint (g_strv_length (none), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GBytes) invalid_bytes = g_bytes_new_static (invalid[i], strlen (invalid[i]));
      g_auto(GStrv) result = confab_request_parse_models (invalid_bytes, &error);

      g_assert_null (result);
      g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_RESPONSE);
      g_clear_error (&error);
    }
}

/* GET {base}/models with the key, to that server only. */
static void
test_request (void)
{
  static const char * const served[] = { "llama3.2:latest", "gemma3:4b", NULL };
  static const char * const expected[] = { "gemma3:4b", "llama3.2:latest", NULL };
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server, API_KEY);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;
  const ConfabTestRequest *request;

  confab_test_server_serve_models (server, served);
  models = list_models (client, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_equal ((const char * const *) models, expected));

  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 1);
  request = confab_test_server_get_request (server, 0);
  g_assert_cmpstr (request->method, ==, "GET");
  g_assert_cmpstr (request->path, ==, "/v1/models");
  g_assert_cmpstr (confab_test_request_get_header (request, "Authorization"), ==, "Bearer " API_KEY);
}

/* A server that has no list, refuses the key or redirects elsewhere
 * gives an error that names no key; a redirect is not followed, so the
 * key never reaches another host.
 */
static void
test_failures (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabTestServer) other = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server, API_KEY);
  g_autoptr(GError) error = NULL;
  g_autofree char *elsewhere = confab_test_server_dup_url (other, "models");
  GStrv models;
  ConfabTestResponse *response;

  confab_test_server_queue_response (server, 401, "application/json",
                                     "{\"error\":{\"message\":\"Incorrect API key provided: " API_KEY ".\","
                                     "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
  models = list_models (client, &error);
  g_assert_null (models);
  g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_AUTH);
  g_assert_null (strstr (error->message, API_KEY));
  g_clear_error (&error);

  confab_test_server_queue_response (server, 200, "text/html", "<html><body>Welcome</body></html>");
  models = list_models (client, &error);
  g_assert_null (models);
  g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);

  response = confab_test_server_queue_response (server, 302, "text/plain", "moved");
  confab_test_response_add_header (response, "Location", elsewhere);
  confab_test_server_serve_models (other, (const char * const []) { "stolen", NULL });
  models = list_models (client, &error);
  g_assert_null (models);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (confab_test_server_get_n_requests (other), ==, 0);

  /* A server without the endpoint. */
  confab_test_server_serve_models (server, NULL);
  models = list_models (client, &error);
  g_assert_null (models);
  g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_MODEL_NOT_FOUND);
  g_clear_error (&error);
}

/* Without a key nothing goes to a server that is not on this computer. */
static void
test_no_key (void)
{
  g_autoptr(ConfabClient) client = confab_client_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;

  confab_client_set_base_url (client, "https://models.invalid/v1");
  models = list_models (client, &error);
  g_assert_null (models);
  g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_NO_API_KEY);
}

/* The list is kept per base URL in the cache file: a new run has it at
 * once, before (and without) asking the server.
 */
static void
test_cache (Fixture       *fixture,
            gconstpointer  data)
{
  static const char * const first_models[] = { "gemini-3.1-pro-preview", "gemini-3-flash", NULL };
  static const char * const first_sorted[] = { "gemini-3-flash", "gemini-3.1-pro-preview", NULL };
  static const char * const second_models[] = { "qwen3:8b", NULL };
  g_autoptr(ConfabTestServer) first = confab_test_server_new ();
  g_autoptr(ConfabTestServer) second = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (first, API_KEY);
  g_autoptr(ConfabModelList) list = confab_model_list_new (client, fixture->cache_file);
  g_autoptr(ConfabModelList) again = NULL;
  g_autoptr(ConfabClient) offline = NULL;

  confab_test_server_serve_models (first, first_models);
  confab_test_server_serve_models (second, second_models);

  g_assert_null (confab_model_list_get_models (list));
  confab_model_list_ensure (list);
  g_assert_true (confab_model_list_get_loading (list));
  confab_test_run_until (is_idle, list);
  g_assert_true (g_strv_equal (confab_model_list_get_models (list), first_sorted));
  g_assert_true (confab_model_list_contains (list, "gemini-3-flash"));
  g_assert_false (confab_model_list_contains (list, "gemini"));
  g_assert_null (confab_model_list_get_error_message (list));

  /* Asked once a run; refreshing asks again. */
  confab_model_list_ensure (list);
  g_assert_false (confab_model_list_get_loading (list));
  g_assert_cmpuint (confab_test_server_get_n_requests (first), ==, 1);
  confab_model_list_refresh (list);
  confab_test_run_until (is_idle, list);
  g_assert_cmpuint (confab_test_server_get_n_requests (first), ==, 2);

  /* Another base URL has its own list. */
  confab_client_set_base_url (client, confab_test_server_get_base_url (second));
  g_assert_null (confab_model_list_get_models (list));
  confab_model_list_ensure (list);
  confab_test_run_until (is_idle, list);
  g_assert_true (g_strv_equal (confab_model_list_get_models (list), second_models));

  /* Back to the first: its list at once, from the cache. */
  confab_client_set_base_url (client, confab_test_server_get_base_url (first));
  g_assert_true (g_strv_equal (confab_model_list_get_models (list), first_sorted));

  /* A new run reads both from the file, without asking anyone. */
  {
    FileWait wait = { fixture->cache_file, confab_test_server_get_base_url (second) };

    confab_test_run_until (file_has, &wait);
  }
  g_clear_object (&list);
  offline = client_new (second, API_KEY);
  again = confab_model_list_new (offline, fixture->cache_file);
  confab_test_run_until (has_models, again);
  g_assert_true (g_strv_equal (confab_model_list_get_models (again), second_models));
  confab_client_set_base_url (offline, confab_test_server_get_base_url (first));
  g_assert_true (g_strv_equal (confab_model_list_get_models (again), first_sorted));
  g_assert_cmpuint (confab_test_server_get_n_requests (first), ==, 2);
  g_assert_cmpuint (confab_test_server_get_n_requests (second), ==, 1);
}

/* A failed refresh says why and keeps the list it had. */
static void
test_failure_keeps_list (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server, API_KEY);
  g_autoptr(ConfabModelList) list = confab_model_list_new (client, fixture->cache_file);
  static const char * const expected[] = { "mistral-small", NULL };

  confab_test_server_queue_response (server, 200, "application/json",
                                     "{\"object\":\"list\",\"data\":[{\"id\":\"mistral-small\"}]}");
  confab_model_list_refresh (list);
  confab_test_run_until (is_idle, list);
  g_assert_true (g_strv_equal (confab_model_list_get_models (list), expected));

  confab_test_server_queue_response (server, 500, "application/json",
                                     "{\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
  confab_model_list_refresh (list);
  confab_test_run_until (is_idle, list);
  g_assert_nonnull (confab_model_list_get_error_message (list));
  g_assert_true (g_strv_equal (confab_model_list_get_models (list), expected));

  /* Success again clears the error. */
  confab_test_server_serve_models (server, expected);
  confab_model_list_refresh (list);
  confab_test_run_until (is_idle, list);
  g_assert_null (confab_model_list_get_error_message (list));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model-list/parse", test_parse);
  g_test_add_func ("/model-list/request", test_request);
  g_test_add_func ("/model-list/failures", test_failures);
  g_test_add_func ("/model-list/no-key", test_no_key);
  g_test_add ("/model-list/cache", Fixture, NULL, fixture_set_up, test_cache, fixture_tear_down);
  g_test_add ("/model-list/failure-keeps-list", Fixture, NULL, fixture_set_up, test_failure_keeps_list, fixture_tear_down);

  return g_test_run ();
}
