/* confab-attachment.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "confab-attachment.h"

struct _ConfabAttachment
{
  GObject  parent_instance;

  char    *name;
  char    *mime_type;
  GBytes  *data;
  int      width;
  int      height;
};

G_DEFINE_FINAL_TYPE (ConfabAttachment, confab_attachment, G_TYPE_OBJECT)

static guint
read_be16 (const guint8 *p)
{
  return ((guint) p[0] << 8) | p[1];
}

static guint
read_le16 (const guint8 *p)
{
  return p[0] | ((guint) p[1] << 8);
}

static guint
read_le24 (const guint8 *p)
{
  return p[0] | ((guint) p[1] << 8) | ((guint) p[2] << 16);
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* A JPEG's size is in its first start-of-frame segment: SOF0 to SOF15,
 * less DHT (C4), JPG (C8) and DAC (CC), which share the range.
 */
static gboolean
read_jpeg_size (const guint8 *data,
                gsize         size,
                guint        *width,
                guint        *height)
{
  gsize i = 2;

  while (i + 9 <= size)
    {
      guint8 marker;
      guint length;

      if (data[i] != 0xff)
        return FALSE;

      marker = data[i + 1];
      if (marker == 0xff)
        {
          i++;
          continue;
        }

      /* Markers without a length. */
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        {
          i += 2;
          continue;
        }

      length = read_be16 (data + i + 2);
      if (marker >= 0xc0 && marker <= 0xcf &&
          marker != 0xc4 && marker != 0xc8 && marker != 0xcc)
        {
          *height = read_be16 (data + i + 5);
          *width = read_be16 (data + i + 7);
          return TRUE;
        }

      if (length < 2)
        return FALSE;
      i += 2 + length;
    }

  return FALSE;
}

static gboolean
read_webp_size (const guint8 *data,
                gsize         size,
                guint        *width,
                guint        *height)
{
  if (size < 30)
    return FALSE;

  if (memcmp (data + 12, "VP8X", 4) == 0)
    {
      *width = read_le24 (data + 24) + 1;
      *height = read_le24 (data + 27) + 1;
      return TRUE;
    }

  if (memcmp (data + 12, "VP8L", 4) == 0 && data[20] == 0x2f)
    {
      guint32 bits = data[21] | ((guint32) data[22] << 8) | ((guint32) data[23] << 16) | ((guint32) data[24] << 24);

      *width = (bits & 0x3fff) + 1;
      *height = ((bits >> 14) & 0x3fff) + 1;
      return TRUE;
    }

  if (memcmp (data + 12, "VP8 ", 4) == 0 &&
      data[23] == 0x9d && data[24] == 0x01 && data[25] == 0x2a)
    {
      *width = read_le16 (data + 26) & 0x3fff;
      *height = read_le16 (data + 28) & 0x3fff;
      return TRUE;
    }

  return FALSE;
}

/* The size in pixels that the header of @data says, or 0 × 0. */
static void
read_size (const char   *mime_type,
           const guint8 *data,
           gsize         size,
           int          *width,
           int          *height)
{
  guint w = 0;
  guint h = 0;
  gboolean found = FALSE;

  if (g_strcmp0 (mime_type, "image/png") == 0 && size >= 24)
    {
      w = read_be32 (data + 16);
      h = read_be32 (data + 20);
      found = TRUE;
    }
  else if (g_strcmp0 (mime_type, "image/gif") == 0 && size >= 10)
    {
      w = read_le16 (data + 6);
      h = read_le16 (data + 8);
      found = TRUE;
    }
  else if (g_strcmp0 (mime_type, "image/jpeg") == 0)
    found = read_jpeg_size (data, size, &w, &h);
  else if (g_strcmp0 (mime_type, "image/webp") == 0)
    found = read_webp_size (data, size, &w, &h);

  if (!found || w == 0 || h == 0 || w > G_MAXINT || h > G_MAXINT)
    w = h = 0;

  *width = w;
  *height = h;
}

static void
confab_attachment_finalize (GObject *object)
{
  ConfabAttachment *self = (ConfabAttachment *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->mime_type, g_free);
  g_clear_pointer (&self->data, g_bytes_unref);

  G_OBJECT_CLASS (confab_attachment_parent_class)->finalize (object);
}

static void
confab_attachment_class_init (ConfabAttachmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = confab_attachment_finalize;
}

static void
confab_attachment_init (ConfabAttachment *self)
{
}

/**
 * confab_attachment_sniff_mime_type:
 *
 * Returns: (nullable): "image/png", "image/jpeg", "image/webp" or
 *   "image/gif" when @data starts as such a file does, else %NULL
 */
const char *
confab_attachment_sniff_mime_type (const guint8 *data,
                                   gsize         size)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff };

  if (data == NULL)
    return NULL;

  if (size >= sizeof png && memcmp (data, png, sizeof png) == 0)
    return "image/png";
  if (size >= sizeof jpeg && memcmp (data, jpeg, sizeof jpeg) == 0)
    return "image/jpeg";
  if (size >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "image/webp";
  if (size >= 6 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    return "image/gif";

  return NULL;
}

/**
 * confab_attachment_new:
 * @name: (nullable): the name it came with, such as the file's
 * @mime_type: its type, one that confab_attachment_sniff_mime_type() gives
 * @data: its bytes
 *
 * For an image already checked, such as one read back from the history.
 */
ConfabAttachment *
confab_attachment_new (const char *name,
                       const char *mime_type,
                       GBytes     *data)
{
  ConfabAttachment *self;
  const guint8 *bytes;
  gsize size;

  g_return_val_if_fail (mime_type != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (CONFAB_TYPE_ATTACHMENT, NULL);
  self->name = g_strdup (name != NULL ? name : "");
  self->mime_type = g_strdup (mime_type);
  self->data = g_bytes_ref (data);

  bytes = g_bytes_get_data (data, &size);
  read_size (mime_type, bytes, size, &self->width, &self->height);

  return self;
}

/**
 * confab_attachment_new_from_bytes:
 * @name: (nullable): the name it came with
 * @data: the bytes of a file
 *
 * Returns: (transfer full): an attachment of @data, or %NULL with @error
 *   set: %G_IO_ERROR_NOT_SUPPORTED when it is not a PNG, JPEG, WebP or
 *   GIF image, %G_IO_ERROR_MESSAGE_TOO_LARGE when it is larger than
 *   CONFAB_ATTACHMENT_MAX_SIZE
 */
ConfabAttachment *
confab_attachment_new_from_bytes (const char  *name,
                                  GBytes      *data,
                                  GError     **error)
{
  const char *mime_type;
  const guint8 *bytes;
  gsize size;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_bytes_get_data (data, &size);
  mime_type = confab_attachment_sniff_mime_type (bytes, size);

  if (mime_type == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   /* Translators: %s is a file name. */
                   _("“%s” is not a PNG, JPEG, WebP or GIF image."),
                   name != NULL ? name : "");
      return NULL;
    }

  if (size > CONFAB_ATTACHMENT_MAX_SIZE)
    {
      g_autofree char *limit = g_format_size (CONFAB_ATTACHMENT_MAX_SIZE);
      g_autofree char *actual = g_format_size (size);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   /* Translators: the first %s is a file name, the
                    * second its size, the third the limit ("20.0 MB").
                    */
                   _("“%s” is too large to send (%s). Images can be up to %s."),
                   name != NULL ? name : "", actual, limit);
      return NULL;
    }

  return confab_attachment_new (name, mime_type, data);
}

const char *
confab_attachment_get_name (ConfabAttachment *self)
{
  g_return_val_if_fail (CONFAB_IS_ATTACHMENT (self), NULL);

  return self->name;
}

const char *
confab_attachment_get_mime_type (ConfabAttachment *self)
{
  g_return_val_if_fail (CONFAB_IS_ATTACHMENT (self), NULL);

  return self->mime_type;
}

/**
 * confab_attachment_get_data:
 *
 * Returns: (transfer none): the image's bytes
 */
GBytes *
confab_attachment_get_data (ConfabAttachment *self)
{
  g_return_val_if_fail (CONFAB_IS_ATTACHMENT (self), NULL);

  return self->data;
}

int
confab_attachment_get_width (ConfabAttachment *self)
{
  g_return_val_if_fail (CONFAB_IS_ATTACHMENT (self), 0);

  return self->width;
}

int
confab_attachment_get_height (ConfabAttachment *self)
{
  g_return_val_if_fail (CONFAB_IS_ATTACHMENT (self), 0);

  return self->height;
}

/**
 * confab_attachment_dup_data_url:
 *
 * Returns: (transfer full): "data:image/png;base64,…"
 */
char *
confab_attachment_dup_data_url (ConfabAttachment *self)
{
  const guint8 *bytes;
  gsize size;
  gsize prefix;
  gsize length;
  char *url;
  int state = 0;
  int save = 0;
  gsize n;

  g_return_val_if_fail (CONFAB_IS_ATTACHMENT (self), NULL);

  bytes = g_bytes_get_data (self->data, &size);
  prefix = strlen ("data:") + strlen (self->mime_type) + strlen (";base64,");
  /* What g_base64_encode_step() may write, with the close. */
  length = prefix + (size / 3 + 1) * 4 + 4 + 1;

  url = g_malloc (length);
  g_snprintf (url, prefix + 1, "data:%s;base64,", self->mime_type);
  n = prefix;
  n += g_base64_encode_step (bytes, size, FALSE, url + n, &state, &save);
  n += g_base64_encode_close (FALSE, url + n, &state, &save);
  url[n] = '\0';

  return url;
}

/**
 * confab_attachment_estimate_tokens:
 *
 * Returns: the estimated input tokens of the image, by the rule of
 *   CONFAB_ATTACHMENT_TILE_TOKENS
 */
gint64
confab_attachment_estimate_tokens (ConfabAttachment *self)
{
  gint64 columns;
  gint64 rows;

  g_return_val_if_fail (CONFAB_IS_ATTACHMENT (self), 0);

  if (self->width <= 0 || self->height <= 0 ||
      (self->width <= CONFAB_ATTACHMENT_SMALL_SIZE && self->height <= CONFAB_ATTACHMENT_SMALL_SIZE))
    return CONFAB_ATTACHMENT_TILE_TOKENS;

  columns = (self->width + CONFAB_ATTACHMENT_TILE_SIZE - 1) / CONFAB_ATTACHMENT_TILE_SIZE;
  rows = (self->height + CONFAB_ATTACHMENT_TILE_SIZE - 1) / CONFAB_ATTACHMENT_TILE_SIZE;

  return columns * rows * CONFAB_ATTACHMENT_TILE_TOKENS;
}
