/* confab-markdown-view-draw.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-markdown-view-private.h"

/* How a ConfabMarkdownView draws: its pieces, those near what is in
 * view, and the bars beside block quotes; and what says when that
 * changes.  Only the pieces near what shows are mapped, and a group
 * draws those of its pieces that are.
 */

/* Children further than this many heights of the scrolling view from
 * what it shows are not drawn.
 */
#define DRAWN_SCREENS 1

/* The bar beside a block quote, in pixels. */
#define QUOTE_BAR_WIDTH 3
#define QUOTE_BAR_INSET 2

static guint
quote_depth (GtkWidget *child)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string (CONFAB_MARKDOWN_QUOTE_KEY);

  return MIN (GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (child), quark)), CONFAB_MARKDOWN_MAX_QUOTE_DEPTH);
}

/* Block quotes have a bar beside them for each level, from the top of
 * their first piece to the bottom of their last, in the text's color:
 * those beside the pieces in @near.
 */
static void
snapshot_quote_bars (GtkWidget   *widget,
                     GtkSnapshot *snapshot,
                     GPtrArray   *near)
{
  float tops[CONFAB_MARKDOWN_MAX_QUOTE_DEPTH];
  guint open = 0;
  float bottom = 0;
  GdkRGBA color;

#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, &color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
#endif
  color.alpha *= 0.3f;

  for (guint i = 0; ; i++)
    {
      GtkWidget *child = i < near->len ? g_ptr_array_index (near, i) : NULL;
      guint depth = 0;
      graphene_rect_t bounds;

      if (child != NULL)
        {
          if (!gtk_widget_compute_bounds (child, widget, &bounds))
            continue;
          depth = quote_depth (child);
        }

      /* The bars of the levels that end here. */
      for (; open > depth; open--)
        {
          graphene_rect_t bar;

          graphene_rect_init (&bar, (open - 1) * CONFAB_MARKDOWN_QUOTE_STEP + QUOTE_BAR_INSET,
                              tops[open - 1], QUOTE_BAR_WIDTH, bottom - tops[open - 1]);
          gtk_snapshot_append_color (snapshot, &color, &bar);
        }

      if (child == NULL)
        break;

      for (; open < depth; open++)
        tops[open] = bounds.origin.y;
      bottom = bounds.origin.y + bounds.size.height;
    }
}

/* The first of the children placed whose bottom is at @y or below. */
static guint
find_placed (GArray *placed,
             float   y)
{
  guint low = 0;
  guint high = placed->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      const ConfabMarkdownPlaced *at = &g_array_index (placed, ConfabMarkdownPlaced, middle);

      if (at->y + at->height < y)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

/* What is near what @scrollable shows, within DRAWN_SCREENS of its
 * height, in @widget: from @top to @bottom.
 *
 * Returns: %FALSE when there is no @scrollable: all of @widget is near
 */
static gboolean
find_near_range (GtkWidget *widget,
                 GtkWidget *scrollable,
                 float     *top,
                 float     *bottom)
{
  graphene_rect_t visible;

  if (scrollable == NULL || !gtk_widget_compute_bounds (scrollable, widget, &visible))
    return FALSE;

  graphene_rect_inset (&visible, 0, -DRAWN_SCREENS * visible.size.height);
  *top = visible.origin.y;
  *bottom = visible.origin.y + visible.size.height;

  return TRUE;
}

/* The children placed from @first to @last are those from @top to
 * @bottom.
 */
static void
find_placed_range (GArray *placed,
                   float   top,
                   float   bottom,
                   guint  *first,
                   guint  *last)
{
  *first = find_placed (placed, top);
  for (*last = *first; *last < placed->len; (*last)++)
    if (g_array_index (placed, ConfabMarkdownPlaced, *last).y > bottom)
      break;
}

/**
 * confab_markdown_view_snapshot_near:
 * @widget: a #ConfabMarkdownView
 * @layout: its layout
 * @scrollable: (nullable): its nearest ancestor that scrolls
 * @snapshot: where to draw
 *
 * Draws the bars of block quotes and the children of @widget, those
 * near what @scrollable shows, or all when it is %NULL.  An answer of a
 * megabyte is a column of hundreds of children, taller than anything
 * shows at once: like a scrolling text view, it draws only what is near
 * the part of it in view, and finds it where the last allocation placed
 * the children, without going through those before.
 *
 * Returns: whether some children were left out
 */
gboolean
confab_markdown_view_snapshot_near (GtkWidget            *widget,
                                    ConfabMarkdownLayout *layout,
                                    GtkWidget            *scrollable,
                                    GtkSnapshot          *snapshot)
{
  g_autoptr(GPtrArray) near = g_ptr_array_new ();
  GArray *placed = layout->placed;
  gboolean culled;
  float top = -G_MAXFLOAT;
  float bottom = G_MAXFLOAT;
  guint first;
  guint last;

  first = 0;
  last = placed->len;
  if (find_near_range (widget, scrollable, &top, &bottom))
    find_placed_range (placed, top, bottom, &first, &last);
  culled = first > 0 || last < placed->len;

  /* The pieces near, for the bars of block quotes beside them. */
  for (guint i = first; i < last; i++)
    {
      const ConfabMarkdownPlaced *group = &g_array_index (placed, ConfabMarkdownPlaced, i);
      GArray *pieces;
      guint first_piece;
      guint last_piece;

      if (gtk_widget_get_parent (group->child) != widget)
        continue;

      pieces = confab_markdown_group_get_placed (CONFAB_MARKDOWN_GROUP (group->child));
      find_placed_range (pieces, top - group->y, bottom - group->y, &first_piece, &last_piece);
      for (guint j = first_piece; j < last_piece; j++)
        {
          GtkWidget *piece = g_array_index (pieces, ConfabMarkdownPlaced, j).child;

          if (gtk_widget_get_parent (piece) == group->child)
            g_ptr_array_add (near, piece);
        }
    }

  snapshot_quote_bars (widget, snapshot, near);

  for (guint i = first; i < last; i++)
    {
      GtkWidget *group = g_array_index (placed, ConfabMarkdownPlaced, i).child;

      if (gtk_widget_get_parent (group) == widget)
        gtk_widget_snapshot_child (widget, group, snapshot);
    }

  return culled;
}

/**
 * confab_markdown_view_hide_piece:
 * @piece: a piece of a #ConfabMarkdownView
 *
 * Unmaps @piece, which is no longer near what shows, and unrealizes it:
 * mapped again it is realized again.  Otherwise the pieces a person
 * scrolled past would stay realized, and taking the view away would
 * unrealize them all at once.
 */
void
confab_markdown_view_hide_piece (GtkWidget *piece)
{
  gtk_widget_set_child_visible (piece, FALSE);
  if (gtk_widget_get_realized (piece))
    gtk_widget_unrealize (piece);
}

/* Maps the pieces of @group, placed at @group_y, that are from @top to
 * @bottom, and @focus; unmaps the others.
 *
 * Returns: whether any was mapped or unmapped
 */
static gboolean
map_group_near (GtkWidget *group,
                int        group_y,
                gboolean   cull,
                float      top,
                float      bottom,
                GtkWidget *focus)
{
  GArray *pieces = confab_markdown_group_get_placed (CONFAB_MARKDOWN_GROUP (group));
  gboolean changed = FALSE;
  gboolean shown = FALSE;

  for (guint i = 0; i < pieces->len; i++)
    {
      const ConfabMarkdownPlaced *at = &g_array_index (pieces, ConfabMarkdownPlaced, i);
      GtkWidget *piece = at->child;
      gboolean near = !cull || (group_y + at->y + at->height >= top && group_y + at->y <= bottom) || piece == focus;

      if (gtk_widget_get_parent (piece) != group ||
          g_object_get_data (G_OBJECT (piece), CONFAB_MARKDOWN_DEFERRED_KEY) != NULL)
        continue;

      shown |= near;
      if (gtk_widget_get_child_visible (piece) == near)
        continue;

      if (near)
        gtk_widget_set_child_visible (piece, TRUE);
      else
        confab_markdown_view_hide_piece (piece);
      changed = TRUE;
    }

  /* Those not placed yet may be mapped, as in a view nothing scrolls. */
  confab_markdown_group_set_maybe_shown (CONFAB_MARKDOWN_GROUP (group),
                                         shown || pieces->len < confab_markdown_group_get_n_pieces (CONFAB_MARKDOWN_GROUP (group)));

  return changed;
}

/**
 * confab_markdown_viewport_map_near:
 * @viewport: the viewport of a mapped #ConfabMarkdownView
 *
 * Maps the pieces of the view near what its scrolling ancestor shows,
 * and the one that has the keyboard's focus, and unmaps the others
 * (they are not child-visible).  A view of thousands of pieces then
 * maps a few dozen, and unrealizes those scrolled past
 * (confab_markdown_view_hide_piece()), so when the view is taken away,
 * as the list view does when the chat changes, GTK does not unmap and
 * unrealize thousands of widgets at once.  Pieces are measured and
 * allocated all the same.  Only the groups near, and those that may
 * have pieces mapped, are gone through.
 */
void
confab_markdown_viewport_map_near (ConfabMarkdownViewport *viewport)
{
  ConfabMarkdownView *self = CONFAB_MARKDOWN_VIEW (viewport->view);
  GArray *placed = self->layout.placed;
  GtkWidget *focus;
  gboolean cull;
  float top = 0;
  float bottom = 0;

  if (!gtk_widget_get_mapped (viewport->view))
    return;

  /* With nothing that scrolls it, all of the view shows: all its
   * pieces, whether allocated yet or not.
   */
  if (viewport->scrollable == NULL)
    {
      for (GtkWidget *piece = confab_markdown_pieces_get_first (viewport->view);
           piece != NULL;
           piece = confab_markdown_piece_get_next (piece))
        if (g_object_get_data (G_OBJECT (piece), CONFAB_MARKDOWN_DEFERRED_KEY) == NULL)
          confab_markdown_piece_show (piece);
      return;
    }

  cull = find_near_range (viewport->view, viewport->scrollable, &top, &bottom);
  focus = confab_markdown_pieces_get_focus (viewport->view);

  for (guint i = 0; i < placed->len; i++)
    {
      const ConfabMarkdownPlaced *at = &g_array_index (placed, ConfabMarkdownPlaced, i);
      GtkWidget *group = at->child;
      gboolean near = !cull || (at->y + at->height >= top && at->y <= bottom) ||
                      (focus != NULL && gtk_widget_get_parent (focus) == group);

      if (gtk_widget_get_parent (group) != viewport->view ||
          (!near && !confab_markdown_group_get_maybe_shown (CONFAB_MARKDOWN_GROUP (group))))
        continue;

      /* A group draws its pieces that are mapped. */
      if (map_group_near (group, at->y, cull, top, bottom, focus))
        gtk_widget_queue_draw (group);
    }
}

/**
 * confab_markdown_viewport_scroll_to:
 * @viewport: the viewport of a mapped #ConfabMarkdownView
 * @child: a child of the view
 *
 * Scrolls the view's scrolling ancestor as little as shows the top of
 * @child, as when it takes the keyboard's focus.
 */
void
confab_markdown_viewport_scroll_to (ConfabMarkdownViewport *viewport,
                                    GtkWidget              *child)
{
  graphene_rect_t bounds;
  double page;
  double top;
  double bottom;

  if (viewport->vadjustment == NULL ||
      !gtk_widget_compute_bounds (child, viewport->scrollable, &bounds))
    return;

  page = gtk_adjustment_get_page_size (viewport->vadjustment);
  top = bounds.origin.y;
  bottom = MIN (bounds.origin.y + bounds.size.height, top + page);

  if (top < 0)
    gtk_adjustment_set_value (viewport->vadjustment, gtk_adjustment_get_value (viewport->vadjustment) + top);
  else if (bottom > page)
    gtk_adjustment_set_value (viewport->vadjustment, gtk_adjustment_get_value (viewport->vadjustment) + bottom - page);
}

static void
layout_done_cb (GdkFrameClock          *clock,
                ConfabMarkdownViewport *viewport)
{
  confab_markdown_viewport_map_near (viewport);
}

static void
scrolled_cb (ConfabMarkdownViewport *viewport)
{
  /* What was left out may come into view. */
  if (viewport->culled)
    gtk_widget_queue_draw (viewport->view);
}

/**
 * confab_markdown_viewport_watch:
 * @viewport: the viewport of a #ConfabMarkdownView
 * @view: the view, mapped
 *
 * Finds the nearest ancestor of @view that scrolls, a viewport or a
 * list view, and draws @view again when it scrolls or its content
 * changes size, if the last drawing left something out.
 */
void
confab_markdown_viewport_watch (ConfabMarkdownViewport *viewport,
                                GtkWidget              *view)
{
  GtkWidget *ancestor;

  confab_markdown_viewport_forget (viewport);

  /* After each layout of the window, the children are where they are
   * drawn: those near what shows are mapped then.
   */
  viewport->view = view;
  viewport->clock = gtk_widget_get_frame_clock (view);
  if (viewport->clock != NULL)
    {
      g_object_ref (viewport->clock);
      viewport->layout_id = g_signal_connect_after (viewport->clock, "layout", G_CALLBACK (layout_done_cb), viewport);
    }

  for (ancestor = gtk_widget_get_parent (view);
       ancestor != NULL && !GTK_IS_SCROLLABLE (ancestor);
       ancestor = gtk_widget_get_parent (ancestor))
    ;

  if (ancestor == NULL || gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (ancestor)) == NULL)
    return;

  viewport->scrollable = ancestor;
  viewport->vadjustment = g_object_ref (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (ancestor)));
  g_signal_connect_swapped (viewport->vadjustment, "value-changed", G_CALLBACK (scrolled_cb), viewport);
  g_signal_connect_swapped (viewport->vadjustment, "changed", G_CALLBACK (scrolled_cb), viewport);
}

/**
 * confab_markdown_viewport_shows_end:
 * @viewport: the viewport of a #ConfabMarkdownView
 *
 * Returns: whether what scrolls the view shows its end, or is within a
 *   screen of it, as while a streamed answer is followed
 */
gboolean
confab_markdown_viewport_shows_end (ConfabMarkdownViewport *viewport)
{
  graphene_rect_t bounds;

  if (viewport->vadjustment == NULL)
    return FALSE;

  /* Where the view ends, in what the scrolling ancestor shows. */
  if (!gtk_widget_compute_bounds (viewport->view, viewport->scrollable, &bounds))
    return FALSE;

  return bounds.origin.y + bounds.size.height <= 2 * gtk_adjustment_get_page_size (viewport->vadjustment);
}

/**
 * confab_markdown_viewport_forget:
 * @viewport: the viewport of a #ConfabMarkdownView
 *
 * Stops watching what confab_markdown_viewport_watch() found.
 */
void
confab_markdown_viewport_forget (ConfabMarkdownViewport *viewport)
{
  if (viewport->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (viewport->vadjustment, scrolled_cb, viewport);
  g_clear_object (&viewport->vadjustment);
  if (viewport->clock != NULL)
    g_clear_signal_handler (&viewport->layout_id, viewport->clock);
  g_clear_object (&viewport->clock);
  viewport->scrollable = NULL;
  viewport->view = NULL;
}
