/* confab-window-history.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-export.h"
#include "confab-window-private.h"

/* The window's side of the kept conversations: the sidebar, switching
 * between chats, drafts, and deleting with Undo.  Without a store the
 * window still chats; it says why nothing is kept.
 */

typedef struct
{
  ConfabWindow *self;
  gint64        conversation_id;
  gint64        message_id;
} Loading;

static gint64
current_id (ConfabWindow *self)
{
  return self->recorder != NULL ? confab_recorder_get_conversation_id (self->recorder) : 0;
}

/* The unsent text belongs to the chat it was typed in. */
static void
save_draft (ConfabWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *draft = NULL;
  gint64 id = current_id (self);

  /* Before the first chat is shown, the composer holds nobody's text. */
  if (self->store == NULL || self->recorder == NULL)
    return;

  /* A chat that was just deleted keeps nothing. */
  if (id != 0 && confab_store_lookup_conversation (self->store, id) == NULL)
    return;

  draft = confab_composer_get_text (self->composer);
  if (g_strcmp0 (draft, confab_store_get_draft (self->store, id)) == 0)
    return;

  if (!confab_store_set_draft (self->store, id, draft, &error))
    g_warning ("Could not keep the draft: %s", error->message);
}

static void
recorder_failed_cb (ConfabWindow   *self,
                    const GError   *error,
                    ConfabRecorder *recorder)
{
  g_autofree char *text = g_strdup_printf (_("Could not save the conversation: %s"), error->message);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
}

static void
recorder_id_cb (ConfabWindow   *self,
                GParamSpec     *pspec,
                ConfabRecorder *recorder)
{
  gint64 id = confab_recorder_get_conversation_id (recorder);

  if (recorder != self->recorder)
    return;

  /* The new chat's draft was sent: it is this conversation now. */
  confab_store_set_draft (self->store, 0, "", NULL);

  confab_sidebar_select (self->sidebar, id);
  confab_store_set_last_conversation (self->store, id, NULL);
}

/* Shows @conversation, kept as @conversation_id (0 for a new chat). */
static void
show_conversation (ConfabWindow       *self,
                   ConfabConversation *conversation,
                   gint64              conversation_id)
{
  const char *draft = NULL;

  save_draft (self);

  if (self->recorder != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->recorder, self);
      g_clear_object (&self->recorder);
    }

  confab_window_set_conversation (self, conversation);

  if (self->store == NULL)
    return;

  self->recorder = confab_recorder_new (self->store, conversation, conversation_id);
  g_signal_connect_object (self->recorder, "failed",
                           G_CALLBACK (recorder_failed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->recorder, "notify::conversation-id",
                           G_CALLBACK (recorder_id_cb),
                           self, G_CONNECT_SWAPPED);

  draft = confab_store_get_draft (self->store, conversation_id);
  confab_composer_set_text (self->composer, draft != NULL ? draft : "");

  confab_sidebar_select (self->sidebar, conversation_id);
  confab_store_set_last_conversation (self->store, conversation_id, NULL);
}

static void
show_content (ConfabWindow *self)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  adw_navigation_split_view_set_show_content (ADW_NAVIGATION_SPLIT_VIEW (self->split), TRUE);
#else
  adw_leaflet_set_visible_child (ADW_LEAFLET (self->split), GTK_WIDGET (self->content_box));
#endif
}

/* Brings a message found by search into view. */
static void
scroll_to_message (ConfabWindow *self,
                   gint64        message_id)
{
  GListModel *model = G_LIST_MODEL (self->conversation);
  guint n_items = g_list_model_get_n_items (model);

  if (message_id == 0)
    return;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (model, i);

      if (confab_message_get_id (message) == message_id)
        {
          self->stick_to_bottom = FALSE;
          gtk_widget_activate_action (GTK_WIDGET (self->message_list), "list.scroll-to-item", "u",
                                      confab_tail_model_show_position (self->tail, i));
          break;
        }
    }
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Loading *loading = user_data;
  ConfabWindow *self = loading->self;
  g_autoptr(GListStore) messages = NULL;
  g_autoptr(GError) error = NULL;

  messages = confab_store_load_messages_finish (CONFAB_STORE (object), result, &error);

  if (messages == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not open the conversation: %s"), error->message);

      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
    }
  else if (self->composer != NULL)
    {
      g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
      ConfabConversationInfo *info = confab_store_lookup_conversation (CONFAB_STORE (object), loading->conversation_id);

      if (info != NULL)
        {
          confab_conversation_set_model (conversation, confab_conversation_info_get_model (info));
          confab_conversation_set_system_prompt (conversation, confab_conversation_info_get_system_prompt (info));
        }

      confab_conversation_append_all (conversation, G_LIST_MODEL (messages));
      show_conversation (self, conversation, loading->conversation_id);
      scroll_to_message (self, loading->message_id);
    }

  g_object_unref (loading->self);
  g_free (loading);
}

static void
open_conversation (ConfabWindow *self,
                   gint64        conversation_id,
                   gint64        message_id)
{
  Loading *loading;

  if (self->store == NULL)
    return;

  if (conversation_id == current_id (self))
    {
      scroll_to_message (self, message_id);
      return;
    }

  loading = g_new0 (Loading, 1);
  loading->self = g_object_ref (self);
  loading->conversation_id = conversation_id;
  loading->message_id = message_id;

  confab_store_load_messages_async (self->store, conversation_id, NULL, load_cb, loading);
}

static void
conversation_activated_cb (ConfabWindow  *self,
                           gint64         conversation_id,
                           ConfabSidebar *sidebar)
{
  open_conversation (self, conversation_id, 0);
  show_content (self);
}

static void
message_activated_cb (ConfabWindow  *self,
                      gint64         conversation_id,
                      gint64         message_id,
                      ConfabSidebar *sidebar)
{
  open_conversation (self, conversation_id, message_id);
  show_content (self);
}

/* Opens a conversation by id, as the usage window does when a
 * conversation is activated there.
 */
static void
open_conversation_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  ConfabWindow *self = CONFAB_WINDOW (widget);

  open_conversation (self, g_variant_get_int64 (parameter), 0);
  show_content (self);
  gtk_window_present (GTK_WINDOW (self));
}

static void
new_chat_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ConfabWindow *self = CONFAB_WINDOW (widget);
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();

  show_conversation (self, conversation, 0);
  show_content (self);
}

static void
show_chats_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ConfabWindow *self = CONFAB_WINDOW (widget);

#if ADW_CHECK_VERSION (1, 4, 0)
  adw_navigation_split_view_set_show_content (ADW_NAVIGATION_SPLIT_VIEW (self->split), FALSE);
#else
  adw_leaflet_set_visible_child (ADW_LEAFLET (self->split), GTK_WIDGET (self->sidebar));
#endif
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ConfabWindow *self = CONFAB_WINDOW (widget);

  if (self->store == NULL)
    return;

  show_chats_action (widget, NULL, NULL);
  confab_sidebar_start_search (self->sidebar);
}

/* A deleted chat is only trashed while its toast offers Undo. */
static void
undo_delete_cb (AdwToast     *toast,
                ConfabWindow *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "conversation-id"));

  g_object_set_data (G_OBJECT (toast), "undone", GINT_TO_POINTER (TRUE));
  if (self->store != NULL)
    confab_store_restore_conversation (self->store, id, NULL);
}

static void
toast_dismissed_cb (AdwToast     *toast,
                    ConfabWindow *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "conversation-id"));

  if (g_object_get_data (G_OBJECT (toast), "undone") == NULL && self->store != NULL)
    confab_store_delete_conversation (self->store, id, NULL);
}

static void
delete_conversation_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  ConfabWindow *self = CONFAB_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (self->store == NULL)
    return;

  if (!confab_store_trash_conversation (self->store, id, &error))
    {
      gtk_widget_activate_action (widget, "win.toast", "s", error->message);
      return;
    }

  if (id == current_id (self))
    {
      g_autoptr(ConfabConversation) conversation = confab_conversation_new ();

      show_conversation (self, conversation, 0);
    }

  toast = adw_toast_new (_("Chat deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data (G_OBJECT (toast), "conversation-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_delete_cb), self, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
rename_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    ConfabWindow     *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "conversation-id"));
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "rename") != 0 || *title == '\0' || self->store == NULL)
    return;

  if (!confab_store_rename_conversation (self->store, id, title, &error))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
}

static void
rename_conversation_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  ConfabWindow *self = CONFAB_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);
  ConfabConversationInfo *info;
  GtkWidget *dialog;
  GtkWidget *entry;

  if (self->store == NULL || !(info = confab_store_lookup_conversation (self->store, id)))
    return;

  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), confab_conversation_info_get_title (info));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Title"),
                                  -1);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Rename Chat"), NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "conversation-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (rename_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
dup_title (ConfabWindow *self)
{
  ConfabConversationInfo *info = NULL;
  g_autoptr(ConfabMessage) first = NULL;

  if (self->store != NULL && current_id (self) != 0)
    info = confab_store_lookup_conversation (self->store, current_id (self));

  if (info != NULL && *confab_conversation_info_get_title (info) != '\0')
    return g_strdup (confab_conversation_info_get_title (info));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->conversation)) > 0 &&
      (first = g_list_model_get_item (G_LIST_MODEL (self->conversation), 0)))
    return confab_store_title_from_prompt (confab_message_get_content (first));

  return g_strdup (_("Chat"));
}

static void
export_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ConfabWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not export the chat: %s"), error->message);

      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
      return;
    }

  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", _("Chat exported"));
}

static void
export_to_file (ConfabWindow *self,
                GFile        *file,
                gboolean      json)
{
  g_autofree char *title = dup_title (self);
  char *text;
  GBytes *bytes;

  if (json)
    text = confab_export_to_json (title, G_LIST_MODEL (self->conversation));
  else
    text = confab_export_to_markdown (title, G_LIST_MODEL (self->conversation));

  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, export_written_cb, g_object_ref (self));
  g_bytes_unref (bytes);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
export_dialog_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ConfabWindow) self = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, NULL);

  if (file != NULL)
    export_to_file (self, file, GPOINTER_TO_INT (g_object_get_data (object, "json")));
}
#else
static void
export_chooser_cb (GtkNativeDialog *chooser,
                   int              response,
                   ConfabWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      export_to_file (self, file, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "json")));
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}
#endif

/* Exports the conversation shown through the file chooser portal. */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ConfabWindow *self = CONFAB_WINDOW (widget);
  gboolean json = g_str_equal (g_variant_get_string (parameter, NULL), "json");
  g_autofree char *title = dup_title (self);
  g_autofree char *name = g_strdup_printf ("%s.%s", title, json ? "json" : "md");

  /* Titles come from prompts: no path separators in a file name. */
  g_strdelimit (name, "/\\", '-');

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, _("Export Chat"));
    gtk_file_dialog_set_initial_name (dialog, name);
    g_object_set_data (G_OBJECT (dialog), "json", GINT_TO_POINTER (json));
    gtk_file_dialog_save (dialog, GTK_WINDOW (self), NULL, export_dialog_cb, g_object_ref (self));
  }
#else
  {
    GtkFileChooserNative *chooser;

    chooser = gtk_file_chooser_native_new (_("Export Chat"), GTK_WINDOW (self),
                                           GTK_FILE_CHOOSER_ACTION_SAVE,
                                           _("_Export"), _("_Cancel"));
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    g_object_set_data (G_OBJECT (chooser), "json", GINT_TO_POINTER (json));
    g_signal_connect (chooser, "response", G_CALLBACK (export_chooser_cb), self);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  }
#endif
}

static void
update_folded (ConfabWindow *self)
{
  gboolean folded;

#if ADW_CHECK_VERSION (1, 4, 0)
  folded = adw_navigation_split_view_get_collapsed (ADW_NAVIGATION_SPLIT_VIEW (self->split));
#else
  folded = adw_leaflet_get_folded (ADW_LEAFLET (self->split));
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (confab_sidebar_get_header_bar (self->sidebar)), folded);
  adw_header_bar_set_show_start_title_buttons (self->content_header, folded);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), folded);
#endif

  /* The sidebar's New Chat button is enough next to it; folded, the
   * header needs the room, and the menu and Ctrl+N remain.
   */
  gtk_widget_set_visible (GTK_WIDGET (self->new_chat_button), FALSE);
}

void
confab_window_history_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-chat", NULL, new_chat_action);
  gtk_widget_class_install_action (widget_class, "win.show-chats", NULL, show_chats_action);
  gtk_widget_class_install_action (widget_class, "win.delete-conversation", "x", delete_conversation_action);
  gtk_widget_class_install_action (widget_class, "win.rename-conversation", "x", rename_conversation_action);
  gtk_widget_class_install_action (widget_class, "win.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.open-conversation", "x", open_conversation_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
}

/* Puts the sidebar and the conversation side by side, or one after the
 * other on narrow windows.
 */
void
confab_window_history_init (ConfabWindow *self)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  AdwNavigationPage *sidebar_page;
  AdwNavigationPage *content_page;
  AdwBreakpoint *breakpoint;

  self->split = adw_navigation_split_view_new ();
  sidebar_page = adw_navigation_page_new (GTK_WIDGET (self->sidebar), _("Chats"));
  content_page = adw_navigation_page_new (GTK_WIDGET (self->content_box), "Confab");
  adw_navigation_split_view_set_sidebar (ADW_NAVIGATION_SPLIT_VIEW (self->split), sidebar_page);
  adw_navigation_split_view_set_content (ADW_NAVIGATION_SPLIT_VIEW (self->split), content_page);

  breakpoint = adw_breakpoint_new (adw_breakpoint_condition_parse ("max-width: 600sp"));
  adw_breakpoint_add_setter (breakpoint, G_OBJECT (self->split), "collapsed", &(GValue) G_VALUE_INIT);
  {
    GValue collapsed = G_VALUE_INIT;

    g_value_init (&collapsed, G_TYPE_BOOLEAN);
    g_value_set_boolean (&collapsed, TRUE);
    adw_breakpoint_add_setter (breakpoint, G_OBJECT (self->split), "collapsed", &collapsed);
  }
  adw_application_window_add_breakpoint (ADW_APPLICATION_WINDOW (self), breakpoint);
  g_signal_connect_object (self->split, "notify::collapsed", G_CALLBACK (update_folded), self, G_CONNECT_SWAPPED);
#else
  self->split = adw_leaflet_new ();
  adw_leaflet_set_can_navigate_back (ADW_LEAFLET (self->split), TRUE);
  adw_leaflet_append (ADW_LEAFLET (self->split), GTK_WIDGET (self->sidebar));
  adw_leaflet_page_set_navigatable (adw_leaflet_append (ADW_LEAFLET (self->split),
                                                        gtk_separator_new (GTK_ORIENTATION_VERTICAL)),
                                    FALSE);
  adw_leaflet_append (ADW_LEAFLET (self->split), GTK_WIDGET (self->content_box));
  adw_leaflet_set_visible_child (ADW_LEAFLET (self->split), GTK_WIDGET (self->content_box));
  g_signal_connect_object (self->split, "notify::folded", G_CALLBACK (update_folded), self, G_CONNECT_SWAPPED);
#endif

  gtk_widget_set_hexpand (GTK_WIDGET (self->content_box), TRUE);
  gtk_box_insert_child_after (self->content_box,
                              GTK_WIDGET (self->store_error_revealer),
                              GTK_WIDGET (self->content_header));
  adw_toast_overlay_set_child (self->toast_overlay, self->split);
  update_folded (self);

  g_signal_connect_object (self->sidebar, "conversation-activated",
                           G_CALLBACK (conversation_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "message-activated",
                           G_CALLBACK (message_activated_cb),
                           self, G_CONNECT_SWAPPED);
}

/* Opens the history and the conversation of last time. */
void
confab_window_history_load (ConfabWindow *self)
{
  ConfabApplication *app = CONFAB_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  const GError *error = confab_application_get_store_error (app);
  gint64 last;

  g_set_object (&self->store, confab_application_get_store (app));

  if (self->store == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Conversations are not kept: %s"),
                                               error != NULL ? error->message : "");

      gtk_label_set_text (self->store_error_label, text);
      gtk_revealer_set_reveal_child (self->store_error_revealer, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->sidebar), FALSE);
      show_conversation (self, conversation, 0);
      return;
    }

  confab_sidebar_set_store (self->sidebar, self->store);

  last = confab_store_get_last_conversation (self->store);
  show_conversation (self, conversation, 0);

  if (last != 0 && confab_store_lookup_conversation (self->store, last) != NULL)
    open_conversation (self, last, 0);
}

void
confab_window_history_dispose (ConfabWindow *self)
{
  if (self->composer != NULL)
    save_draft (self);

  if (self->recorder != NULL)
    g_signal_handlers_disconnect_by_data (self->recorder, self);

  g_clear_object (&self->recorder);
  g_clear_object (&self->store);
}
