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

static guint
count_toggle_buttons (GtkWidget *widget)
{
  guint n = GTK_IS_TOGGLE_BUTTON (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_toggle_buttons (child);

  return n;
}

static GtkWidget *
find_path_bar (GtkWidget *widget)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkPathBar"))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *path_bar = find_path_bar (child);

      if (path_bar != NULL)
        return path_bar;
    }

  return NULL;
}

/* Whether the dialog's path bar shows its current folder: one button
 * for each folder from the root down to it.
 *
 * The path bar fills in its buttons with one query per folder, from the
 * folder the dialog opens in (the process's working directory) up to
 * the root. GTK 4.18 (gtk/gtkpathbar.c) crashes when the dialog goes
 * while that chain is past its first folder: the cancelled query's
 * callback removes the buttons it made from the path bar's box, which
 * went with the dialog (gtk_box_remove on freed memory, or the critical
 * 'GTK_IS_BOX (box)'); GTK 4.24 crashed the same way. Answered only
 * once the chain has ended, the dialog goes with nothing of its path
 * bar pending.
 */
static gboolean
path_bar_is_filled (gpointer data)
{
  GtkWidget *dialog = data;
  GtkWidget *path_bar = find_path_bar (dialog);
  GFile *folder;
  guint n_folders = 0;

  /* A GTK without this path bar has nothing to wait for. */
  if (path_bar == NULL)
    return TRUE;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  folder = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (dialog));
  G_GNUC_END_IGNORE_DEPRECATIONS
  if (folder == NULL)
    return FALSE;

  while (folder != NULL)
    {
      GFile *parent = g_file_get_parent (folder);

      n_folders++;
      g_object_unref (folder);
      folder = parent;
    }

  return count_toggle_buttons (path_bar) == n_folders;
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
  confab_test_run_until (path_bar_is_filled, wait.dialog);

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
