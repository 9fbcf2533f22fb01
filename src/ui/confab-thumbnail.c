/* confab-thumbnail.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-thumbnail.h"
#include "confab-tooltip.h"

#define THUMBNAIL_KEY "confab-thumbnail"

/* Thumbnails are made at twice their size, for screens that scale. */
#define THUMBNAIL_PIXELS (CONFAB_THUMBNAIL_SIZE * 2)

typedef struct
{
  char             *name;
  GBytes           *data;
  GdkTexture       *texture;
  ConfabAttachment *image;
  GdkTexture       *thumbnail;
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_clear_pointer (&load->name, g_free);
  g_clear_pointer (&load->data, g_bytes_unref);
  g_clear_object (&load->texture);
  g_clear_object (&load->image);
  g_clear_object (&load->thumbnail);
  g_free (load);
}

/* Scales so that the shorter side is the thumbnail's, at most. */
static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  double scale;

  if (width <= THUMBNAIL_PIXELS || height <= THUMBNAIL_PIXELS)
    return;

  scale = (double) THUMBNAIL_PIXELS / MIN (width, height);
  gdk_pixbuf_loader_set_size (loader,
                              MAX (1, (int) (width * scale + 0.5)),
                              MAX (1, (int) (height * scale + 0.5)));
}

/* A texture of the pixels of @pixbuf, which it keeps: GTK 4.20
 * deprecates gdk_texture_new_for_pixbuf().
 */
static GdkTexture *
texture_for_pixbuf (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  gsize size = (gsize) (height - 1) * stride + (gsize) width * gdk_pixbuf_get_n_channels (pixbuf);
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_bytes_new_with_free_func (gdk_pixbuf_read_pixels (pixbuf), size,
                                      g_object_unref, g_object_ref (pixbuf));

  return gdk_memory_texture_new (width, height,
                                 alpha ? GDK_MEMORY_R8G8B8A8 : GDK_MEMORY_R8G8B8,
                                 bytes, stride);
}

/* A square texture of the middle of the image in @data, or NULL when
 * no loader of GdkPixbuf reads it (WebP without webp-pixbuf-loader).
 * On a worker.
 */
static GdkTexture *
make_thumbnail (GBytes *data)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GdkPixbuf) oriented = NULL;
  g_autoptr(GdkPixbuf) square = NULL;
  GdkPixbuf *pixbuf;
  gboolean written;
  int width;
  int height;
  int side;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), NULL);
  written = gdk_pixbuf_loader_write_bytes (loader, data, NULL);
  if (!gdk_pixbuf_loader_close (loader, NULL) || !written)
    return NULL;

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    return NULL;

  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  width = gdk_pixbuf_get_width (oriented);
  height = gdk_pixbuf_get_height (oriented);
  side = MIN (width, height);
  square = gdk_pixbuf_new_subpixbuf (oriented, (width - side) / 2, (height - side) / 2, side, side);

  return texture_for_pixbuf (square);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *load = task_data;
  GError *error = NULL;

  if (load->texture != NULL)
    {
      g_clear_pointer (&load->data, g_bytes_unref);
      load->data = gdk_texture_save_to_png_bytes (load->texture);
    }

  if (load->image == NULL &&
      !(load->image = confab_attachment_new_from_bytes (load->name, load->data, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if (!g_task_return_error_if_cancelled (task))
    {
      load->thumbnail = make_thumbnail (confab_attachment_get_data (load->image));
      g_task_return_boolean (task, TRUE);
    }
}

static void
start_load (LoadData            *load,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, start_load);
  g_task_set_name (task, "[confab] load image");
  g_task_set_task_data (task, load, load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/* Keeps the thumbnail with its image; an image without one keeps an
 * icon, so that none is tried twice.
 */
static void
keep_thumbnail (LoadData *load)
{
  GdkPaintable *paintable;

  if (load->thumbnail != NULL)
    {
      paintable = GDK_PAINTABLE (g_object_ref (load->thumbnail));
    }
  else
    {
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());

      paintable = GDK_PAINTABLE (gtk_icon_theme_lookup_icon (theme, "image-x-generic-symbolic", NULL,
                                                             CONFAB_THUMBNAIL_SIZE / 2, 1,
                                                             GTK_TEXT_DIR_NONE, 0));
    }

  g_object_set_data_full (G_OBJECT (load->image), THUMBNAIL_KEY, paintable, g_object_unref);
}

/**
 * confab_thumbnail_load_bytes_async:
 * @name: (nullable): the image's name, such as its file's
 * @data: the bytes of a file
 */
void
confab_thumbnail_load_bytes_async (const char          *name,
                                   GBytes              *data,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  LoadData *load;

  g_return_if_fail (data != NULL);

  load = g_new0 (LoadData, 1);
  load->name = g_strdup (name);
  load->data = g_bytes_ref (data);
  start_load (load, cancellable, callback, user_data);
}

/**
 * confab_thumbnail_load_texture_async:
 * @name: (nullable): the image's name
 * @texture: a pasted image
 */
void
confab_thumbnail_load_texture_async (const char          *name,
                                     GdkTexture          *texture,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  LoadData *load;

  g_return_if_fail (GDK_IS_TEXTURE (texture));

  load = g_new0 (LoadData, 1);
  load->name = g_strdup (name);
  load->texture = g_object_ref (texture);
  start_load (load, cancellable, callback, user_data);
}

/**
 * confab_thumbnail_load_finish:
 *
 * Returns: (transfer full): the image, with its thumbnail
 *   (confab_thumbnail_get()), or %NULL with @error set
 */
ConfabAttachment *
confab_thumbnail_load_finish (GAsyncResult  *result,
                              GError       **error)
{
  LoadData *load;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  load = g_task_get_task_data (G_TASK (result));
  keep_thumbnail (load);

  return g_object_ref (load->image);
}

/**
 * confab_thumbnail_get:
 *
 * Returns: (transfer none) (nullable): the thumbnail of @image
 */
GdkPaintable *
confab_thumbnail_get (ConfabAttachment *image)
{
  g_return_val_if_fail (CONFAB_IS_ATTACHMENT (image), NULL);

  return g_object_get_data (G_OBJECT (image), THUMBNAIL_KEY);
}

static void
picture_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GtkImage) picture = user_data;
  g_autoptr(ConfabAttachment) image = confab_thumbnail_load_finish (result, NULL);

  if (image != NULL)
    gtk_image_set_from_paintable (picture, confab_thumbnail_get (image));
}

/**
 * confab_thumbnail_new_picture:
 *
 * A GtkImage rather than a GtkPicture: it takes the size it is given,
 * not the size of its paintable.
 *
 * Returns: (transfer floating): a #GtkImage of @image's thumbnail, a
 *   square of CONFAB_THUMBNAIL_SIZE pixels
 */
GtkWidget *
confab_thumbnail_new_picture (ConfabAttachment *image)
{
  GtkWidget *picture;
  const char *name;

  g_return_val_if_fail (CONFAB_IS_ATTACHMENT (image), NULL);

  picture = gtk_image_new ();
  gtk_image_set_pixel_size (GTK_IMAGE (picture), CONFAB_THUMBNAIL_SIZE);
  gtk_widget_add_css_class (picture, "thumbnail");

  name = confab_attachment_get_name (image);
  if (name == NULL || *name == '\0')
    name = _("Image");
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  gtk_widget_set_tooltip_text (picture, name);
  confab_tooltip_attach (picture);

  if (confab_thumbnail_get (image) != NULL)
    {
      gtk_image_set_from_paintable (GTK_IMAGE (picture), confab_thumbnail_get (image));
    }
  else
    {
      LoadData *load = g_new0 (LoadData, 1);

      load->image = g_object_ref (image);
      start_load (load, NULL, picture_loaded_cb, g_object_ref (picture));
    }

  return picture;
}
