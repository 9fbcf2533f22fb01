/* confab-test-save-dialog.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-test-save-dialog.h"
#include "confab-test-server.h"

typedef struct
{
  GtkWindow *parent;
  GtkWidget *dialog;
} DialogWait;

/* Without a file chooser portal (as in the tests), GtkFileDialog and
 * GtkFileChooserNative both show a GtkFileChooserDialog.
 */
static gboolean
find_save_dialog (gpointer data)
{
  DialogWait *wait = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (toplevel) &&
          gtk_window_get_transient_for (toplevel) == wait->parent &&
          gtk_widget_get_mapped (GTK_WIDGET (toplevel)))
        {
          wait->dialog = GTK_WIDGET (toplevel);
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * confab_test_answer_save_dialog:
 * @parent: the window the dialog belongs to
 * @title: the title it must have
 * @folder: (nullable): the folder to save in, or %NULL to cancel
 *
 * Waits for @parent's dialog that asks where to save a file, checks that
 * it is modal, titled @title, with a button "_Export", and answers it.
 *
 * Returns: (transfer full): the file name the dialog proposed
 */
char *
confab_test_answer_save_dialog (GtkWindow  *parent,
                                const char *title,
                                const char *folder)
{
  DialogWait wait = { parent, NULL };
  GtkFileChooser *chooser;
  GtkWidget *button;
  char *name;

  confab_test_run_until (find_save_dialog, &wait);
  chooser = GTK_FILE_CHOOSER (wait.dialog);

  /* GtkFileChooserDialog, deprecated since GTK 4.10, is still what
   * GtkFileDialog shows without a portal: the test answers it as such.
   */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS

  g_assert_true (gtk_window_get_modal (GTK_WINDOW (wait.dialog)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (wait.dialog)), ==, title);
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_SAVE);
  button = gtk_dialog_get_widget_for_response (GTK_DIALOG (wait.dialog), GTK_RESPONSE_ACCEPT);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Export");

  name = gtk_file_chooser_get_current_name (chooser);

  if (folder != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      /* As typed in its name entry: the folder the dialog opened in
       * depends on where the test runs.
       */
      gtk_file_chooser_set_current_name (chooser, path);
      gtk_dialog_response (GTK_DIALOG (wait.dialog), GTK_RESPONSE_ACCEPT);
    }
  else
    {
      gtk_dialog_response (GTK_DIALOG (wait.dialog), GTK_RESPONSE_CANCEL);
    }
  G_GNUC_END_IGNORE_DEPRECATIONS

  return name;
}
