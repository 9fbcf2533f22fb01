/* test-store-conversations.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Conversations in the store: their order, renaming and deletion, the
 * ::usage-changed they cause, drafts and settings, search, and reads on
 * a worker.
 */

#include "config.h"

#include "test-store.h"

void
test_list_order (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  GListModel *list = confab_store_get_conversations (store);
  gint64 a, b, c;

  a = confab_store_create_conversation (store, &error);
  b = confab_store_create_conversation (store, &error);
  c = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 3);
  g_assert_cmpint (nth_conversation_id (store, 0), ==, c);
  g_assert_cmpint (nth_conversation_id (store, 1), ==, b);
  g_assert_cmpint (nth_conversation_id (store, 2), ==, a);

  /* Activity brings a conversation to the top. */
  append (store, a, CONFAB_ROLE_USER, "hello");
  g_assert_cmpint (nth_conversation_id (store, 0), ==, a);
  g_assert_cmpint (nth_conversation_id (store, 1), ==, c);
  g_assert_cmpint (nth_conversation_id (store, 2), ==, b);

  append (store, b, CONFAB_ROLE_USER, "hi");
  g_assert_cmpint (nth_conversation_id (store, 0), ==, b);

  /* A draft, a rename or a model is not activity. */
  confab_store_set_draft (store, c, "unsent", &error);
  confab_store_rename_conversation (store, c, "Named", &error);
  confab_store_set_model (store, c, "other-model", &error);
  g_assert_no_error (error);
  g_assert_cmpint (nth_conversation_id (store, 2), ==, c);

  g_clear_object (&store);
  store = open_store (fixture);
  g_assert_cmpint (nth_conversation_id (store, 0), ==, b);
  g_assert_cmpint (nth_conversation_id (store, 1), ==, a);
  g_assert_cmpint (nth_conversation_id (store, 2), ==, c);
  g_assert_true (g_date_time_compare (confab_conversation_info_get_updated (confab_store_lookup_conversation (store, b)),
                                      confab_conversation_info_get_updated (confab_store_lookup_conversation (store, a))) > 0);
}

void
test_rename_and_delete (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  ConfabConversationInfo *info;
  gint64 id, other;
  sqlite3 *db;

  id = confab_store_create_conversation (store, &error);
  other = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  info = confab_store_lookup_conversation (store, id);
  g_assert_cmpstr (confab_conversation_info_get_title (info), ==, "");

  append (store, id, CONFAB_ROLE_SYSTEM, "You are terse.");
  g_assert_cmpstr (confab_conversation_info_get_title (info), ==, "");
  append (store, id, CONFAB_ROLE_USER, "  \n  Plan a zebra trip\nwith details");
  g_assert_cmpstr (confab_conversation_info_get_title (info), ==, "Plan a zebra trip");
  append (store, id, CONFAB_ROLE_ASSISTANT, "Sure: zebras.");
  append (store, id, CONFAB_ROLE_USER, "Second prompt");
  g_assert_cmpstr (confab_conversation_info_get_title (info), ==, "Plan a zebra trip");

  confab_store_rename_conversation (store, id, "  Safari  ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confab_conversation_info_get_title (info), ==, "Safari");
  g_assert_true (confab_conversation_info_get_title_is_custom (info));

  /* Back to the automatic title. */
  confab_store_rename_conversation (store, id, "", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confab_conversation_info_get_title (info), ==, "Plan a zebra trip");
  g_assert_false (confab_conversation_info_get_title_is_custom (info));

  confab_store_rename_conversation (store, id, "Safari", &error);
  g_clear_object (&store);
  store = open_store (fixture);
  info = confab_store_lookup_conversation (store, id);
  g_assert_cmpstr (confab_conversation_info_get_title (info), ==, "Safari");
  g_assert_true (confab_conversation_info_get_title_is_custom (info));

  /* Trash and restore, for Undo. */
  results = search (store, "zebra");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);
  g_clear_object (&results);
  confab_store_trash_conversation (store, id, &error);
  g_assert_no_error (error);
  g_assert_null (confab_store_lookup_conversation (store, id));
  g_assert_cmpuint (g_list_model_get_n_items (confab_store_get_conversations (store)), ==, 1);
  results = search (store, "zebra");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  g_clear_object (&results);
  confab_store_rename_conversation (store, id, "x", &error);
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  confab_store_restore_conversation (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (nth_conversation_id (store, 0), ==, id);
  g_assert_cmpint (nth_conversation_id (store, 1), ==, other);
  results = search (store, "zebra");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);
  g_clear_object (&results);

  /* Left in the trash, it is gone at the next start. */
  confab_store_trash_conversation (store, other, &error);
  g_clear_object (&store);
  store = open_store (fixture);
  g_assert_null (confab_store_lookup_conversation (store, other));
  g_assert_cmpuint (g_list_model_get_n_items (confab_store_get_conversations (store)), ==, 1);

  /* Deleting takes the messages and their index entries along. */
  confab_store_delete_conversation (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (confab_store_get_conversations (store)), ==, 0);
  g_assert_null (confab_store_load_messages (store, id, &error));
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  confab_store_delete_conversation (store, id, &error);
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  results = search (store, "zebra");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);

  db = open_raw (fixture->path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM messages"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'zebra'"), ==, 0);
  raw_exec (db, "INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
  sqlite3_close (db);

  /* Appending to a conversation that is gone fails cleanly. */
  {
    g_autoptr(ConfabMessage) message = message_new (CONFAB_ROLE_USER, "lost");

    g_assert_false (confab_store_append_message (store, id, message, &error));
    g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND);
    g_assert_cmpint (confab_message_get_id (message), ==, 0);
  }
}

static void
count_cb (ConfabStore *store,
          guint       *count)
{
  (*count)++;
}

/* ::usage-changed comes once an answer is stored in a final state, and
 * when what the usage review counts goes away or comes back; never for
 * prompts or while an answer streams.
 */
void
test_usage_changed (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, "");
  g_autoptr(ConfabUsage) usage = confab_usage_new ();
  g_autoptr(GError) error = NULL;
  guint count = 0;
  gint64 id;

  g_signal_connect (store, "usage-changed", G_CALLBACK (count_cb), &count);

  id = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  append (store, id, CONFAB_ROLE_USER, "a prompt");
  g_assert_cmpuint (count, ==, 0);

  /* An answer while it streams... */
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_PENDING);
  confab_store_append_message (store, id, answer, &error);
  g_assert_no_error (error);
  confab_message_append_delta (answer, "Some text", NULL);
  confab_store_update_message (store, answer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 0);

  /* ...and once it ends with its usage. */
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_TOTAL, 42);
  confab_message_set_usage (answer, usage);
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_COMPLETE);
  confab_store_update_message (store, answer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 1);

  /* An answer stored whole, as an import would. */
  append (store, id, CONFAB_ROLE_ASSISTANT, "another answer");
  g_assert_cmpuint (count, ==, 2);

  /* Deleting with Undo, and for good. */
  confab_store_trash_conversation (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 3);
  confab_store_restore_conversation (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 4);

  confab_store_delete_conversation (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 5);

  /* A failure changes nothing. */
  confab_store_trash_conversation (store, id, &error);
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND);
  g_assert_cmpuint (count, ==, 5);
}

void
test_drafts_and_settings (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  ConfabConversationInfo *info;
  gint64 a, b;

  a = confab_store_create_conversation (store, &error);
  b = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confab_store_get_draft (store, a), ==, "");
  g_assert_null (confab_store_get_draft (store, 12345));

  confab_store_set_draft (store, a, "half a thought 한국어 ✍️", &error);
  g_assert_no_error (error);
  confab_store_set_draft (store, b, "other", &error);
  confab_store_set_draft (store, b, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (confab_store_set_draft (store, 12345, "x", &error));
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The new chat, not stored yet, has a draft of its own. */
  g_assert_cmpstr (confab_store_get_draft (store, 0), ==, "");
  g_assert_true (confab_store_set_draft (store, 0, "not sent yet", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (confab_store_get_draft (store, 0), ==, "not sent yet");
  g_assert_cmpstr (confab_store_get_draft (store, a), ==, "half a thought 한국어 ✍️");

  confab_store_set_model (store, a, "small-model", &error);
  confab_store_set_system_prompt (store, a, "", &error);
  confab_store_set_system_prompt (store, b, "Answer in Korean.", &error);
  confab_store_set_system_prompt (store, b, NULL, &error);
  g_assert_no_error (error);
  confab_store_set_last_conversation (store, b, &error);
  g_assert_no_error (error);

  g_clear_object (&store);
  store = open_store (fixture);
  g_assert_cmpstr (confab_store_get_draft (store, a), ==, "half a thought 한국어 ✍️");
  g_assert_cmpstr (confab_store_get_draft (store, b), ==, "");
  g_assert_cmpstr (confab_store_get_draft (store, 0), ==, "not sent yet");
  confab_store_set_draft (store, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confab_store_get_draft (store, 0), ==, "");
  info = confab_store_lookup_conversation (store, a);
  g_assert_cmpstr (confab_conversation_info_get_model (info), ==, "small-model");
  g_assert_cmpstr (confab_conversation_info_get_system_prompt (info), ==, "");
  info = confab_store_lookup_conversation (store, b);
  g_assert_null (confab_conversation_info_get_model (info));
  g_assert_null (confab_conversation_info_get_system_prompt (info));
  g_assert_cmpint (confab_store_get_last_conversation (store), ==, b);

  /* The last conversation is forgotten with it. */
  confab_store_delete_conversation (store, b, &error);
  g_assert_no_error (error);
  g_assert_cmpint (confab_store_get_last_conversation (store), ==, 0);
  confab_store_set_last_conversation (store, a, &error);
  confab_store_set_last_conversation (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (confab_store_get_last_conversation (store), ==, 0);

  g_clear_object (&store);
  store = open_store (fixture);
  g_assert_cmpstr (confab_store_get_draft (store, 0), ==, "");
}

static void
search_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GListModel **results = user_data;
  g_autoptr(GError) error = NULL;

  *results = confab_store_search_finish (CONFAB_STORE (object), result, &error);
  g_assert_no_error (error);
}

void
test_search (Fixture       *fixture,
             gconstpointer  user_data)
{
  static const char *tricky[] = {
    "\"", "\"\"", "\"unbalanced", "*", "zeb*", "-", "-zebra", "NEAR", "NEAR(zebra quokka)",
    "zebra AND", "AND", "OR", "NOT", "zebra OR quokka", "(", ")", "^zebra", ":", "content:zebra",
    "{content}", "zebra + quokka", "'", "\\", "%", "_", "   ", "", "\u200b", "🦓",
  };
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GListModel) results = NULL;
  g_autoptr(ConfabSearchResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 english, korean, mixed, quoted, near;
  gint64 first, second;

  first = confab_store_create_conversation (store, &error);
  second = confab_store_create_conversation (store, &error);
  english = append (store, first, CONFAB_ROLE_USER, "Where do zebras and quokkas live?");
  korean = append (store, first, CONFAB_ROLE_ASSISTANT, "얼룩말은 아프리카에서 살고, 쿼카는 호주에 삽니다.");
  mixed = append (store, second, CONFAB_ROLE_USER, "서울에서 streaming 테스트를 했습니다");
  quoted = append (store, second, CONFAB_ROLE_ASSISTANT, "He said \"NEAR\" and -minus AND plus* <b>bold</b> & co");
  near = append (store, second, CONFAB_ROLE_ASSISTANT, "The café is near the station.");

  results = search (store, "zebras");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  result = g_list_model_get_item (results, 0);
  g_assert_cmpint (confab_search_result_get_message_id (result), ==, english);
  g_assert_cmpint (confab_search_result_get_conversation_id (result), ==, first);
  g_assert_cmpint (confab_search_result_get_role (result), ==, CONFAB_ROLE_USER);
  g_assert_cmpstr (confab_search_result_get_title (result), ==, "Where do zebras and quokkas live?");
  g_assert_cmpstr (confab_search_result_get_snippet (result), ==, "Where do zebras and quokkas live?");
  g_assert_cmpstr (confab_search_result_get_snippet_markup (result), ==, "Where do <b>zebras</b> and quokkas live?");
  g_clear_object (&result);
  g_clear_object (&results);

  /* Words as prefixes, case and accents folded, all words needed. */
  g_assert_true (search_finds (store, "ZEBRA quokka", english));
  results = search (store, "zebra station");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  g_clear_object (&results);
  g_assert_true (search_finds (store, "cafe", near));
  g_assert_true (search_finds (store, "stream", mixed));

  /* Korean: whole words, and words with their particles. */
  results = search (store, "얼룩말은");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  g_assert_true (results_contain (results, korean));
  g_clear_object (&results);
  g_assert_true (search_finds (store, "얼룩말", korean));
  g_assert_true (search_finds (store, "서울", mixed));
  g_assert_true (search_finds (store, "호주에 쿼카는", korean));

  /* What looks like query syntax is text. */
  results = search (store, "\"NEAR\"");
  g_assert_true (results_contain (results, quoted));
  g_assert_true (results_contain (results, near));
  g_clear_object (&results);
  g_assert_true (search_finds (store, "-minus", quoted));
  g_assert_true (search_finds (store, "plus*", quoted));
  results = search (store, "bold");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  result = g_list_model_get_item (results, 0);
  g_assert_nonnull (strstr (confab_search_result_get_snippet_markup (result), "&lt;b&gt;<b>bold</b>&lt;/b&gt; &amp; co"));
  g_clear_object (&result);
  g_clear_object (&results);

  for (guint i = 0; i < G_N_ELEMENTS (tricky); i++)
    {
      results = confab_store_search (store, tricky[i], 0, &error);
      g_assert_no_error (error);
      g_assert_nonnull (results);
      g_clear_object (&results);
    }

  results = search (store, "zebra OR quokka");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  g_clear_object (&results);

  /* The limit, and the same search on a worker thread. */
  results = search (store, "and");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);
  g_clear_object (&results);
  results = confab_store_search (store, "and", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  g_clear_object (&results);

  confab_store_search_async (store, "쿼카는", 0, NULL, search_ready_cb, &results);
  while (results == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (results_contain (results, korean));
}

typedef struct
{
  GListStore *messages;
  GError     *error;
  gboolean    done;
} Load;

static void
load_ready_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Load *load = user_data;

  load->messages = confab_store_load_messages_finish (CONFAB_STORE (object), result, &load->error);
  load->done = TRUE;
}

/* The messages of conversation @id, read on a worker; NULL with @error
 * set when they could not be.
 */
static GListStore *
load_messages (ConfabStore   *store,
               gint64         id,
               GCancellable  *cancellable,
               GError       **error)
{
  Load load = { NULL, NULL, FALSE };

  confab_store_load_messages_async (store, id, cancellable, load_ready_cb, &load);
  while (!load.done)
    g_main_context_iteration (NULL, TRUE);
  if (load.error != NULL)
    g_propagate_error (error, load.error);

  return load.messages;
}

void
test_load_async (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GListStore) messages = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = confab_store_create_conversation (store, &error);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *text = g_strdup_printf ("line %u", i);

      append (store, id, i % 2 ? CONFAB_ROLE_ASSISTANT : CONFAB_ROLE_USER, text);
    }

  messages = load_messages (store, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (messages)), ==, 300);
  g_assert_cmpstr (confab_message_get_content (nth_message (messages, 299)), ==, "line 299");
  g_assert_cmpint (confab_message_get_id (nth_message (messages, 299)), >, 0);
  g_clear_object (&messages);

  /* What the main connection wrote since is seen. */
  append (store, id, CONFAB_ROLE_USER, "one more");
  messages = load_messages (store, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (messages)), ==, 301);
  g_clear_object (&messages);

  /* What the writer was asked to write before is seen too, even while
   * it is still writing: an answer of megabytes, finished, is read as
   * finished, not as the empty pending answer stored first.
   */
  {
    g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
    g_autoptr(GString) content = g_string_new (NULL);
    ConfabMessage *read;

    confab_message_set_state (answer, CONFAB_MESSAGE_STATE_PENDING);
    g_assert_true (confab_store_append_message (store, id, answer, &error));
    for (guint i = 0; content->len < 4 * 1024 * 1024; i++)
      g_string_append_printf (content, "Line %u of an answer of megabytes, with words to index.\n", i);
    confab_message_set_content (answer, content->str);
    confab_message_set_state (answer, CONFAB_MESSAGE_STATE_COMPLETE);
    confab_store_update_message_async (store, answer, NULL, NULL, NULL);

    messages = load_messages (store, id, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (messages)), ==, 302);
    read = nth_message (messages, 301);
    g_assert_cmpint (confab_message_get_state (read), ==, CONFAB_MESSAGE_STATE_COMPLETE);
    g_assert_cmpuint (confab_message_get_content_length (read), ==, content->len);
    g_clear_object (&messages);
  }

  g_cancellable_cancel (cancellable);
  messages = load_messages (store, id, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (messages);
  g_clear_error (&error);

  messages = load_messages (store, id + 100, NULL, &error);
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
}
