/* confab-window-size.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-window-size.h"

/* A window's smallest size (its width-request and height-request, in
 * its .ui file) is the size its content is made for: the narrowest
 * layout, and the dialogs libadwaita shows over it (Preferences is a
 * bottom sheet 360 px wide there).
 *
 * GTK gives a window less than that: on X11, a window asking for
 * 360 × 294 px is 350 × 284 (GTK 4.8 and 4.24 alike: its surface is
 * 360 × 294, and GTK keeps 10 px each way of it for the window's
 * frame), and its content with it.  libadwaita 1.10 then warns that the
 * bottom sheet "exceeds AdwBreakpointBin width" (its breakpoint bin lets
 * the content be narrower than it asks, and says so).  So whenever the
 * content is laid out smaller than it is made for, what the frame takes
 * (the surface's size less the content's) is added to the size the
 * content is made for, as the window's smallest size, and its default
 * size if that was smaller.  Where the content gets it all, nothing
 * changes.
 */

typedef struct
{
  GtkWindow *window;
  GtkWidget *content;
  int        width;          /* the size the content is made for */
  int        height;
  gulong     layout_handler;
  guint      idle;
} SizeKeeper;

#define KEEPER_KEY "confab-window-size-keeper"

static gboolean
grow_idle_cb (gpointer data)
{
  SizeKeeper *keeper = data;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (keeper->window));
  int content_width = gtk_widget_get_width (keeper->content);
  int content_height = gtk_widget_get_height (keeper->content);
  int request_width, request_height, width, height;

  keeper->idle = 0;

  /* Sizes of the last frame; none yet, or all there: nothing to do. */
  if (surface == NULL || content_width <= 0 || content_height <= 0 ||
      (content_width >= keeper->width && content_height >= keeper->height))
    return G_SOURCE_REMOVE;
  /* Maximized or full screen, the window is as large as the screen, and
   * its frame may differ: its smallest size is for later.
   */
  if (gtk_window_is_maximized (keeper->window) || gtk_window_is_fullscreen (keeper->window))
    return G_SOURCE_REMOVE;

  /* Only ever larger. */
  gtk_widget_get_size_request (GTK_WIDGET (keeper->window), &request_width, &request_height);
  width = request_width;
  height = request_height;
  if (content_width < keeper->width)
    width = MAX (width, keeper->width + gdk_surface_get_width (surface) - content_width);
  if (content_height < keeper->height)
    height = MAX (height, keeper->height + gdk_surface_get_height (surface) - content_height);
  if (width == request_width && height == request_height)
    return G_SOURCE_REMOVE;

  gtk_widget_set_size_request (GTK_WIDGET (keeper->window), width, height);
  g_debug ("%s: its content was %d × %d: smallest size now %d × %d",
           G_OBJECT_TYPE_NAME (keeper->window), content_width, content_height, width, height);
  request_width = width;
  request_height = height;

  gtk_window_get_default_size (keeper->window, &width, &height);
  if ((width > 0 && width < request_width) || (height > 0 && height < request_height))
    gtk_window_set_default_size (keeper->window,
                                 width > 0 ? MAX (width, request_width) : width,
                                 height > 0 ? MAX (height, request_height) : height);

  return G_SOURCE_REMOVE;
}

/* After GTK has laid the window out in a frame.  The size request
 * changes in an idle, not in the middle of the frame.
 */
static void
layout_cb (GdkFrameClock *clock,
           SizeKeeper    *keeper)
{
  int width = gtk_widget_get_width (keeper->content);
  int height = gtk_widget_get_height (keeper->content);

  if (keeper->idle != 0 || width <= 0 || height <= 0)
    return;
  if (width >= keeper->width && height >= keeper->height)
    return;

  keeper->idle = g_idle_add (grow_idle_cb, keeper);
}

static void
realize_cb (GtkWidget  *window,
            SizeKeeper *keeper)
{
  keeper->layout_handler = g_signal_connect_after (gtk_widget_get_frame_clock (window), "layout",
                                                   G_CALLBACK (layout_cb), keeper);
}

static void
unrealize_cb (GtkWidget  *window,
              SizeKeeper *keeper)
{
  g_clear_signal_handler (&keeper->layout_handler, gtk_widget_get_frame_clock (window));
  g_clear_handle_id (&keeper->idle, g_source_remove);
}

static void
keeper_free (gpointer data)
{
  SizeKeeper *keeper = data;

  g_clear_handle_id (&keeper->idle, g_source_remove);
  g_free (keeper);
}

/**
 * confab_window_size_keep_for_content:
 * @window: a window not realized yet, with its smallest size set
 * @content: the widget that fills it (the content of an #AdwWindow or
 *   #AdwApplicationWindow)
 *
 * Keeps @content at least as large as @window's width-request and
 * height-request are now, however much of the window's size its frame
 * takes: the window's smallest size grows by that much once it is laid
 * out.
 */
void
confab_window_size_keep_for_content (GtkWindow *window,
                                     GtkWidget *content)
{
  SizeKeeper *keeper;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (GTK_IS_WIDGET (content));
  g_return_if_fail (!gtk_widget_get_realized (GTK_WIDGET (window)));

  keeper = g_new0 (SizeKeeper, 1);
  keeper->window = window;
  keeper->content = content;
  gtk_widget_get_size_request (GTK_WIDGET (window), &keeper->width, &keeper->height);
  g_object_set_data_full (G_OBJECT (window), KEEPER_KEY, keeper, keeper_free);

  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), keeper);
  g_signal_connect (window, "unrealize", G_CALLBACK (unrealize_cb), keeper);
}
