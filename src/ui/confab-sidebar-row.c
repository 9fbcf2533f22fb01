/* confab-sidebar-row.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-sidebar-row.h"
#include "confab-tooltip.h"

/* A chat in the sidebar's list: its title, bound to the conversation's,
 * and a menu whose Rename and Delete activate the window's actions with
 * the conversation's id.  Rows are made for every chat scrolled past, so
 * they stay cheap: the menu's popover is made when it is first opened
 * (building one for every row took most of the time to show a long
 * list), and the tooltip is handed over only when it shows.
 */

struct _ConfabSidebarRow
{
  GtkWidget               parent_instance;

  ConfabConversationInfo *info;

  /* Template widgets */
  GMenuModel             *menu;
  GtkMenuButton          *menu_button;
};

G_DEFINE_FINAL_TYPE (ConfabSidebarRow, confab_sidebar_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_INFO,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static char *
confab_sidebar_row_title_or_new_chat (ConfabSidebarRow *self,
                                      const char       *title)
{
  return g_strdup (title != NULL && *title != '\0' ? title : _("New Chat"));
}

static void
confab_sidebar_row_create_menu_cb (GtkMenuButton *menu_button,
                                   gpointer       user_data)
{
  ConfabSidebarRow *self = CONFAB_SIDEBAR_ROW (user_data);

  gtk_menu_button_set_menu_model (menu_button, self->menu);
}

/* row.rename and row.delete: the window's action, for this chat. */
static void
confab_sidebar_row_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  ConfabSidebarRow *self = CONFAB_SIDEBAR_ROW (widget);
  g_autofree char *window_action = NULL;

  if (self->info == NULL)
    return;

  window_action = g_strdup_printf ("win.%s-conversation", action_name + strlen ("row."));
  gtk_widget_activate_action (widget, window_action, "x", confab_conversation_info_get_id (self->info));
}

static void
confab_sidebar_row_dispose (GObject *object)
{
  ConfabSidebarRow *self = (ConfabSidebarRow *)object;
  GtkWidget *child;

  g_clear_object (&self->info);

#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (self), CONFAB_TYPE_SIDEBAR_ROW);
#endif

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (confab_sidebar_row_parent_class)->dispose (object);
}

static void
confab_sidebar_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ConfabSidebarRow *self = CONFAB_SIDEBAR_ROW (object);

  switch (prop_id)
    {
    case PROP_INFO:
      g_value_set_object (value, self->info);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_sidebar_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ConfabSidebarRow *self = CONFAB_SIDEBAR_ROW (object);

  switch (prop_id)
    {
    case PROP_INFO:
      confab_sidebar_row_set_info (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_sidebar_row_class_init (ConfabSidebarRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confab_sidebar_row_dispose;
  object_class->get_property = confab_sidebar_row_get_property;
  object_class->set_property = confab_sidebar_row_set_property;

  properties[PROP_INFO] =
    g_param_spec_object ("info", NULL, NULL,
                         CONFAB_TYPE_CONVERSATION_INFO,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/confab-sidebar-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ConfabSidebarRow, menu);
  gtk_widget_class_bind_template_child (widget_class, ConfabSidebarRow, menu_button);
  gtk_widget_class_bind_template_callback (widget_class, confab_sidebar_row_title_or_new_chat);

  gtk_widget_class_install_action (widget_class, "row.rename", NULL, confab_sidebar_row_action);
  gtk_widget_class_install_action (widget_class, "row.delete", NULL, confab_sidebar_row_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
confab_sidebar_row_init (ConfabSidebarRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);
  gtk_menu_button_set_create_popup_func (self->menu_button,
                                         confab_sidebar_row_create_menu_cb,
                                         self, NULL);
  confab_tooltip_set_text (GTK_WIDGET (self->menu_button), _("Chat Menu"));
}

ConfabConversationInfo *
confab_sidebar_row_get_info (ConfabSidebarRow *self)
{
  g_return_val_if_fail (CONFAB_IS_SIDEBAR_ROW (self), NULL);

  return self->info;
}

/**
 * confab_sidebar_row_set_info:
 * @info: (nullable): the chat shown
 */
void
confab_sidebar_row_set_info (ConfabSidebarRow       *self,
                             ConfabConversationInfo *info)
{
  g_return_if_fail (CONFAB_IS_SIDEBAR_ROW (self));
  g_return_if_fail (!info || CONFAB_IS_CONVERSATION_INFO (info));

  if (g_set_object (&self->info, info))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
}
