/* confab-thumbnail.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "confab-attachment.h"

G_BEGIN_DECLS

/* The side of a thumbnail, in pixels, at most. */
#define CONFAB_THUMBNAIL_SIZE 96

/* Images made into attachments and thumbnails on a worker thread: the
 * decoding and scaling of a large photo would hold the main loop for
 * far more than a frame.  A thumbnail, once made, stays with its
 * attachment for every row that shows it.
 */

/* Checks @data (see confab_attachment_new_from_bytes()) and makes its
 * thumbnail.
 */
void              confab_thumbnail_load_bytes_async    (const char           *name,
                                                        GBytes               *data,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
/* The same with @texture as a PNG image, for a pasted image. */
void              confab_thumbnail_load_texture_async  (const char           *name,
                                                        GdkTexture           *texture,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
ConfabAttachment *confab_thumbnail_load_finish         (GAsyncResult         *result,
                                                        GError              **error);

/* The thumbnail made of @image, or NULL while there is none. */
GdkPaintable     *confab_thumbnail_get                 (ConfabAttachment     *image);
/* A GtkImage of @image's thumbnail, made on a worker when there is
 * none yet; its accessible name is the image's name.
 */
GtkWidget        *confab_thumbnail_new_picture         (ConfabAttachment     *image);

G_END_DECLS
