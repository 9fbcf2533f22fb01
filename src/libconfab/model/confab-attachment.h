/* confab-attachment.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* An image attached to a prompt: its bytes as the file had them (PNG,
 * JPEG, WebP or GIF, known by their first bytes, not by the name), the
 * name it came with, and its size in pixels as its header says (0 when
 * the header cannot be read).  Immutable, so it may be read from any
 * thread.
 *
 * It is sent as an `image_url` part whose URL is a `data:` URL.  An
 * image larger than CONFAB_ATTACHMENT_MAX_SIZE bytes is refused with a
 * clear error, not scaled down: what is sent is what the person chose
 * (an animated GIF stays animated, a screenshot stays sharp), and 20 MB
 * is the limit OpenAI-compatible servers document for an image (in
 * decimal megabytes, as g_format_size() shows it).
 */

#define CONFAB_ATTACHMENT_MAX_SIZE (20 * 1000 * 1000)

/* The estimate of an image's input tokens follows Gemini's published
 * rule: an image with both sides at most 384 px is 258 tokens; a larger
 * one is cut into tiles of 768 × 768 px, 258 tokens each.  An image of
 * unknown size counts as one tile.
 */
#define CONFAB_ATTACHMENT_TILE_TOKENS 258
#define CONFAB_ATTACHMENT_TILE_SIZE   768
#define CONFAB_ATTACHMENT_SMALL_SIZE  384

#define CONFAB_TYPE_ATTACHMENT (confab_attachment_get_type())

G_DECLARE_FINAL_TYPE (ConfabAttachment, confab_attachment, CONFAB, ATTACHMENT, GObject)

const char       *confab_attachment_sniff_mime_type   (const guint8     *data,
                                                       gsize             size);
ConfabAttachment *confab_attachment_new               (const char       *name,
                                                       const char       *mime_type,
                                                       GBytes           *data);
ConfabAttachment *confab_attachment_new_from_bytes    (const char       *name,
                                                       GBytes           *data,
                                                       GError          **error);
const char       *confab_attachment_get_name          (ConfabAttachment *self);
const char       *confab_attachment_get_mime_type     (ConfabAttachment *self);
GBytes           *confab_attachment_get_data          (ConfabAttachment *self);
int               confab_attachment_get_width         (ConfabAttachment *self);
int               confab_attachment_get_height        (ConfabAttachment *self);
char             *confab_attachment_dup_data_url      (ConfabAttachment *self);
gint64            confab_attachment_estimate_tokens   (ConfabAttachment *self);

G_END_DECLS
