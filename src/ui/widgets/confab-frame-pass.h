/* confab-frame-pass.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* GDK lays a window out at most this many times in a frame, and warns
 * when the last of them asks for one more.
 */
#define CONFAB_FRAME_MAX_LAYOUTS 4

void     confab_frame_pass_watch            (GdkFrameClock *clock);
guint    confab_frame_pass_get              (GdkFrameClock *clock);
gboolean confab_frame_pass_allocating_last  (GdkFrameClock *clock);

G_END_DECLS
