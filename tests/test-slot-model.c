/* test-slot-model.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-slot-model.h"

/* The slot model over a store, with a copy of its slots kept only
 * through its items-changed signals, and the slots whose item changed.
 */
typedef struct
{
  GListStore      *store;
  ConfabSlotModel *slots;
  GPtrArray       *shadow;
  guint            n_notified;
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
    {
      g_autoptr(GObject) slot = g_list_model_get_item (model, position + i);

      g_ptr_array_insert (fixture->shadow, position + i, slot);
    }
}

static void
item_notify_cb (GObject    *slot,
                GParamSpec *pspec,
                Fixture    *fixture)
{
  fixture->n_notified++;
}

/* Every slot holds the item of the store at its place, and is the slot
 * the signals told of.
 */
static void
check (Fixture *fixture)
{
  GListModel *model = G_LIST_MODEL (fixture->slots);
  guint n_items = fixture->store != NULL ? g_list_model_get_n_items (G_LIST_MODEL (fixture->store)) : 0;

  g_assert_true (g_list_model_get_item_type (model) == CONFAB_TYPE_SLOT);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_items);
  g_assert_cmpuint (fixture->shadow->len, ==, n_items);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ConfabSlot) slot = g_list_model_get_item (model, i);
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (fixture->store), i);

      g_assert_true (fixture->shadow->pdata[i] == slot);
      g_assert_true (confab_slot_get_item (slot) == item);
    }

  g_assert_null (g_list_model_get_item (model, n_items));
}

static GListStore *
store_new (const char *name,
           guint       n_items)
{
  GListStore *store = g_list_store_new (G_TYPE_MENU_ITEM);

  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *label = g_strdup_printf ("%s %u", name, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_list_store_append (store, item);
    }

  return store;
}

static void
fixture_set_store (Fixture    *fixture,
                   GListStore *store)
{
  g_set_object (&fixture->store, store);
  confab_slot_model_set_model (fixture->slots, G_LIST_MODEL (store));
  check (fixture);
}

static void
fixture_init (Fixture *fixture)
{
  fixture->slots = confab_slot_model_new ();
  fixture->shadow = g_ptr_array_new ();
  g_signal_connect (fixture->slots, "items-changed", G_CALLBACK (shadow_changed_cb), fixture);
}

static void
fixture_clear (Fixture *fixture)
{
  g_clear_object (&fixture->slots);
  g_clear_object (&fixture->store);
  g_ptr_array_unref (fixture->shadow);
}

/* Watches the item of each slot there is. */
static void
watch_slots (Fixture *fixture)
{
  fixture->n_notified = 0;
  for (guint i = 0; i < fixture->shadow->len; i++)
    {
      g_signal_handlers_disconnect_by_func (fixture->shadow->pdata[i], item_notify_cb, fixture);
      g_signal_connect (fixture->shadow->pdata[i], "notify::item", G_CALLBACK (item_notify_cb), fixture);
    }
}

/* Another list set: the slots there stay and hold its items, counted
 * from the end, and only the difference is added or taken away, at the
 * start.
 */
static void
test_slot_model_set_model (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GListStore) first = store_new ("first", 5);
  g_autoptr(GListStore) second = store_new ("second", 3);
  g_autoptr(GListStore) third = store_new ("third", 7);
  g_autoptr(GPtrArray) before = NULL;

  fixture_init (&fixture);
  check (&fixture);
  g_assert_null (confab_slot_model_get_model (fixture.slots));

  fixture_set_store (&fixture, first);
  g_assert_true (confab_slot_model_get_model (fixture.slots) == G_LIST_MODEL (first));

  before = g_ptr_array_copy (fixture.shadow, (GCopyFunc) g_object_ref, NULL);
  g_ptr_array_set_free_func (before, g_object_unref);
  watch_slots (&fixture);
  fixture_set_store (&fixture, second);
  g_assert_cmpuint (fixture.n_notified, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_true (fixture.shadow->pdata[i] == before->pdata[2 + i]);

  watch_slots (&fixture);
  fixture_set_store (&fixture, third);
  g_assert_cmpuint (fixture.n_notified, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_true (fixture.shadow->pdata[4 + i] == before->pdata[2 + i]);

  /* The same list again changes nothing; none empties all. */
  watch_slots (&fixture);
  fixture_set_store (&fixture, third);
  g_assert_cmpuint (fixture.n_notified, ==, 0);

  g_clear_object (&fixture.store);
  confab_slot_model_set_model (fixture.slots, NULL);
  check (&fixture);

  /* Changes to a list no longer set pass by. */
  g_list_store_remove (third, 0);
  check (&fixture);

  fixture_clear (&fixture);
}

static guint64
weigh_item (gpointer item)
{
  return item != NULL ? GPOINTER_TO_UINT (g_object_get_data (item, "weight")) : 0;
}

static GListStore *
store_new_weighed (const char  *name,
                   const guint *weights,
                   guint        n_items)
{
  GListStore *store = store_new (name, n_items);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_object_set_data (item, "weight", GUINT_TO_POINTER (weights[i]));
    }

  return store;
}

/* With a weigh function, a list with fewer items keeps the slots that
 * hold the heaviest, wherever they are; of equal ones, the last.
 */
static void
test_slot_model_weigh (void)
{
  static const guint first_weights[] = { 1, 1000, 1, 500, 1, 1 };
  static const guint second_weights[] = { 7, 0, 9 };
  static const guint third_weights[] = { 3, 3 };
  Fixture fixture = { 0 };
  g_autoptr(GListStore) first = store_new_weighed ("first", first_weights, G_N_ELEMENTS (first_weights));
  g_autoptr(GListStore) second = store_new_weighed ("second", second_weights, G_N_ELEMENTS (second_weights));
  g_autoptr(GListStore) third = store_new_weighed ("third", third_weights, G_N_ELEMENTS (third_weights));
  g_autoptr(GPtrArray) before = NULL;

  fixture_init (&fixture);
  confab_slot_model_set_weigh_func (fixture.slots, weigh_item);
  fixture_set_store (&fixture, first);
  before = g_ptr_array_copy (fixture.shadow, (GCopyFunc) g_object_ref, NULL);
  g_ptr_array_set_free_func (before, g_object_unref);

  watch_slots (&fixture);
  fixture_set_store (&fixture, second);
  g_assert_cmpuint (fixture.n_notified, ==, 3);
  g_assert_true (fixture.shadow->pdata[0] == before->pdata[1]);
  g_assert_true (fixture.shadow->pdata[1] == before->pdata[3]);
  g_assert_true (fixture.shadow->pdata[2] == before->pdata[5]);

  /* Weighed by what they hold now. */
  fixture_set_store (&fixture, third);
  g_assert_true (fixture.shadow->pdata[0] == before->pdata[1]);
  g_assert_true (fixture.shadow->pdata[1] == before->pdata[5]);

  /* More items: slots are added at the start, as without. */
  fixture_set_store (&fixture, first);
  g_assert_true (fixture.shadow->pdata[4] == before->pdata[1]);
  g_assert_true (fixture.shadow->pdata[5] == before->pdata[5]);

  fixture_clear (&fixture);
}

/* Changes to the list: the slots at the change hold the new items, and
 * those after it stay with theirs.
 */
static void
test_slot_model_changes (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GListStore) store = store_new ("item", 6);
  g_autoptr(GMenuItem) added = g_menu_item_new ("added", NULL);
  g_autoptr(GMenuItem) other = g_menu_item_new ("other", NULL);
  GObject *last;

  fixture_init (&fixture);
  fixture_set_store (&fixture, store);
  last = fixture.shadow->pdata[5];

  /* One added at the end, one in the middle. */
  g_list_store_append (store, added);
  check (&fixture);
  g_list_store_insert (store, 2, other);
  check (&fixture);
  g_assert_true (fixture.shadow->pdata[6] == last);

  /* One removed, two replaced by three, three by one. */
  g_list_store_remove (store, 0);
  check (&fixture);
  watch_slots (&fixture);
  g_list_store_splice (store, 1, 2, (gpointer []) { added, other, added }, 3);
  check (&fixture);
  g_assert_cmpuint (fixture.n_notified, ==, 2);
  g_list_store_splice (store, 0, 3, (gpointer []) { other }, 1);
  check (&fixture);

  /* All taken away, then some back. */
  g_list_store_remove_all (store);
  check (&fixture);
  g_list_store_splice (store, 0, 0, (gpointer []) { added, other }, 2);
  check (&fixture);

  fixture_clear (&fixture);
}

/* An empty list set keeping the slots: they stay, holding nothing,
 * and the list's first change has them hold its items, counted from the
 * end.
 */
static void
test_slot_model_empty (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GListStore) first = store_new ("first", 4);
  g_autoptr(GListStore) empty = g_list_store_new (G_TYPE_MENU_ITEM);
  g_autoptr(GMenuItem) added = g_menu_item_new ("added", NULL);
  GObject *last;

  fixture_init (&fixture);
  fixture_set_store (&fixture, first);
  last = fixture.shadow->pdata[3];

  watch_slots (&fixture);
  confab_slot_model_set_empty_model (fixture.slots, G_LIST_MODEL (empty));
  g_assert_true (confab_slot_model_get_model (fixture.slots) == G_LIST_MODEL (empty));
  g_assert_cmpuint (fixture.n_notified, ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.slots)), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_null (confab_slot_get_item (fixture.shadow->pdata[i]));

  /* The first change: one slot is left, the last. */
  g_set_object (&fixture.store, empty);
  g_list_store_append (empty, added);
  check (&fixture);
  g_assert_true (fixture.shadow->pdata[0] == last);

  /* Then changes pass as they come. */
  g_list_store_append (empty, added);
  check (&fixture);

  /* Emptied as it goes: no slot is left; another, empty, set so. */
  g_list_store_remove_all (empty);
  check (&fixture);
  g_list_store_remove_all (first);
  confab_slot_model_set_empty_model (fixture.slots, G_LIST_MODEL (first));
  g_set_object (&fixture.store, first);
  check (&fixture);

  fixture_clear (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slot-model/set-model", test_slot_model_set_model);
  g_test_add_func ("/slot-model/changes", test_slot_model_changes);
  g_test_add_func ("/slot-model/empty", test_slot_model_empty);
  g_test_add_func ("/slot-model/weigh", test_slot_model_weigh);

  return g_test_run ();
}
