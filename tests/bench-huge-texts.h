/* bench-huge-texts.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The streamed answer comes in deltas of this many bytes, or a little
 * less so as not to cut a character.
 */
#define DELTA_SIZE 64

char   *make_markdown  (gsize       size,
                        guint32     seed);
char   *make_paragraph (gsize       size);
GBytes *make_response  (const char *content);
char   *make_stream    (const char *content);

G_END_DECLS
