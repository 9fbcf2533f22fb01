/* test-attachments.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Images attached to prompts: known by their first bytes, refused over
 * the size limit, sent to the scripted server as image_url parts with
 * data URLs, kept in a real SQLite file and read back, exported, and
 * estimated.
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "confab-estimate.h"
#include "confab-exchanges.h"
#include "confab-export.h"
#include "confab-request.h"
#include "confab-test-fixtures.h"
#include "confab-test-server.h"

typedef struct
{
  char             *dir;
  char             *path;
  ConfabStore      *store;
  ConfabClient     *client;
  ConfabTestServer *server;
  ConfabExchanges  *exchanges;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("confab-attachments-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "confab.db", NULL);
  fixture->store = confab_store_new_for_path (fixture->path, &error);
  g_assert_no_error (error);

  fixture->server = confab_test_server_new ();
  fixture->client = confab_client_new ();
  confab_client_set_base_url (fixture->client, confab_test_server_get_base_url (fixture->server));
  confab_client_set_api_key (fixture->client, "test-key-123");

  fixture->exchanges = confab_exchanges_new (fixture->client, fixture->store);
  g_object_set (fixture->exchanges, "model", "test-model", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->exchanges);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->server);
  g_clear_object (&fixture->store);
  confab_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* The start of a PNG file as far as its size: the signature and the
 * IHDR chunk.  Enough to be known, not to be drawn.
 */
static GBytes *
make_png (guint32 width,
          guint32 height)
{
  guint8 data[33] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
    0, 0, 0, 13, 'I', 'H', 'D', 'R',
  };

  data[16] = width >> 24; data[17] = width >> 16; data[18] = width >> 8; data[19] = width;
  data[20] = height >> 24; data[21] = height >> 16; data[22] = height >> 8; data[23] = height;
  data[24] = 8;
  data[25] = 6;

  return g_bytes_new (data, sizeof data);
}

static ConfabAttachment *
make_image (const char *name,
            guint32     width,
            guint32     height)
{
  g_autoptr(GBytes) data = make_png (width, height);
  g_autoptr(GError) error = NULL;
  ConfabAttachment *image;

  image = confab_attachment_new_from_bytes (name, data, &error);
  g_assert_no_error (error);

  return image;
}

/* Each type by its first bytes, whatever the name says, with the size
 * its header gives; anything else and anything too large refused.
 */
static void
test_attachments_check (void)
{
  static const guint8 gif[] = { 'G', 'I', 'F', '8', '9', 'a', 0x40, 0x01, 0xf0, 0x00, 0, 0, 0 };
  static const guint8 jpeg[] = {
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00,
    0xff, 0xc0, 0x00, 0x11, 0x08, 0x02, 0x58, 0x03, 0x20, 0x03,
  };
  guint8 webp[30] = { 'R', 'I', 'F', 'F', 22, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'X' };
  g_autoptr(GBytes) text = g_bytes_new_static ("hello", 5);
  g_autoptr(GBytes) huge = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ConfabAttachment) image = NULL;
  g_autoptr(GError) error = NULL;
  guint8 *data;

  image = make_image ("photo.jpg", 1000, 800);
  g_assert_cmpstr (confab_attachment_get_mime_type (image), ==, "image/png");
  g_assert_cmpstr (confab_attachment_get_name (image), ==, "photo.jpg");
  g_assert_cmpint (confab_attachment_get_width (image), ==, 1000);
  g_assert_cmpint (confab_attachment_get_height (image), ==, 800);
  g_clear_object (&image);

  bytes = g_bytes_new_static (gif, sizeof gif);
  image = confab_attachment_new_from_bytes ("a.gif", bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confab_attachment_get_mime_type (image), ==, "image/gif");
  g_assert_cmpint (confab_attachment_get_width (image), ==, 320);
  g_assert_cmpint (confab_attachment_get_height (image), ==, 240);
  g_clear_object (&image);
  g_clear_pointer (&bytes, g_bytes_unref);

  bytes = g_bytes_new_static (jpeg, sizeof jpeg);
  image = confab_attachment_new_from_bytes ("a.jpg", bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confab_attachment_get_mime_type (image), ==, "image/jpeg");
  g_assert_cmpint (confab_attachment_get_width (image), ==, 800);
  g_assert_cmpint (confab_attachment_get_height (image), ==, 600);
  g_clear_object (&image);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* VP8X: width and height less one, 24 bits each. */
  webp[24] = 0x3f; webp[25] = 0x06;
  webp[27] = 0xaf; webp[28] = 0x04;
  bytes = g_bytes_new (webp, sizeof webp);
  image = confab_attachment_new_from_bytes ("a.webp", bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confab_attachment_get_mime_type (image), ==, "image/webp");
  g_assert_cmpint (confab_attachment_get_width (image), ==, 1600);
  g_assert_cmpint (confab_attachment_get_height (image), ==, 1200);
  g_clear_object (&image);

  g_assert_null (confab_attachment_new_from_bytes ("notes.png", text, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "notes.png"));
  g_clear_error (&error);

  /* One byte over the limit. */
  data = g_malloc0 (CONFAB_ATTACHMENT_MAX_SIZE + 1);
  memcpy (data, "\x89PNG\r\n\x1a\n", 8);
  huge = g_bytes_new_take (data, CONFAB_ATTACHMENT_MAX_SIZE + 1);
  g_assert_null (confab_attachment_new_from_bytes ("big.png", huge, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "big.png"));
  /* "20.0 MB", with a no-break space. */
  g_assert_nonnull (strstr (error->message, "20.0\u00a0MB"));
}

static void
wait_until_idle (ConfabExchanges    *exchanges,
                 ConfabConversation *conversation)
{
  gint64 deadline = g_get_monotonic_time () + CONFAB_TEST_WAIT_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  while (confab_exchanges_get_busy (exchanges, conversation))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
ask (Fixture            *fixture,
     ConfabConversation *conversation,
     const char         *text,
     GPtrArray          *images)
{
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (confab_exchanges_send_with_images (fixture->exchanges, conversation, text, images));
  wait_until_idle (fixture->exchanges, conversation);
}

static JsonArray *
get_messages (Fixture   *fixture,
              guint      index,
              JsonNode **node)
{
  *node = confab_test_request_parse_json (confab_test_server_get_request (fixture->server, index));
  g_assert_nonnull (*node);

  return json_object_get_array_member (json_node_get_object (*node), "messages");
}

static void
assert_image_part (JsonNode         *part,
                   ConfabAttachment *image)
{
  JsonObject *object = json_node_get_object (part);
  const char *url;
  g_autofree char *expected = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (confab_attachment_get_data (image), &size);
  g_autofree char *base64 = g_base64_encode (data, size);

  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "image_url");
  url = json_object_get_string_member (json_object_get_object_member (object, "image_url"), "url");
  expected = g_strconcat ("data:image/png;base64,", base64, NULL);
  g_assert_cmpstr (url, ==, expected);
}

/* A prompt with images goes as a content array, its text first; one
 * without stays a string, and the images of earlier prompts go again.
 */
static void
test_attachments_request (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonNode) node = NULL;
  JsonArray *messages;
  JsonArray *content;
  JsonObject *text_part;

  g_ptr_array_add (images, make_image ("one.png", 100, 50));
  g_ptr_array_add (images, make_image ("two.png", 2000, 1500));
  confab_exchanges_hold (fixture->exchanges, conversation, 0);

  ask (fixture, conversation, "What is in these?", images);
  messages = get_messages (fixture, 0, &node);
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);
  content = json_object_get_array_member (json_array_get_object_element (messages, 0), "content");
  g_assert_nonnull (content);
  g_assert_cmpuint (json_array_get_length (content), ==, 3);
  text_part = json_array_get_object_element (content, 0);
  g_assert_cmpstr (json_object_get_string_member (text_part, "type"), ==, "text");
  g_assert_cmpstr (json_object_get_string_member (text_part, "text"), ==, "What is in these?");
  assert_image_part (json_array_get_element (content, 1), g_ptr_array_index (images, 0));
  assert_image_part (json_array_get_element (content, 2), g_ptr_array_index (images, 1));
  g_clear_pointer (&node, json_node_unref);

  ask (fixture, conversation, "And now?", NULL);
  messages = get_messages (fixture, 1, &node);
  g_assert_cmpuint (json_array_get_length (messages), ==, 3);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_array_get_object_element (messages, 0), "content")));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 2), "content"), ==, "And now?");
  g_clear_pointer (&node, json_node_unref);

  /* Images alone: no text part. */
  g_ptr_array_set_size (images, 1);
  ask (fixture, conversation, "", images);
  messages = get_messages (fixture, 2, &node);
  content = json_object_get_array_member (json_array_get_object_element (messages, 4), "content");
  g_assert_cmpuint (json_array_get_length (content), ==, 1);
  assert_image_part (json_array_get_element (content, 0), g_ptr_array_index (images, 0));

  confab_exchanges_release (fixture->exchanges, conversation);
}

static gint64
count_images (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT COUNT (*) FROM message_images", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return count;
}

/* The images are in the file with their prompt, come back with it, in
 * their order, on the worker's read as on the main thread's; they go
 * when their chat is deleted.
 */
static void
test_attachments_store (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ConfabStore) reopened = NULL;
  g_autoptr(GListModel) messages = NULL;
  g_autoptr(ConfabMessage) prompt = NULL;
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 conversation_id;

  g_ptr_array_add (images, make_image ("first.png", 10, 20));
  g_ptr_array_add (images, make_image ("second.png", 30, 40));
  confab_exchanges_hold (fixture->exchanges, conversation, 0);
  ask (fixture, conversation, "Compare them.", images);
  conversation_id = confab_exchanges_get_conversation_id (fixture->exchanges, conversation);
  g_assert_cmpint (conversation_id, >, 0);
  confab_exchanges_release (fixture->exchanges, conversation);
  g_clear_object (&fixture->exchanges);
  /* As the app quits: the images are written on the store's worker,
   * whose job holds the store until it is done, and closing the store
   * waits for it.
   */
  confab_store_close (fixture->store);
  g_clear_object (&fixture->store);

  g_assert_cmpint (count_images (fixture->path), ==, 2);

  reopened = confab_store_new_for_path (fixture->path, &error);
  g_assert_no_error (error);
  confab_store_load_messages_async (reopened, conversation_id, NULL, confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  messages = G_LIST_MODEL (confab_store_load_messages_finish (reopened, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 2);

  prompt = g_list_model_get_item (messages, 0);
  answer = g_list_model_get_item (messages, 1);
  g_assert_cmpuint (confab_message_get_n_attachments (answer), ==, 0);
  g_assert_cmpuint (confab_message_get_n_attachments (prompt), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      ConfabAttachment *sent = g_ptr_array_index (images, i);
      ConfabAttachment *read = confab_message_get_attachment (prompt, i);

      g_assert_cmpstr (confab_attachment_get_name (read), ==, confab_attachment_get_name (sent));
      g_assert_cmpstr (confab_attachment_get_mime_type (read), ==, "image/png");
      g_assert_cmpint (confab_attachment_get_width (read), ==, confab_attachment_get_width (sent));
      g_assert_true (g_bytes_equal (confab_attachment_get_data (read), confab_attachment_get_data (sent)));
    }
  g_clear_object (&messages);

  /* The main thread's read. */
  messages = G_LIST_MODEL (confab_store_load_messages (reopened, conversation_id, &error));
  g_assert_no_error (error);
  g_clear_object (&prompt);
  prompt = g_list_model_get_item (messages, 0);
  g_assert_cmpuint (confab_message_get_n_attachments (prompt), ==, 2);

  g_assert_true (confab_store_delete_conversation (reopened, conversation_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_images (fixture->path), ==, 0);

  /* Deleted before the worker stores its images: nothing is stored,
   * and nothing is said (warnings are fatal here).
   */
  g_clear_object (&prompt);
  prompt = confab_message_new (CONFAB_ROLE_USER, "Gone at once");
  confab_message_add_attachment (prompt, g_ptr_array_index (images, 0));
  conversation_id = confab_store_create_conversation (reopened, &error);
  g_assert_no_error (error);
  g_assert_true (confab_store_append_message (reopened, conversation_id, prompt, &error));
  g_assert_true (confab_store_delete_conversation (reopened, conversation_id, &error));
  g_assert_no_error (error);
  confab_store_close (reopened);
  g_assert_cmpint (count_images (fixture->path), ==, 0);
}

/* Two chats written turn by turn, so that their messages' ids
 * interleave: each loads its own images, in their order, and its own
 * estimates, none of the other's, though the store reads them by the
 * range of the chat's ids.
 */
static void
test_attachments_interleaved (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *chats[] = { "a", "b" };
  g_autoptr(ConfabStore) reopened = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ids[2];

  for (guint c = 0; c < 2; c++)
    {
      ids[c] = confab_store_create_conversation (fixture->store, &error);
      g_assert_no_error (error);
    }

  for (guint turn = 0; turn < 3; turn++)
    for (guint c = 0; c < 2; c++)
      {
        g_autofree char *text = g_strdup_printf ("%s%u", chats[c], turn);
        g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, text);
        g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, text);

        /* Chat a's prompts have two images, chat b's one. */
        for (guint i = 0; i < 2 - c; i++)
          {
            g_autofree char *name = g_strdup_printf ("%s%u-%u.png", chats[c], turn, i);
            g_autoptr(ConfabAttachment) image = make_image (name, 10 + turn, 20 + i);

            confab_message_add_attachment (prompt, image);
          }
        confab_message_set_estimated_input_tokens (answer, 100 * (c + 1) + turn);
        g_assert_true (confab_store_append_message (fixture->store, ids[c], prompt, &error));
        g_assert_no_error (error);
        g_assert_true (confab_store_append_message (fixture->store, ids[c], answer, &error));
        g_assert_no_error (error);
      }

  /* The images are written on the store's worker; closing waits. */
  g_clear_object (&fixture->exchanges);
  confab_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_assert_cmpint (count_images (fixture->path), ==, 9);

  reopened = confab_store_new_for_path (fixture->path, &error);
  g_assert_no_error (error);
  for (guint c = 0; c < 2; c++)
    {
      g_autoptr(GListModel) messages = NULL;

      messages = G_LIST_MODEL (confab_store_load_messages (reopened, ids[c], &error));
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 6);
      for (guint turn = 0; turn < 3; turn++)
        {
          g_autoptr(ConfabMessage) prompt = g_list_model_get_item (messages, 2 * turn);
          g_autoptr(ConfabMessage) answer = g_list_model_get_item (messages, 2 * turn + 1);

          g_assert_cmpuint (confab_message_get_n_attachments (prompt), ==, 2 - c);
          for (guint i = 0; i < 2 - c; i++)
            {
              g_autofree char *name = g_strdup_printf ("%s%u-%u.png", chats[c], turn, i);
              ConfabAttachment *image = confab_message_get_attachment (prompt, i);

              g_assert_cmpstr (confab_attachment_get_name (image), ==, name);
              g_assert_cmpint (confab_attachment_get_width (image), ==, 10 + turn);
              g_assert_cmpint (confab_attachment_get_height (image), ==, 20 + i);
            }
          g_assert_cmpuint (confab_message_get_n_attachments (answer), ==, 0);
          g_assert_cmpint (confab_message_get_estimated_input_tokens (prompt), ==, -1);
          g_assert_cmpint (confab_message_get_estimated_input_tokens (answer), ==, 100 * (c + 1) + turn);
        }
    }
  confab_store_close (reopened);
}

/* JSON has the parts as they were sent; Markdown a note per image. */
static void
test_attachments_export (void)
{
  g_autoptr(GListStore) messages = g_list_store_new (CONFAB_TYPE_MESSAGE);
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, "Look");
  g_autoptr(ConfabMessage) plain = confab_message_new (CONFAB_ROLE_USER, "Plain");
  g_autoptr(ConfabAttachment) image = make_image ("cat.png", 640, 480);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *url = NULL;
  JsonArray *array;
  JsonObject *first;
  JsonArray *parts;

  confab_message_add_attachment (prompt, image);
  g_list_store_append (messages, prompt);
  g_list_store_append (messages, plain);

  json = confab_export_to_json ("Cats", G_LIST_MODEL (messages));
  root = json_from_string (json, NULL);
  g_assert_nonnull (root);
  array = json_object_get_array_member (json_node_get_object (root), "messages");
  first = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "content"), ==, "Look");
  parts = json_object_get_array_member (first, "parts");
  g_assert_nonnull (parts);
  g_assert_cmpuint (json_array_get_length (parts), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (parts, 0), "text"), ==, "Look");
  url = confab_attachment_dup_data_url (image);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (parts, 1),
                                                                                 "image_url"), "url"), ==, url);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (parts, 1), "name"), ==, "cat.png");
  g_assert_false (json_object_has_member (json_array_get_object_element (array, 1), "parts"));

  markdown = confab_export_to_markdown ("Cats", G_LIST_MODEL (messages));
  g_assert_nonnull (strstr (markdown, "Look\n\n_[Image: cat.png, 640 × 480 px]_\n"));
  g_assert_null (strstr (markdown, "base64"));
}

/* An image is 258 tokens a tile of 768 px, one tile when both sides
 * are at most 384 px or the size is unknown; in the framing, which the
 * text's correction leaves.
 */
static void
test_attachments_estimate (void)
{
  g_autoptr(ConfabAttachment) small = make_image ("small.png", 384, 200);
  g_autoptr(ConfabAttachment) middle = make_image ("middle.png", 385, 200);
  g_autoptr(ConfabAttachment) large = make_image ("large.png", 1600, 1200);
  g_autoptr(ConfabAttachment) unknown = make_image ("unknown.png", 0, 0);
  g_autoptr(GListStore) messages = g_list_store_new (CONFAB_TYPE_MESSAGE);
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, "Hi");
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, "Hello");
  ConfabEstimate without;
  ConfabEstimate with;

  g_assert_cmpint (confab_attachment_estimate_tokens (small), ==, 258);
  g_assert_cmpint (confab_attachment_estimate_tokens (middle), ==, 258);
  g_assert_cmpint (confab_attachment_estimate_tokens (large), ==, 3 * 2 * 258);
  g_assert_cmpint (confab_attachment_estimate_tokens (unknown), ==, 258);

  g_list_store_append (messages, prompt);
  g_list_store_append (messages, answer);
  confab_estimate_for_messages (G_LIST_MODEL (messages), NULL, &without);
  confab_message_add_attachment (prompt, large);
  confab_estimate_for_messages (G_LIST_MODEL (messages), NULL, &with);
  g_assert_cmpint (with.framing - without.framing, ==, 6 * 258);
  g_assert_cmpint (with.text, ==, without.text);

  confab_estimate_add_image (&with, small);
  g_assert_cmpint (confab_estimate_get_tokens (&with, 2.0) - confab_estimate_get_tokens (&without, 2.0), ==, 7 * 258);
}

/* The body written with placeholders and filled in on a worker is the
 * body written at once; text that holds a placeholder's words stays.
 */
static void
test_attachments_deferred (void)
{
  g_autoptr(GListStore) history = g_list_store_new (CONFAB_TYPE_MESSAGE);
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, "Which is \"confab-image-0\"?");
  g_autoptr(ConfabAttachment) first = make_image ("a.png", 10, 10);
  g_autoptr(ConfabAttachment) second = make_image ("b.png", 20, 20);
  g_autoptr(JsonNode) direct = NULL;
  g_autoptr(JsonNode) deferred = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GBytes) filled = NULL;
  g_autofree char *nonce = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *written = NULL;
  g_autofree char *text = NULL;
  g_autofree char *url = NULL;

  confab_message_add_attachment (prompt, first);
  confab_message_add_attachment (prompt, second);
  g_list_store_append (history, prompt);

  direct = confab_request_build_body ("m", "Be brief.", G_LIST_MODEL (history));
  expected = json_to_string (direct, FALSE);
  deferred = confab_request_build_body_deferred ("m", "Be brief.", G_LIST_MODEL (history), &images, &nonce);
  g_assert_cmpuint (images->len, ==, 2);
  written = json_to_string (deferred, FALSE);
  g_assert_null (strstr (written, "base64"));
  filled = confab_request_fill_images (written, images, nonce);
  g_assert_cmpmem (g_bytes_get_data (filled, NULL), g_bytes_get_size (filled), expected, strlen (expected));

  /* Written by a person: escaped quotes, not a placeholder. */
  text = g_strdup_printf ("{\"content\":\"say \\\"%s0\\\" and %s1\",\"url\":\"%s1\"}", nonce, nonce, nonce);
  g_clear_pointer (&filled, g_bytes_unref);
  filled = confab_request_fill_images (text, images, nonce);
  url = confab_attachment_dup_data_url (second);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("{\"content\":\"say \\\"%s0\\\" and %s1\",\"url\":\"%s\"}", nonce, nonce, url);
  g_assert_cmpmem (g_bytes_get_data (filled, NULL), g_bytes_get_size (filled), expected, strlen (expected));
}

int
main (int   argc,
      char *argv[])
{
  /* The export's notes are asserted in English. */
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/attachments/check", test_attachments_check);
  g_test_add ("/attachments/request", Fixture, NULL, fixture_set_up, test_attachments_request, fixture_tear_down);
  g_test_add ("/attachments/store", Fixture, NULL, fixture_set_up, test_attachments_store, fixture_tear_down);
  g_test_add ("/attachments/interleaved", Fixture, NULL, fixture_set_up, test_attachments_interleaved, fixture_tear_down);
  g_test_add_func ("/attachments/export", test_attachments_export);
  g_test_add_func ("/attachments/estimate", test_attachments_estimate);
  g_test_add_func ("/attachments/deferred", test_attachments_deferred);

  return g_test_run ();
}
