/* test-tail-model.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-tail-model.h"

/* A copy of what the tail model showed, kept only through its
 * items-changed signals, so that a wrong signal shows as a difference.
 */
typedef struct
{
  GListStore      *store;
  ConfabTailModel *tail;
  GPtrArray       *shadow;
} Fixture;

static void
shadow_changed_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   Fixture    *fixture)
{
  g_assert_cmpuint (position + removed, <=, fixture->shadow->len);

  g_ptr_array_remove_range (fixture->shadow, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (fixture->shadow, position + i, g_list_model_get_item (model, position + i));
}

static void
check (Fixture *fixture)
{
  GListModel *model = G_LIST_MODEL (fixture->tail);
  guint offset = confab_tail_model_get_offset (fixture->tail);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (fixture->store));

  g_assert_cmpuint (offset, <=, n_items);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_items - offset);
  g_assert_cmpuint (fixture->shadow->len, ==, n_items - offset);
  g_assert_cmpint (confab_tail_model_get_has_more (fixture->tail), ==, offset > 0);

  for (guint i = 0; i < fixture->shadow->len; i++)
    {
      g_autoptr(GObject) shown = g_list_model_get_item (model, i);
      g_autoptr(GObject) whole = g_list_model_get_item (G_LIST_MODEL (fixture->store), offset + i);

      g_assert_true (shown == whole);
      g_assert_true (fixture->shadow->pdata[i] == shown);
    }

  g_assert_null (g_list_model_get_item (model, fixture->shadow->len));
}

static GObject *
item_new (guint number)
{
  GObject *item = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data (item, "number", GUINT_TO_POINTER (number));
  return item;
}

static void
fixture_set_up (Fixture *fixture,
                guint    n_items,
                guint    n_shown)
{
  fixture->store = g_list_store_new (G_TYPE_OBJECT);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GObject) item = item_new (i);

      g_list_store_append (fixture->store, item);
    }

  fixture->tail = confab_tail_model_new (G_LIST_MODEL (fixture->store), n_shown);
  fixture->shadow = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->tail)); i++)
    g_ptr_array_add (fixture->shadow, g_list_model_get_item (G_LIST_MODEL (fixture->tail), i));
  g_signal_connect (fixture->tail, "items-changed", G_CALLBACK (shadow_changed_cb), fixture);
}

static void
fixture_tear_down (Fixture *fixture)
{
  g_clear_object (&fixture->tail);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->shadow, g_ptr_array_unref);
}

static void
test_tail_model_initial (void)
{
  Fixture fixture = { 0 };

  fixture_set_up (&fixture, 100, 10);
  g_assert_cmpuint (confab_tail_model_get_offset (fixture.tail), ==, 90);
  g_assert_cmpuint (g_list_model_get_item_type (G_LIST_MODEL (fixture.tail)), ==, G_TYPE_OBJECT);
  check (&fixture);
  fixture_tear_down (&fixture);

  /* Fewer items than asked for: all of them, nothing hidden. */
  fixture_set_up (&fixture, 4, 10);
  g_assert_cmpuint (confab_tail_model_get_offset (fixture.tail), ==, 0);
  check (&fixture);
  fixture_tear_down (&fixture);

  fixture_set_up (&fixture, 0, 10);
  check (&fixture);
  fixture_tear_down (&fixture);
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
test_tail_model_show_more (void)
{
  Fixture fixture = { 0 };
  guint notified = 0;

  fixture_set_up (&fixture, 25, 10);
  g_signal_connect_swapped (fixture.tail, "notify::offset", G_CALLBACK (count_cb), &notified);

  g_assert_cmpuint (confab_tail_model_show_more (fixture.tail, 10), ==, 10);
  check (&fixture);
  g_assert_cmpuint (confab_tail_model_get_offset (fixture.tail), ==, 5);
  g_assert_cmpuint (notified, ==, 1);

  /* Only what is hidden can be shown. */
  g_assert_cmpuint (confab_tail_model_show_more (fixture.tail, 10), ==, 5);
  check (&fixture);
  g_assert_false (confab_tail_model_get_has_more (fixture.tail));
  g_assert_cmpuint (confab_tail_model_show_more (fixture.tail, 10), ==, 0);
  g_assert_cmpuint (notified, ==, 2);
  check (&fixture);

  fixture_tear_down (&fixture);
}

static void
test_tail_model_show_position (void)
{
  Fixture fixture = { 0 };

  fixture_set_up (&fixture, 50, 5);
  g_assert_cmpuint (confab_tail_model_show_position (fixture.tail, 47), ==, 2);
  g_assert_cmpuint (confab_tail_model_get_offset (fixture.tail), ==, 45);
  g_assert_cmpuint (confab_tail_model_show_position (fixture.tail, 12), ==, 0);
  g_assert_cmpuint (confab_tail_model_get_offset (fixture.tail), ==, 12);
  check (&fixture);
  g_assert_cmpuint (confab_tail_model_show_position (fixture.tail, 50), ==, G_MAXUINT);
  check (&fixture);
  fixture_tear_down (&fixture);
}

/* Appending, as a conversation does while it goes on. */
static void
test_tail_model_append (void)
{
  Fixture fixture = { 0 };

  fixture_set_up (&fixture, 30, 10);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GObject) item = item_new (100 + i);

      g_list_store_append (fixture.store, item);
      check (&fixture);
    }
  g_assert_cmpuint (confab_tail_model_get_offset (fixture.tail), ==, 20);
  fixture_tear_down (&fixture);
}

/* Every change the model can make, against every place it can be. */
static void
test_tail_model_changes (void)
{
  for (guint n_items = 0; n_items <= 8; n_items++)
    for (guint n_shown = 0; n_shown <= n_items + 1; n_shown++)
      for (guint position = 0; position <= n_items; position++)
        for (guint removed = 0; position + removed <= n_items; removed++)
          for (guint added = 0; added <= 3; added++)
            {
              Fixture fixture = { 0 };
              GObject *items[3];

              fixture_set_up (&fixture, n_items, n_shown);
              for (guint i = 0; i < added; i++)
                items[i] = item_new (1000 + i);

              g_list_store_splice (fixture.store, position, removed, (gpointer *) items, added);
              check (&fixture);

              for (guint i = 0; i < added; i++)
                g_object_unref (items[i]);
              fixture_tear_down (&fixture);
            }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tail-model/initial", test_tail_model_initial);
  g_test_add_func ("/tail-model/show-more", test_tail_model_show_more);
  g_test_add_func ("/tail-model/show-position", test_tail_model_show_position);
  g_test_add_func ("/tail-model/append", test_tail_model_append);
  g_test_add_func ("/tail-model/changes", test_tail_model_changes);

  return g_test_run ();
}
