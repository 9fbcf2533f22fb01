/* confab-save-file.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-save-file.h"

/* Where to save a file, asked once for every export: through
 * GtkFileDialog from GTK 4.10 on, through GtkFileChooserNative before
 * it; both use the file chooser portal when there is one.  Here, beside
 * the tooltip helper, because the Usage window (ui/usage/) and the main
 * window (ui/) both export, and ui/usage/ may not include ui/.
 */

#if GTK_CHECK_VERSION (4, 10, 0)
static void
dialog_save_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GFile *file;

  file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, &error);

  if (file != NULL)
    g_task_return_pointer (task, file, g_object_unref);
  else if (g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) ||
           g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}
#else
static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;

  g_signal_handlers_disconnect_by_func (chooser, chooser_response_cb, user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    g_task_return_pointer (task, gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser)), g_object_unref);
  else
    g_task_return_pointer (task, NULL, NULL);

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}
#endif

/**
 * confab_save_file_async:
 * @parent: the window the dialog belongs to
 * @title: the dialog's title
 * @accept_label: the label of its button that saves, with a mnemonic
 * @initial_name: the file name it proposes
 *
 * Asks, in a modal dialog over @parent, where to save a file.  The task's
 * source object is @parent, which it keeps until the dialog is answered.
 */
void
confab_save_file_async (GtkWindow           *parent,
                        const char          *title,
                        const char          *accept_label,
                        const char          *initial_name,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (title != NULL);
  g_return_if_fail (accept_label != NULL);
  g_return_if_fail (initial_name != NULL);

  task = g_task_new (parent, NULL, callback, user_data);
  g_task_set_source_tag (task, confab_save_file_async);

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, title);
    gtk_file_dialog_set_accept_label (dialog, accept_label);
    gtk_file_dialog_set_initial_name (dialog, initial_name);
    gtk_file_dialog_save (dialog, parent, NULL, dialog_save_cb, g_steal_pointer (&task));
  }
#else
  {
    GtkFileChooserNative *chooser;

    chooser = gtk_file_chooser_native_new (title, parent,
                                           GTK_FILE_CHOOSER_ACTION_SAVE,
                                           accept_label, _("_Cancel"));
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), initial_name);
    g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), g_steal_pointer (&task));
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  }
#endif
}

/**
 * confab_save_file_finish:
 *
 * Returns: (transfer full) (nullable): the file chosen; %NULL when none
 *   was, which is no error, or with @error set when the dialog failed
 */
GFile *
confab_save_file_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == confab_save_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
