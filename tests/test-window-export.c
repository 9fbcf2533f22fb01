/* test-window-export.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exports of the real window made and written on a worker: the JSON
 * export of a chat with a large image is whole, and it is so even when
 * the window closes while it is written.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "confab-attachment.h"
#include "confab-test-fixtures.h"
#include "confab-test-save-dialog.h"
#include "confab-test-ui.h"
#include "confab-test-window.h"

/* A real PNG of about 19 MB: the size of image whose data URL held the
 * main thread a quarter of a second.  Its pixels are noise from a fixed
 * seed, which no compression shrinks: a gdk-pixbuf that saves through
 * another encoder than libpng's, or ignores the "compression" option,
 * still writes a PNG this large.
 */
#define LARGE_SIDE 2200

static GBytes *
make_large_png (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, LARGE_SIDE, LARGE_SIDE);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261204);
  g_autoptr(GError) error = NULL;
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  char *buffer = NULL;
  gsize size = 0;

  for (int y = 0; y < LARGE_SIDE; y++)
    for (int x = 0; x < LARGE_SIDE * 4; x += 4)
      {
        guint32 value = g_rand_int (rand);

        memcpy (pixels + (gsize) y * stride + x, &value, 4);
      }
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error,
                                            "compression", "0", NULL));
  g_assert_no_error (error);
  g_assert_cmpuint (size, >, 18 * 1000 * 1000);
  g_assert_cmpuint (size, <, CONFAB_ATTACHMENT_MAX_SIZE);

  return g_bytes_new_take (buffer, size);
}

typedef struct
{
  GApplication *app;
  gboolean      busy;
} BusyWait;

/* Whether the application is @wait->busy. */
static gboolean
busy_is (gpointer data)
{
  BusyWait *wait = data;

  return g_application_get_is_busy (wait->app) == wait->busy;
}

/* Sends a prompt with the large image, and asks to export the chat as
 * JSON into @folder.
 */
static GBytes *
send_and_export (ConfabTestWindow *fixture,
                 const char       *folder)
{
  g_autoptr(GBytes) png = make_large_png ();
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *name = NULL;

  g_ptr_array_add (images, confab_attachment_new ("large.png", "image/png", png));
  confab_composer_set_attachments (fixture->composer, images);
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_window_send_prompt (fixture, "Describe this image");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.export", "s", "json");
  name = confab_test_answer_save_dialog (GTK_WINDOW (fixture->window), "Export Chat", folder);
  g_assert_cmpstr (name, ==, "Describe this image.json");

  return g_steal_pointer (&png);
}

/* The file holds the chat with the image's data URL whole. */
static void
assert_export (const char *path,
               GBytes     *png)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *base64 = g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  g_autofree char *expected = g_strconcat ("data:image/png;base64,", base64, NULL);
  JsonArray *messages;
  JsonObject *prompt;
  JsonArray *parts;
  JsonObject *image;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  messages = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  prompt = json_array_get_object_element (messages, 0);
  g_assert_cmpstr (json_object_get_string_member (prompt, "content"), ==, "Describe this image");
  parts = json_object_get_array_member (prompt, "parts");
  g_assert_cmpuint (json_array_get_length (parts), ==, 2);
  image = json_array_get_object_element (parts, 1);
  g_assert_cmpstr (json_object_get_string_member (image, "name"), ==, "large.png");
  g_assert_true (g_str_equal (json_object_get_string_member (json_object_get_object_member (image, "image_url"), "url"),
                              expected));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1), "content"), ==,
                   CONFAB_TEST_SEED_CONTENT);
}

/* The export is made and written on a worker, while the application
 * says it is busy, and the file holds the image whole.
 */
static void
test_export_large_image (ConfabTestWindow *fixture,
                         gconstpointer     data)
{
  g_autofree char *folder = g_dir_make_tmp ("confab-test-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (folder, "Describe this image.json", NULL);
  g_autoptr(GBytes) png = send_and_export (fixture, folder);
  BusyWait wait = { G_APPLICATION (fixture->app), TRUE };

  confab_test_run_until (busy_is, &wait);
  wait.busy = FALSE;
  confab_test_run_until (busy_is, &wait);
  assert_export (path, png);

  confab_test_remove_tree (folder);
}

/* The window closes as soon as the export starts: the application is
 * held until the file is written, and nothing of it is lost.
 */
static void
test_export_window_closed (ConfabTestWindow *fixture,
                           gconstpointer     data)
{
  g_autofree char *folder = g_dir_make_tmp ("confab-test-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (folder, "Describe this image.json", NULL);
  g_autoptr(GBytes) png = send_and_export (fixture, folder);
  BusyWait wait = { G_APPLICATION (fixture->app), TRUE };

  confab_test_run_until (busy_is, &wait);
  confab_exchanges_stop_all (confab_application_get_exchanges (fixture->app));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_true (g_application_get_is_busy (G_APPLICATION (fixture->app)));

  wait.busy = FALSE;
  confab_test_run_until (busy_is, &wait);
  assert_export (path, png);

  /* A window again, for the fixture to close. */
  fixture->window = confab_window_new (fixture->app);
  gtk_window_present (GTK_WINDOW (fixture->window));
  confab_test_run_until (confab_test_widget_is_mapped, fixture->window);

  confab_test_remove_tree (folder);
}

int
main (int   argc,
      char *argv[])
{
  /* The tests answer the English save dialog. */
  g_setenv ("LANGUAGE", "C", TRUE);
  confab_test_window_init (&argc, &argv);

  confab_test_window_add ("/window-export/large-image", NULL, test_export_large_image);
  confab_test_window_add ("/window-export/window-closed", NULL, test_export_window_closed);

  return confab_test_window_run ();
}
