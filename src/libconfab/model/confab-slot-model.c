/* confab-slot-model.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-slot-model.h"

struct _ConfabSlot
{
  GObject  parent_instance;

  GObject *item;
};

G_DEFINE_FINAL_TYPE (ConfabSlot, confab_slot, G_TYPE_OBJECT)

enum {
  SLOT_PROP_0,
  SLOT_PROP_ITEM,
  SLOT_N_PROPS
};

static GParamSpec *slot_properties[SLOT_N_PROPS];

static void
confab_slot_dispose (GObject *object)
{
  g_clear_object (&CONFAB_SLOT (object)->item);

  G_OBJECT_CLASS (confab_slot_parent_class)->dispose (object);
}

static void
confab_slot_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case SLOT_PROP_ITEM:
      g_value_set_object (value, CONFAB_SLOT (object)->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_slot_class_init (ConfabSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confab_slot_dispose;
  object_class->get_property = confab_slot_get_property;

  /**
   * ConfabSlot:item:
   *
   * The item of the model at the slot's place.
   */
  slot_properties[SLOT_PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         G_TYPE_OBJECT,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, SLOT_N_PROPS, slot_properties);
}

static void
confab_slot_init (ConfabSlot *self)
{
}

/**
 * confab_slot_get_item:
 * @self: a #ConfabSlot
 *
 * Returns: (transfer none) (type GObject): the item the slot holds
 */
gpointer
confab_slot_get_item (ConfabSlot *self)
{
  g_return_val_if_fail (CONFAB_IS_SLOT (self), NULL);

  return self->item;
}

static void
slot_set_item (ConfabSlot *self,
               gpointer    item)
{
  if (g_set_object (&self->item, item))
    g_object_notify_by_pspec (G_OBJECT (self), slot_properties[SLOT_PROP_ITEM]);
}

struct _ConfabSlotModel
{
  GObject     parent_instance;

  GListModel *model;
  GPtrArray  *slots;
  ConfabSlotWeighFunc weigh;

  /* Whether the slots, holding nothing, wait for the model's first
   * change (confab_slot_model_set_empty_model()).
   */
  gboolean    waiting;
};

static void confab_slot_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ConfabSlotModel, confab_slot_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, confab_slot_model_list_model_init))

static GType
confab_slot_model_get_item_type (GListModel *model)
{
  return CONFAB_TYPE_SLOT;
}

static guint
confab_slot_model_get_n_items (GListModel *model)
{
  return CONFAB_SLOT_MODEL (model)->slots->len;
}

static gpointer
confab_slot_model_get_item (GListModel *model,
                            guint       position)
{
  ConfabSlotModel *self = CONFAB_SLOT_MODEL (model);

  if (position >= self->slots->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->slots, position));
}

static void
confab_slot_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = confab_slot_model_get_item_type;
  iface->get_n_items = confab_slot_model_get_n_items;
  iface->get_item = confab_slot_model_get_item;
}

/* The items of the model from @position on, @removed of them before
 * and @added now: the slots there hold the new items, and the slots
 * for the difference are added or taken away after them.
 */
static void
confab_slot_model_update (ConfabSlotModel *self,
                          guint            position,
                          guint            removed,
                          guint            added)
{
  guint kept = MIN (removed, added);

  for (guint i = 0; i < kept; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->model, position + i);

      slot_set_item (g_ptr_array_index (self->slots, position + i), item);
    }

  if (added > kept)
    {
      for (guint i = kept; i < added; i++)
        {
          ConfabSlot *slot = g_object_new (CONFAB_TYPE_SLOT, NULL);

          slot->item = g_list_model_get_item (self->model, position + i);
          g_ptr_array_insert (self->slots, position + i, slot);
        }
      g_list_model_items_changed (G_LIST_MODEL (self), position + kept, 0, added - kept);
    }
  else if (removed > kept)
    {
      g_ptr_array_remove_range (self->slots, position + kept, removed - kept);
      g_list_model_items_changed (G_LIST_MODEL (self), position + kept, removed - kept, 0);
    }
}

/* Takes @n slots away: those holding the lightest items, the first of
 * equal ones, so that the rows of the heavy ones stay and show other
 * items.  Without a weigh function, the first @n.
 */
static void
confab_slot_model_drop (ConfabSlotModel *self,
                        guint            n)
{
  guint len = self->slots->len;
  g_autofree guint64 *weights = NULL;
  g_autofree gboolean *drop = NULL;

  if (self->weigh == NULL)
    {
      g_ptr_array_remove_range (self->slots, 0, n);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
      return;
    }

  weights = g_new (guint64, len);
  drop = g_new0 (gboolean, len);
  for (guint i = 0; i < len; i++)
    weights[i] = self->weigh (CONFAB_SLOT (g_ptr_array_index (self->slots, i))->item);

  /* A chat's messages are a few hundred at most. */
  for (guint k = 0; k < n; k++)
    {
      guint lightest = G_MAXUINT;

      for (guint i = 0; i < len; i++)
        if (!drop[i] && (lightest == G_MAXUINT || weights[i] < weights[lightest]))
          lightest = i;
      drop[lightest] = TRUE;
    }

  /* A run at a time from the end, so that the places before stay. */
  for (guint end = len; end > 0;)
    {
      guint start = end - 1;

      if (!drop[start])
        {
          end = start;
          continue;
        }

      while (start > 0 && drop[start - 1])
        start--;
      g_ptr_array_remove_range (self->slots, start, end - start);
      g_list_model_items_changed (G_LIST_MODEL (self), start, end - start, 0);
      end = start;
    }
}

/* Has the slots there hold the items of the model, counted from the
 * end: slots are added at the start, or the lightest taken away.
 */
static void
confab_slot_model_refill (ConfabSlotModel *self)
{
  guint removed = self->slots->len;
  guint added = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;

  self->waiting = FALSE;

  if (removed > added)
    {
      confab_slot_model_drop (self, removed - added);
      confab_slot_model_update (self, 0, added, added);
    }
  else
    {
      confab_slot_model_update (self, 0, 0, added - removed);
      confab_slot_model_update (self, added - removed, removed, removed);
    }
}

static void
confab_slot_model_items_changed_cb (ConfabSlotModel *self,
                                    guint            position,
                                    guint            removed,
                                    guint            added,
                                    GListModel      *model)
{
  if (self->waiting)
    confab_slot_model_refill (self);
  else
    confab_slot_model_update (self, position, removed, added);
}

static void
confab_slot_model_connect (ConfabSlotModel *self,
                           GListModel      *model)
{
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect_object (model, "items-changed",
                             G_CALLBACK (confab_slot_model_items_changed_cb),
                             self, G_CONNECT_SWAPPED);
}

static void
confab_slot_model_dispose (GObject *object)
{
  ConfabSlotModel *self = CONFAB_SLOT_MODEL (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_ptr_array_set_size (self->slots, 0);

  G_OBJECT_CLASS (confab_slot_model_parent_class)->dispose (object);
}

static void
confab_slot_model_finalize (GObject *object)
{
  g_ptr_array_unref (CONFAB_SLOT_MODEL (object)->slots);

  G_OBJECT_CLASS (confab_slot_model_parent_class)->finalize (object);
}

static void
confab_slot_model_class_init (ConfabSlotModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confab_slot_model_dispose;
  object_class->finalize = confab_slot_model_finalize;
}

static void
confab_slot_model_init (ConfabSlotModel *self)
{
  self->slots = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * confab_slot_model_new:
 *
 * Returns: (transfer full): a new #ConfabSlotModel, of no model yet
 */
ConfabSlotModel *
confab_slot_model_new (void)
{
  return g_object_new (CONFAB_TYPE_SLOT_MODEL, NULL);
}

/**
 * confab_slot_model_set_weigh_func:
 * @self: a #ConfabSlotModel
 * @weigh: (nullable): what taking a slot's row away costs
 *
 * When another model with fewer items is set, the slots taken away are
 * those holding the lightest items.
 */
void
confab_slot_model_set_weigh_func (ConfabSlotModel     *self,
                                  ConfabSlotWeighFunc  weigh)
{
  g_return_if_fail (CONFAB_IS_SLOT_MODEL (self));

  self->weigh = weigh;
}

/**
 * confab_slot_model_get_model:
 * @self: a #ConfabSlotModel
 *
 * Returns: (transfer none) (nullable): the model whose items the slots
 *   hold
 */
GListModel *
confab_slot_model_get_model (ConfabSlotModel *self)
{
  g_return_val_if_fail (CONFAB_IS_SLOT_MODEL (self), NULL);

  return self->model;
}

/**
 * confab_slot_model_set_model:
 * @self: a #ConfabSlotModel
 * @model: (nullable): the list whose items to hold
 *
 * Has the slots hold the items of @model, counted from the end: the
 * last slot holds its last item, and so on, and slots are added or
 * taken away at the start.  The last message of a chat is the one most
 * likely to be long.
 */
void
confab_slot_model_set_model (ConfabSlotModel *self,
                             GListModel      *model)
{
  g_return_if_fail (CONFAB_IS_SLOT_MODEL (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (model == self->model && !self->waiting)
    return;

  confab_slot_model_connect (self, model);
  confab_slot_model_refill (self);
}

/**
 * confab_slot_model_set_empty_model:
 * @self: a #ConfabSlotModel
 * @model: a list with no items
 *
 * Like confab_slot_model_set_model(), but the slots there stay, holding
 * nothing, until @model first changes: a list view keeps their rows,
 * which let go of what they showed while they are still in the window,
 * as when a new chat, empty, is shown in place of the list.
 */
void
confab_slot_model_set_empty_model (ConfabSlotModel *self,
                                   GListModel      *model)
{
  g_return_if_fail (CONFAB_IS_SLOT_MODEL (self));
  g_return_if_fail (G_IS_LIST_MODEL (model));
  g_return_if_fail (g_list_model_get_n_items (model) == 0);

  if (model == self->model)
    return;

  confab_slot_model_connect (self, model);
  self->waiting = TRUE;
  for (guint i = 0; i < self->slots->len; i++)
    slot_set_item (g_ptr_array_index (self->slots, i), NULL);
}
