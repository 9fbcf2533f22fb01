/* confab-model-picker.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-model-picker.h"
#include "confab-tooltip.h"

/* A popover to choose a model: the models the server lists, filtered by
 * what is typed, and the typed name itself, for a server that lists none
 * or a model it does not list.  Enter takes the one model left by the
 * filter (so "llama3.2" finds "llama3.2:latest"), else the text as typed.
 * Opening it asks the server for its list once a run.
 */

struct _ConfabModelPicker
{
  GtkPopover       parent_instance;

  char            *model;
  ConfabModelList *model_list;

  /* Template widgets */
  GtkEntry        *entry;
  GtkListBox      *list_box;
  GtkButton       *refresh_button;
  GtkScrolledWindow *scroller;
  GtkLabel        *status_label;
};

G_DEFINE_FINAL_TYPE (ConfabModelPicker, confab_model_picker, GTK_TYPE_POPOVER)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_MODEL_LIST,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* What the list is filtered by: nothing while the entry shows the model. */
static char *
dup_filter (ConfabModelPicker *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));

  if (*text == '\0' || g_strcmp0 (text, self->model) == 0)
    return NULL;

  return g_utf8_casefold (text, -1);
}

static gboolean
filter_func (GtkListBoxRow *row,
             gpointer       user_data)
{
  ConfabModelPicker *self = user_data;
  g_autofree char *filter = dup_filter (self);
  g_autofree char *folded = NULL;

  if (filter == NULL)
    return TRUE;

  folded = g_utf8_casefold (g_object_get_data (G_OBJECT (row), "model"), -1);

  return strstr (folded, filter) != NULL;
}

static guint
count_visible (ConfabModelPicker *self,
               const char       **only)
{
  guint n = 0;

  *only = NULL;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && filter_func (GTK_LIST_BOX_ROW (row), self))
      {
        *only = g_object_get_data (G_OBJECT (row), "model");
        n++;
      }

  return n;
}

static void
update_status (ConfabModelPicker *self)
{
  const char * const *models = self->model_list ? confab_model_list_get_models (self->model_list) : NULL;
  const char *error_message = self->model_list ? confab_model_list_get_error_message (self->model_list) : NULL;
  g_autofree char *text = NULL;
  g_autofree char *filter = dup_filter (self);
  const char *only;
  gboolean rows_shown = models != NULL && models[0] != NULL &&
                        (filter == NULL || count_visible (self, &only) > 0);

  if (self->model_list != NULL && confab_model_list_get_loading (self->model_list))
    text = g_strdup (_("Asking the server for its models…"));
  else if (error_message != NULL)
    /* Translators: %s says why the list of models could not be read. */
    text = g_strdup_printf (_("No list of models: %s"), error_message);
  else if (models == NULL || models[0] == NULL)
    text = g_strdup (_("The server lists no models. Type the model’s name and press Enter."));
  else if (!rows_shown)
    text = g_strdup (_("Not in the server’s list. Press Enter to use the name as typed."));
  else if (filter == NULL && self->model != NULL && !confab_model_list_contains (self->model_list, self->model))
    /* Translators: %s is a model name. */
    text = g_strdup_printf (_("“%s” is not in the server’s list; it is used as typed."), self->model);

  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->scroller), rows_shown);
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button),
                            self->model_list != NULL && !confab_model_list_get_loading (self->model_list));
}

static void
update_checks (ConfabModelPicker *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "check");

      if (check != NULL)
        gtk_widget_set_opacity (check, g_strcmp0 (g_object_get_data (G_OBJECT (row), "model"), self->model) == 0 ? 1 : 0);
    }
}

static void
rebuild_rows (ConfabModelPicker *self)
{
  const char * const *models = self->model_list ? confab_model_list_get_models (self->model_list) : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))))
    gtk_list_box_remove (self->list_box, child);

  for (guint i = 0; models != NULL && models[i] != NULL; i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label = gtk_label_new (models[i]);
      GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), check);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, models[i],
                                      -1);
      g_object_set_data_full (G_OBJECT (row), "model", g_strdup (models[i]), g_free);
      g_object_set_data (G_OBJECT (row), "check", check);
      gtk_list_box_append (self->list_box, row);
    }

  update_checks (self);
  update_status (self);
}

static void
choose (ConfabModelPicker *self,
        const char        *model)
{
  confab_model_picker_set_model (self, model);
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
row_activated_cb (ConfabModelPicker *self,
                  GtkListBoxRow     *row)
{
  choose (self, g_object_get_data (G_OBJECT (row), "model"));
}

static void
entry_activate_cb (ConfabModelPicker *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  const char *only = NULL;

  if (*text == '\0')
    return;

  if (confab_model_list_contains (self->model_list, text) ||
      count_visible (self, &only) != 1)
    choose (self, text);
  else
    choose (self, only);
}

static void
entry_changed_cb (ConfabModelPicker *self)
{
  gtk_list_box_invalidate_filter (self->list_box);
  update_status (self);
}

static void
refresh_cb (ConfabModelPicker *self)
{
  if (self->model_list != NULL)
    confab_model_list_refresh (self->model_list);
}

static void
confab_model_picker_show (GtkWidget *widget)
{
  ConfabModelPicker *self = CONFAB_MODEL_PICKER (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->entry), self->model ? self->model : "");
  if (self->model_list != NULL)
    confab_model_list_ensure (self->model_list);
  update_status (self);

  GTK_WIDGET_CLASS (confab_model_picker_parent_class)->show (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
}

static void
confab_model_picker_dispose (GObject *object)
{
  ConfabModelPicker *self = (ConfabModelPicker *)object;

  g_clear_object (&self->model_list);

#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (self), CONFAB_TYPE_MODEL_PICKER);
#endif

  G_OBJECT_CLASS (confab_model_picker_parent_class)->dispose (object);
}

static void
confab_model_picker_finalize (GObject *object)
{
  ConfabModelPicker *self = (ConfabModelPicker *)object;

  g_clear_pointer (&self->model, g_free);

  G_OBJECT_CLASS (confab_model_picker_parent_class)->finalize (object);
}

static void
confab_model_picker_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ConfabModelPicker *self = CONFAB_MODEL_PICKER (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;

    case PROP_MODEL_LIST:
      g_value_set_object (value, self->model_list);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_model_picker_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ConfabModelPicker *self = CONFAB_MODEL_PICKER (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      confab_model_picker_set_model (self, g_value_get_string (value));
      break;

    case PROP_MODEL_LIST:
      confab_model_picker_set_model_list (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_model_picker_class_init (ConfabModelPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confab_model_picker_dispose;
  object_class->finalize = confab_model_picker_finalize;
  object_class->get_property = confab_model_picker_get_property;
  object_class->set_property = confab_model_picker_set_property;
  widget_class->show = confab_model_picker_show;

  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MODEL_LIST] =
    g_param_spec_object ("model-list", NULL, NULL,
                         CONFAB_TYPE_MODEL_LIST,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/confab-model-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, ConfabModelPicker, entry);
  gtk_widget_class_bind_template_child (widget_class, ConfabModelPicker, list_box);
  gtk_widget_class_bind_template_child (widget_class, ConfabModelPicker, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabModelPicker, scroller);
  gtk_widget_class_bind_template_child (widget_class, ConfabModelPicker, status_label);
}

static void
confab_model_picker_init (ConfabModelPicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Tooltips that GTK 4.8 does not break in Korean. */
  confab_tooltip_attach (GTK_WIDGET (self));

  gtk_list_box_set_filter_func (self->list_box, filter_func, self, NULL);
  g_signal_connect_object (self->list_box, "row-activated",
                           G_CALLBACK (row_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "activate",
                           G_CALLBACK (entry_activate_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "changed",
                           G_CALLBACK (entry_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->refresh_button, "clicked",
                           G_CALLBACK (refresh_cb),
                           self, G_CONNECT_SWAPPED);
  update_status (self);
}

const char *
confab_model_picker_get_model (ConfabModelPicker *self)
{
  g_return_val_if_fail (CONFAB_IS_MODEL_PICKER (self), NULL);

  return self->model;
}

void
confab_model_picker_set_model (ConfabModelPicker *self,
                               const char        *model)
{
  g_return_if_fail (CONFAB_IS_MODEL_PICKER (self));

  if (g_strcmp0 (self->model, model) == 0)
    return;

  g_free (self->model);
  self->model = g_strdup (model);
  update_checks (self);
  update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

ConfabModelList *
confab_model_picker_get_model_list (ConfabModelPicker *self)
{
  g_return_val_if_fail (CONFAB_IS_MODEL_PICKER (self), NULL);

  return self->model_list;
}

void
confab_model_picker_set_model_list (ConfabModelPicker *self,
                                    ConfabModelList   *model_list)
{
  g_return_if_fail (CONFAB_IS_MODEL_PICKER (self));
  g_return_if_fail (!model_list || CONFAB_IS_MODEL_LIST (model_list));

  if (self->model_list == model_list)
    return;

  if (self->model_list != NULL)
    g_signal_handlers_disconnect_by_data (self->model_list, self);
  g_set_object (&self->model_list, model_list);

  if (model_list != NULL)
    {
      g_signal_connect_object (model_list, "notify::models",
                               G_CALLBACK (rebuild_rows),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (model_list, "notify::loading",
                               G_CALLBACK (update_status),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (model_list, "notify::error-message",
                               G_CALLBACK (update_status),
                               self, G_CONNECT_SWAPPED);
    }

  rebuild_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL_LIST]);
}
