/* confab-tail-model.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-tail-model.h"

struct _ConfabTailModel
{
  GObject     parent_instance;

  GListModel *model;
  guint       offset;
};

static void confab_tail_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ConfabTailModel, confab_tail_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, confab_tail_model_list_model_init))

enum {
  PROP_0,
  PROP_HAS_MORE,
  PROP_OFFSET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
confab_tail_model_get_item_type (GListModel *model)
{
  return g_list_model_get_item_type (CONFAB_TAIL_MODEL (model)->model);
}

static guint
confab_tail_model_get_n_items (GListModel *model)
{
  ConfabTailModel *self = CONFAB_TAIL_MODEL (model);

  return g_list_model_get_n_items (self->model) - self->offset;
}

static gpointer
confab_tail_model_get_item (GListModel *model,
                            guint       position)
{
  ConfabTailModel *self = CONFAB_TAIL_MODEL (model);

  if (position >= G_MAXUINT - self->offset)
    return NULL;

  return g_list_model_get_item (self->model, self->offset + position);
}

static void
confab_tail_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = confab_tail_model_get_item_type;
  iface->get_n_items = confab_tail_model_get_n_items;
  iface->get_item = confab_tail_model_get_item;
}

static void
set_offset (ConfabTailModel *self,
            guint            offset)
{
  gboolean had_more = self->offset > 0;

  if (offset == self->offset)
    return;

  self->offset = offset;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFSET]);
  if (had_more != (offset > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE]);
}

static void
confab_tail_model_items_changed_cb (ConfabTailModel *self,
                                    guint            position,
                                    guint            removed,
                                    guint            added,
                                    GListModel      *model)
{
  guint offset = self->offset;

  if (position >= offset)
    {
      /* Only shown items changed. */
      g_list_model_items_changed (G_LIST_MODEL (self), position - offset, removed, added);
    }
  else if (position + removed <= offset)
    {
      /* Only hidden ones: the shown items stay, further along. */
      set_offset (self, offset - removed + added);
    }
  else
    {
      /* Across the start: show from the change on. */
      set_offset (self, position);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, position + removed - offset, added);
    }
}

static void
confab_tail_model_dispose (GObject *object)
{
  ConfabTailModel *self = CONFAB_TAIL_MODEL (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (confab_tail_model_parent_class)->dispose (object);
}

static void
confab_tail_model_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ConfabTailModel *self = CONFAB_TAIL_MODEL (object);

  switch (prop_id)
    {
    case PROP_HAS_MORE:
      g_value_set_boolean (value, confab_tail_model_get_has_more (self));
      break;

    case PROP_OFFSET:
      g_value_set_uint (value, self->offset);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_tail_model_class_init (ConfabTailModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confab_tail_model_dispose;
  object_class->get_property = confab_tail_model_get_property;

  /**
   * ConfabTailModel:has-more:
   *
   * Whether items of the model are hidden before the first one shown.
   */
  properties[PROP_HAS_MORE] =
    g_param_spec_boolean ("has-more", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /**
   * ConfabTailModel:offset:
   *
   * The position in the model of the first item shown.
   */
  properties[PROP_OFFSET] =
    g_param_spec_uint ("offset", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confab_tail_model_init (ConfabTailModel *self)
{
}

/**
 * confab_tail_model_new:
 * @model: the whole list
 * @n_shown: how many of its last items to show at first
 *
 * Returns: (transfer full): a new #ConfabTailModel
 */
ConfabTailModel *
confab_tail_model_new (GListModel *model,
                       guint       n_shown)
{
  ConfabTailModel *self;
  guint n_items;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (CONFAB_TYPE_TAIL_MODEL, NULL);
  self->model = g_object_ref (model);
  n_items = g_list_model_get_n_items (model);
  self->offset = n_items > n_shown ? n_items - n_shown : 0;

  g_signal_connect_object (model, "items-changed",
                           G_CALLBACK (confab_tail_model_items_changed_cb),
                           self, G_CONNECT_SWAPPED);

  return self;
}

/**
 * confab_tail_model_get_model:
 *
 * Returns: (transfer none): the whole list
 */
GListModel *
confab_tail_model_get_model (ConfabTailModel *self)
{
  g_return_val_if_fail (CONFAB_IS_TAIL_MODEL (self), NULL);

  return self->model;
}

guint
confab_tail_model_get_offset (ConfabTailModel *self)
{
  g_return_val_if_fail (CONFAB_IS_TAIL_MODEL (self), 0);

  return self->offset;
}

gboolean
confab_tail_model_get_has_more (ConfabTailModel *self)
{
  g_return_val_if_fail (CONFAB_IS_TAIL_MODEL (self), FALSE);

  return self->offset > 0;
}

/**
 * confab_tail_model_show_more:
 * @n_items: how many hidden items to show, at most
 *
 * Shows up to @n_items more items in front of the first one shown.
 *
 * Returns: how many were added
 */
guint
confab_tail_model_show_more (ConfabTailModel *self,
                             guint            n_items)
{
  guint added;

  g_return_val_if_fail (CONFAB_IS_TAIL_MODEL (self), 0);

  added = MIN (n_items, self->offset);
  if (added == 0)
    return 0;

  set_offset (self, self->offset - added);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, added);

  return added;
}

/**
 * confab_tail_model_show_position:
 * @position: a position in the whole list
 *
 * Shows the item at @position, and everything after it.
 *
 * Returns: the item's position in @self, or %G_MAXUINT when the whole
 *   list has no such item
 */
guint
confab_tail_model_show_position (ConfabTailModel *self,
                                 guint            position)
{
  g_return_val_if_fail (CONFAB_IS_TAIL_MODEL (self), G_MAXUINT);

  if (position >= g_list_model_get_n_items (self->model))
    return G_MAXUINT;

  if (position < self->offset)
    confab_tail_model_show_more (self, self->offset - position);

  return position - self->offset;
}
