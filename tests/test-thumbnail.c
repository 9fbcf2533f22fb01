/* test-thumbnail.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thumbnails of attached images, made on a worker: a WebP image gets
 * one where GdkPixbuf has a loader for WebP (webp-pixbuf-loader on
 * Debian, which build-aux/confab-dev installs).
 */

#include "config.h"

#include <gtk/gtk.h>

#include "confab-test-server.h"
#include "confab-test-ui.h"
#include "confab-thumbnail.h"

/* A lossless WebP image of 16 × 8 red pixels, made with ImageMagick
 * (convert -size 16x8 xc:red -define webp:lossless=true red.webp).
 */
static const guint8 red_webp[] = {
  0x52, 0x49, 0x46, 0x46, 0x1c, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50,
  0x56, 0x50, 0x38, 0x4c, 0x0f, 0x00, 0x00, 0x00, 0x2f, 0x0f, 0xc0, 0x01,
  0x00, 0x07, 0x10, 0xfd, 0x8f, 0xfe, 0x07, 0x22, 0xa2, 0xff, 0x01, 0x00,
};

static gboolean
has_webp_loader (void)
{
  g_autoptr(GSList) formats = gdk_pixbuf_get_formats ();

  for (GSList *l = formats; l != NULL; l = l->next)
    {
      g_autofree char *name = gdk_pixbuf_format_get_name (l->data);

      if (g_str_equal (name, "webp"))
        return TRUE;
    }

  return FALSE;
}

/* The thumbnail is the middle square of the image: 8 × 8 red pixels. */
static void
test_thumbnail_webp (void)
{
  g_autoptr(GBytes) data = g_bytes_new_static (red_webp, sizeof red_webp);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConfabAttachment) image = NULL;
  guint8 pixel[4] = { 0 };
  GdkPaintable *thumbnail;

  if (!has_webp_loader ())
    {
      g_test_skip ("GdkPixbuf has no loader for WebP here (webp-pixbuf-loader)");
      return;
    }

  confab_thumbnail_load_bytes_async ("red.webp", data, NULL, confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  image = confab_thumbnail_load_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confab_attachment_get_mime_type (image), ==, "image/webp");
  g_assert_cmpint (confab_attachment_get_width (image), ==, 16);
  g_assert_cmpint (confab_attachment_get_height (image), ==, 8);

  thumbnail = confab_thumbnail_get (image);
  g_assert_true (GDK_IS_TEXTURE (thumbnail));
  g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (thumbnail)), ==, 8);
  g_assert_cmpint (gdk_texture_get_height (GDK_TEXTURE (thumbnail)), ==, 8);

  /* Downloaded as B, G, R, A in memory (GDK_MEMORY_DEFAULT). */
  {
    g_autofree guint8 *pixels = g_malloc (8 * 8 * 4);

    gdk_texture_download (GDK_TEXTURE (thumbnail), pixels, 8 * 4);
    memcpy (pixel, pixels + (4 * 8 + 4) * 4, 4);
  }
  g_assert_cmpuint (pixel[0], ==, 0x00);
  g_assert_cmpuint (pixel[1], ==, 0x00);
  g_assert_cmpuint (pixel[2], ==, 0xff);
  g_assert_cmpuint (pixel[3], ==, 0xff);
}

int
main (int   argc,
      char *argv[])
{
  confab_test_ui_init (&argc, &argv);

  g_test_add_func ("/thumbnail/webp", test_thumbnail_webp);

  return g_test_run ();
}
