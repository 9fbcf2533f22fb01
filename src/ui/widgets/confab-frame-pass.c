/* confab-frame-pass.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-frame-pass.h"

/* Which of the layouts of a frame is running.  A widget that asks for
 * another layout of the frame from a handler of the frame clock's
 * "layout" signal -- to lay out again what it now knows the size of --
 * asks only while GDK will still run one, and waits for the next frame
 * otherwise: GDK would give up, with a warning, and draw anyway.
 */

typedef struct
{
  gint64 frame;
  guint  pass;
} FramePass;

static GQuark
frame_pass_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("confab-frame-pass");

  return quark;
}

/* Runs before the handlers connected after the signal's own, in each
 * layout of the frame.
 */
static void
frame_pass_layout_cb (GdkFrameClock *clock,
                      FramePass     *frame_pass)
{
  gint64 frame = gdk_frame_clock_get_frame_counter (clock);

  if (frame != frame_pass->frame)
    {
      frame_pass->frame = frame;
      frame_pass->pass = 0;
    }

  frame_pass->pass++;
}

static void
frame_pass_after_paint_cb (GdkFrameClock *clock,
                           FramePass     *frame_pass)
{
  frame_pass->pass = 0;
}

/**
 * confab_frame_pass_watch:
 * @clock: the frame clock of a window
 *
 * Counts the layouts of each frame of @clock from now on, for handlers
 * of its "layout" signal connected after the signal's own.  Call it
 * before the first layout it matters for, as when a widget is mapped.
 */
void
confab_frame_pass_watch (GdkFrameClock *clock)
{
  FramePass *frame_pass;

  g_return_if_fail (GDK_IS_FRAME_CLOCK (clock));

  if (g_object_get_qdata (G_OBJECT (clock), frame_pass_quark ()) != NULL)
    return;

  frame_pass = g_new0 (FramePass, 1);
  frame_pass->frame = -1;
  g_object_set_qdata_full (G_OBJECT (clock), frame_pass_quark (), frame_pass, g_free);
  g_signal_connect (clock, "layout", G_CALLBACK (frame_pass_layout_cb), frame_pass);
  g_signal_connect (clock, "after-paint", G_CALLBACK (frame_pass_after_paint_cb), frame_pass);
}

/**
 * confab_frame_pass_get:
 * @clock: a frame clock given to confab_frame_pass_watch()
 *
 * Meant for handlers of the "layout" signal connected after the
 * signal's own: the count goes up after GTK's layout of the window, so
 * while GTK allocates the widgets it still gives the layout before.
 *
 * Returns: which layout of the current frame runs, from 1; or 0 once
 *   the frame is drawn, or when @clock is not watched
 */
guint
confab_frame_pass_get (GdkFrameClock *clock)
{
  FramePass *frame_pass;

  g_return_val_if_fail (GDK_IS_FRAME_CLOCK (clock), 0);

  frame_pass = g_object_get_qdata (G_OBJECT (clock), frame_pass_quark ());
  if (frame_pass == NULL || frame_pass->frame != gdk_frame_clock_get_frame_counter (clock))
    return 0;

  return frame_pass->pass;
}

/**
 * confab_frame_pass_allocating_last:
 * @clock: a frame clock given to confab_frame_pass_watch()
 *
 * Meant for widgets as GTK allocates them.  After GTK 4.8, a text view
 * allocated at a new width, or taller than before, asks for another
 * layout from its own allocation; in the last layout of a frame, GDK
 * refuses it with a warning.
 *
 * Returns: whether GTK is allocating the widgets in the last layout GDK
 *   runs in the current frame
 */
gboolean
confab_frame_pass_allocating_last (GdkFrameClock *clock)
{
  return confab_frame_pass_get (clock) + 1 >= CONFAB_FRAME_MAX_LAYOUTS;
}
