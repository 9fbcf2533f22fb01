/* test-save-file.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one dialog that asks where to save a file, which both the chat
 * window and the Usage window export through: on GTK 4.8 a
 * GtkFileChooserNative, from 4.10 on a GtkFileDialog.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "confab-save-file.h"
#include "confab-test-save-dialog.h"
#include "confab-test-server.h"
#include "confab-test-ui.h"

typedef struct
{
  GtkWindow *parent;
  char      *folder;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->folder = g_dir_make_tmp ("confab-test-save-file-XXXXXX", NULL);
  g_assert_nonnull (fixture->folder);

  fixture->parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (fixture->parent);
  confab_test_run_until (confab_test_widget_is_mapped, fixture->parent);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->parent);
  confab_test_remove_tree (fixture->folder);
  g_free (fixture->folder);
}

/* The file chosen comes back, in the folder chosen, under the name the
 * dialog proposed; the dialog was the parent's, with its title.
 */
static void
test_save_file_accept (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GObject) source = NULL;

  confab_save_file_async (fixture->parent, "Export Test", "_Export", "chat.md",
                          confab_test_store_result_cb, &result);

  name = confab_test_answer_save_dialog (fixture->parent, "Export Test", fixture->folder);
  g_assert_cmpstr (name, ==, "chat.md");

  confab_test_wait_for_result (&result);
  source = g_async_result_get_source_object (result);
  g_assert_true (source == (GObject *) fixture->parent);
  file = confab_save_file_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);

  path = g_file_get_path (file);
  expected = g_build_filename (fixture->folder, "chat.md", NULL);
  g_assert_cmpstr (path, ==, expected);

  /* Nothing is written: that is the caller's part. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Cancelled, the dialog gives no file and no error. */
static void
test_save_file_cancel (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  confab_save_file_async (fixture->parent, "Export Test", "_Export", "usage.csv",
                          confab_test_store_result_cb, &result);

  name = confab_test_answer_save_dialog (fixture->parent, "Export Test", NULL);
  g_assert_cmpstr (name, ==, "usage.csv");

  confab_test_wait_for_result (&result);
  file = confab_save_file_finish (result, &error);
  g_assert_no_error (error);
  g_assert_null (file);
}

int
main (int   argc,
      char *argv[])
{
  confab_test_ui_init (&argc, &argv);
  adw_init ();

  g_test_add ("/save-file/accept", Fixture, NULL, fixture_set_up, test_save_file_accept, fixture_tear_down);
  g_test_add ("/save-file/cancel", Fixture, NULL, fixture_set_up, test_save_file_cancel, fixture_tear_down);

  return g_test_run ();
}
