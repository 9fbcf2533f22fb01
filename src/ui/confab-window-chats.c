/* confab-window-chats.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-export.h"
#include "confab-save-file.h"
#include "confab-window-private.h"

/* What the window does to a kept chat: delete it with Undo, rename it,
 * export it.
 */

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
  ConfabConversation *live;
  AdwToast *toast;

  if (self->store == NULL)
    return;

  /* An answer on its way in a deleted chat would go on costing tokens
   * for nobody: it stops first, and keeps what came, for Undo.
   */
  if ((live = confab_exchanges_lookup (self->exchanges, id)) != NULL)
    confab_exchanges_stop (self->exchanges, live);

  if (!confab_store_trash_conversation (self->store, id, &error))
    {
      gtk_widget_activate_action (widget, "win.toast", "s", error->message);
      return;
    }

  /* Every window that showed it goes to a new chat. */
  for (GList *l = gtk_application_get_windows (gtk_window_get_application (GTK_WINDOW (self))); l != NULL; l = l->next)
    {
      if (CONFAB_IS_WINDOW (l->data) && id == confab_window_history_get_current_id (l->data))
        confab_window_history_show_new_chat (l->data);
    }

  toast = adw_toast_new (_("Chat deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data (G_OBJECT (toast), "conversation-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_delete_cb), self, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* AdwMessageDialog is deprecated from libadwaita 1.5 on: AdwAlertDialog
 * there, with the same responses and extra child.
 */
#if ADW_CHECK_VERSION (1, 5, 0)
typedef AdwAlertDialog RenameDialog;
#define rename_dialog_get_extra_child adw_alert_dialog_get_extra_child
#else
typedef AdwMessageDialog RenameDialog;
#define rename_dialog_get_extra_child adw_message_dialog_get_extra_child
#endif

static void
rename_response_cb (RenameDialog *dialog,
                    const char   *response,
                    ConfabWindow *self)
{
  GtkEditable *entry = GTK_EDITABLE (rename_dialog_get_extra_child (dialog));
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
  GObject *dialog;
  GtkWidget *entry;

  if (self->store == NULL || !(info = confab_store_lookup_conversation (self->store, id)))
    return;

  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), confab_conversation_info_get_title (info));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Title"),
                                  -1);

#if ADW_CHECK_VERSION (1, 5, 0)
  dialog = G_OBJECT (adw_alert_dialog_new (_("Rename Chat"), NULL));
  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (dialog), entry);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog),
                                  "cancel", _("_Cancel"),
                                  "rename", _("_Rename"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "rename", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "rename");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
#else
  dialog = G_OBJECT (adw_message_dialog_new (GTK_WINDOW (self), _("Rename Chat"), NULL));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
#endif
  g_object_set_data (dialog, "conversation-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (rename_response_cb), self, 0);
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (self));
#else
  gtk_window_present (GTK_WINDOW (dialog));
#endif
}

static char *
dup_title (ConfabWindow *self)
{
  ConfabConversationInfo *info = NULL;
  g_autoptr(ConfabMessage) first = NULL;

  if (self->store != NULL && confab_window_history_get_current_id (self) != 0)
    info = confab_store_lookup_conversation (self->store, confab_window_history_get_current_id (self));

  if (info != NULL && *confab_conversation_info_get_title (info) != '\0')
    return g_strdup (confab_conversation_info_get_title (info));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->conversation)) > 0 &&
      (first = g_list_model_get_item (G_LIST_MODEL (self->conversation), 0)))
    return confab_store_title_from_prompt (confab_message_get_content (first));

  return g_strdup (_("Chat"));
}

/* An export on its way: the window may close meanwhile, and then the
 * application waits for the file (it is held, and says it is busy).
 */
typedef struct
{
  GApplication *app;
  GWeakRef      window;
} Export;

static void
export_free (Export *export)
{
  g_application_unmark_busy (export->app);
  g_application_release (export->app);
  g_clear_object (&export->app);
  g_weak_ref_clear (&export->window);
  g_free (export);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Export, export_free)

static void
export_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Export) export = user_data;
  g_autoptr(GtkWidget) window = g_weak_ref_get (&export->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!confab_export_write_finish (result, &error))
    text = g_strdup_printf (_("Could not export the chat: %s"), error->message);

  /* A window closed since has no toast to show. */
  if (window == NULL)
    {
      if (text != NULL)
        g_message ("%s", text);
      return;
    }

  gtk_widget_activate_action (window, "win.toast", "s", text != NULL ? text : _("Chat exported"));
}

/* The chat shown is copied here; its export is made and written on a
 * worker, since the data URL of a large image takes a while.
 */
static void
export_to_file (ConfabWindow *self,
                GFile        *file,
                gboolean      json)
{
  g_autofree char *title = dup_title (self);
  ConfabExportParameters parameters = CONFAB_EXPORT_PARAMETERS_INIT;
  ConfabChatOptions options;
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  Export *export;

  /* What its requests carry: the chat's own or Preferences' defaults. */
  confab_exchanges_get_options (self->exchanges, self->conversation, &options);
  parameters.temperature = options.temperature;
  parameters.max_output_tokens = options.max_output_tokens;
  parameters.reasoning_effort = options.reasoning_effort;

  export = g_new0 (Export, 1);
  export->app = g_object_ref (app);
  g_weak_ref_init (&export->window, self);
  g_application_hold (app);
  g_application_mark_busy (app);

  confab_export_write_async (file, json ? CONFAB_EXPORT_JSON : CONFAB_EXPORT_MARKDOWN,
                             title, G_LIST_MODEL (self->conversation), &parameters,
                             NULL, export_written_cb, export);
}

static void
export_chosen_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GFile) file = confab_save_file_finish (result, NULL);

  if (file != NULL)
    export_to_file (CONFAB_WINDOW (object), file, GPOINTER_TO_INT (user_data));
}

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

  confab_save_file_async (GTK_WINDOW (self), _("Export Chat"), _("_Export"), name,
                          export_chosen_cb, GINT_TO_POINTER (json));
}

void
confab_window_chats_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.delete-conversation", "x", delete_conversation_action);
  gtk_widget_class_install_action (widget_class, "win.rename-conversation", "x", rename_conversation_action);
  gtk_widget_class_install_action (widget_class, "win.export", "s", export_action);
}
