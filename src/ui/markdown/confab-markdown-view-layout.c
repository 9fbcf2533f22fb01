/* confab-markdown-view-layout.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-frame-pass.h"
#include "confab-markdown-view-private.h"

/* How a ConfabMarkdownView lays out its pieces: one below the other,
 * as wide as the view, each as tall as it asks to be.  The view places
 * its groups so, and each group its pieces (see confab-markdown-group.c).
 *
 * A text view knows how tall it is only for the lines it has laid out,
 * and it lays out only those inside its allocation; the lines after
 * that wait for idle callbacks.  Text that streams in would then settle
 * over several frames, each drawn and, while the window follows the
 * end, each scrolled — three frames or so for every update.  So a
 * text view whose text changed is allocated taller than it asks, which
 * makes it lay out what was added at once; then the view asks for
 * another layout, which GDK runs before it draws the frame, and the
 * text view gets the height it now asks for.
 */

/* What laying out a byte of text added is taken to cost until the
 * layout measured it, in ms: about what Pango's shaping of prose costs
 * on a slow machine.
 */
#define FIRST_MS_PER_BYTE (1.5 / 1024)

/* Allocations that lay out less than this many bytes added do not tell
 * what a byte costs.
 */
#define MEASURED_BYTES 2048

/* Space between two children. */
#define BLOCK_SPACING 10

/* How much taller than it asks a text view whose text changed is
 * allocated: more than an update of a streamed answer adds.
 */
#define LAYOUT_AHEAD 4096

/* What measure_height() found for a text view last: what it asked, and
 * its height without its empty last line.  A text view asks the same
 * for any width it is measured for (it lays out for the width it was
 * given), and an empty line is as tall at any width.
 */
typedef struct
{
  int asked_minimum;
  int asked_natural;
  int minimum;
  int natural;
} ChildHeight;

static GQuark
child_height_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("confab-markdown-height");

  return quark;
}

static GQuark
continued_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string (CONFAB_MARKDOWN_CONTINUED_KEY);

  return quark;
}

static GQuark
deferred_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string (CONFAB_MARKDOWN_DEFERRED_KEY);

  return quark;
}

/* The height of @child for @width; a text view of prose without its
 * last line, which is empty (see confab_markdown_view_append_prose()).
 * A column of thousands of children is measured and allocated again
 * whenever one is added: GTK keeps what each child asks, and the height
 * of a text view's empty last line is kept here until the text changes
 * (confab_markdown_layout_changed()) or the child asks for another
 * height.
 */
static void
measure_height (GtkWidget *child,
                int        width,
                int       *minimum,
                int       *natural)
{
  ChildHeight *cached;
  GtkTextIter end;
  int y;
  int height;

  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, minimum, natural, NULL, NULL);

  if (!GTK_IS_TEXT_VIEW (child))
    return;

  cached = g_object_get_qdata (G_OBJECT (child), child_height_quark ());
  if (cached != NULL && cached->asked_minimum == *minimum && cached->asked_natural == *natural)
    {
      *minimum = cached->minimum;
      *natural = cached->natural;
      return;
    }

  if (cached == NULL)
    {
      cached = g_new (ChildHeight, 1);
      g_object_set_qdata_full (G_OBJECT (child), child_height_quark (), cached, g_free);
    }
  cached->asked_minimum = *minimum;
  cached->asked_natural = *natural;

  gtk_text_buffer_get_end_iter (gtk_text_view_get_buffer (GTK_TEXT_VIEW (child)), &end);
  if (gtk_text_iter_get_line (&end) > 0 && gtk_text_iter_starts_line (&end))
    {
      gtk_text_view_get_line_yrange (GTK_TEXT_VIEW (child), &end, &y, &height);
      *minimum = MAX (*minimum - height, 0);
      *natural = MAX (*natural - height, 0);
    }

  cached->minimum = *minimum;
  cached->natural = *natural;
}

/* The space above @child, a piece or a group, after @shown children:
 * none above the first, nor between the pieces of a long paragraph.
 * Above a group, the space above its first piece.
 */
static int
spacing_before (GtkWidget *child,
                guint      shown)
{
  if (CONFAB_IS_MARKDOWN_GROUP (child))
    child = gtk_widget_get_first_child (child);

  if (shown == 0 || child == NULL || g_object_get_qdata (G_OBJECT (child), continued_quark ()) != NULL)
    return 0;

  return BLOCK_SPACING;
}

/**
 * confab_markdown_layout_get_request_mode:
 * @trades_size: whether some child is height-for-width
 *
 * A text view is as tall as the lines it laid out, for the width it was
 * given, whatever width it is measured for; so is a code block.  Only a
 * table of wrapping cells trades height for width.  A view or group
 * that holds none asks for one size, which GTK then measures once when
 * a child changes, not once for every width it is asked for.
 *
 * Returns: the size request mode of a view or group
 */
GtkSizeRequestMode
confab_markdown_layout_get_request_mode (gboolean trades_size)
{
  return trades_size ? GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

/**
 * confab_markdown_layout_measure:
 * @widget: a #ConfabMarkdownView, or one of its groups
 * @trades_size: whether some child of @widget is height-for-width
 * @orientation: what to measure
 * @for_size: the width to measure the height for, or -1
 * @minimum: (out): the smallest size
 * @natural: (out): the natural size
 *
 * Measures the children of @widget, one below the other.
 */
void
confab_markdown_layout_measure (GtkWidget      *widget,
                                gboolean        trades_size,
                                GtkOrientation  orientation,
                                int             for_size,
                                int            *minimum,
                                int            *natural)
{
  guint shown = 0;

  /* With no width given, the height is the smallest one, at the natural
   * width, as GtkLabel's is: at the smallest width, a table of wrapping
   * cells is far taller, and GTK (4.12 and later) warns when a widget
   * is then measured for a height below that.  Without such a child
   * the width makes no difference.
   */
  if (orientation == GTK_ORIENTATION_VERTICAL && for_size < 0 && trades_size)
    {
      int natural_width;

      confab_markdown_layout_measure (widget, trades_size, GTK_ORIENTATION_HORIZONTAL, -1, minimum, &natural_width);
      for_size = natural_width;
    }

  *minimum = 0;
  *natural = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min;
      int child_nat;

      if (!gtk_widget_should_layout (child))
        continue;

      if (orientation == GTK_ORIENTATION_VERTICAL)
        {
          measure_height (child, for_size, &child_min, &child_nat);
          *minimum += child_min + spacing_before (child, shown);
          *natural += child_nat + spacing_before (child, shown);
        }
      else
        {
          gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }

      shown++;
    }

}

void
confab_markdown_layout_init (ConfabMarkdownLayout *layout)
{
  layout->changed = g_ptr_array_new_with_free_func (g_object_unref);
  layout->resized = g_ptr_array_new_with_free_func (g_object_unref);
  layout->placed = g_array_new (FALSE, FALSE, sizeof (ConfabMarkdownPlaced));
  layout->ms_per_byte = FIRST_MS_PER_BYTE;
}

/**
 * confab_markdown_layout_added:
 * @layout: the layout of a #ConfabMarkdownView
 * @bytes: how many bytes of text were added to children of the view
 *
 * Counts text added, which the next allocation lays out.
 */
void
confab_markdown_layout_added (ConfabMarkdownLayout *layout,
                              gsize                 bytes)
{
  layout->added += bytes;
}

/**
 * confab_markdown_layout_get_ms_per_byte:
 * @layout: the layout of a #ConfabMarkdownView
 *
 * Returns: what the allocations of the view took, of late, for each
 *   byte of text added, in ms
 */
double
confab_markdown_layout_get_ms_per_byte (ConfabMarkdownLayout *layout)
{
  return layout->ms_per_byte;
}

/**
 * confab_markdown_placed_clear:
 * @placed: (nullable): an array of #ConfabMarkdownPlaced
 *
 * Lets go of the children in @placed, and empties it.
 */
void
confab_markdown_placed_clear (GArray *placed)
{
  if (placed == NULL)
    return;

  for (guint i = 0; i < placed->len; i++)
    g_object_unref (g_array_index (placed, ConfabMarkdownPlaced, i).child);
  g_array_set_size (placed, 0);
}

/**
 * confab_markdown_layout_drop_placed:
 * @layout: the layout of a #ConfabMarkdownView
 *
 * Lets go of the groups the last allocation placed, as when they are
 * all taken away.
 */
void
confab_markdown_layout_drop_placed (ConfabMarkdownLayout *layout)
{
  confab_markdown_placed_clear (layout->placed);
}

/**
 * confab_markdown_layout_restart:
 * @layout: the layout of a #ConfabMarkdownView
 *
 * Forgets what the pieces taken away were, as changed and placed, and
 * what laying out their text cost: a view given another answer, as
 * when its row shows another chat, paces the steps that render it as a
 * new view does, not by what a streamed answer cost a byte.
 */
void
confab_markdown_layout_restart (ConfabMarkdownLayout *layout)
{
  g_ptr_array_set_size (layout->changed, 0);
  g_ptr_array_set_size (layout->resized, 0);
  confab_markdown_layout_drop_placed (layout);
  layout->added = 0;
  layout->ms_per_byte = FIRST_MS_PER_BYTE;
}

void
confab_markdown_layout_clear (ConfabMarkdownLayout *layout)
{
  confab_markdown_layout_forget (layout);
  confab_markdown_layout_drop_placed (layout);
  g_clear_pointer (&layout->placed, g_array_unref);
  g_clear_pointer (&layout->changed, g_ptr_array_unref);
  g_clear_pointer (&layout->resized, g_ptr_array_unref);
}

/**
 * confab_markdown_layout_changed:
 * @layout: the layout of a #ConfabMarkdownView
 * @text_view: a child of the view whose text changed
 *
 * Has @text_view lay out its text in the next frame's layout.
 */
void
confab_markdown_layout_changed (ConfabMarkdownLayout *layout,
                                GtkWidget            *text_view)
{
  /* The height of its last line is measured again. */
  g_object_set_qdata (G_OBJECT (text_view), child_height_quark (), NULL);

  if (g_ptr_array_find (layout->changed, text_view, NULL))
    return;

  g_ptr_array_add (layout->changed, g_object_ref (text_view));

  /* A text view does not ask for a new size when its text changes. */
  gtk_widget_queue_resize (text_view);
}

static void
queue_resized (ConfabMarkdownLayout *layout)
{
  for (guint i = 0; i < layout->resized->len; i++)
    {
      GtkWidget *child = g_ptr_array_index (layout->resized, i);

      if (confab_markdown_pieces_contain (layout->view, child))
        gtk_widget_queue_resize (child);
    }

  g_ptr_array_set_size (layout->resized, 0);
}

static gboolean
next_frame_cb (gpointer user_data)
{
  ConfabMarkdownLayout *layout = user_data;

  layout->next_frame_id = 0;
  queue_resized (layout);

  return G_SOURCE_REMOVE;
}

/* Runs after GTK's layout of the window, once a frame or more: the
 * text views that were allocated taller are measured again, and GDK
 * lays the window out again before drawing it.  That layout resizes
 * the rows around the view, which takes one more; when the frame has
 * not that many left, the text views are measured in the next frame,
 * once this one is drawn.
 */
static void
layout_done_cb (GdkFrameClock        *clock,
                ConfabMarkdownLayout *layout)
{
  if (layout->resized->len == 0)
    return;

  if (confab_frame_pass_get (clock) + 2 <= CONFAB_FRAME_MAX_LAYOUTS)
    {
      g_clear_handle_id (&layout->next_frame_id, g_source_remove);
      queue_resized (layout);
    }
  else if (layout->next_frame_id == 0)
    {
      layout->next_frame_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, next_frame_cb, layout, NULL);
    }
}

/**
 * confab_markdown_layout_watch:
 * @layout: the layout of a #ConfabMarkdownView
 * @view: the view, mapped
 *
 * Follows the frames of @view's window.
 */
void
confab_markdown_layout_watch (ConfabMarkdownLayout *layout,
                              GtkWidget            *view)
{
  confab_markdown_layout_forget (layout);

  layout->view = view;
  layout->clock = gtk_widget_get_frame_clock (view);
  if (layout->clock == NULL)
    return;

  g_object_ref (layout->clock);
  confab_frame_pass_watch (layout->clock);
  layout->layout_id = g_signal_connect_after (layout->clock, "layout", G_CALLBACK (layout_done_cb), layout);
}

/**
 * confab_markdown_layout_forget:
 * @layout: the layout of a #ConfabMarkdownView
 *
 * Stops following what confab_markdown_layout_watch() did.
 */
void
confab_markdown_layout_forget (ConfabMarkdownLayout *layout)
{
  if (layout->clock != NULL)
    g_clear_signal_handler (&layout->layout_id, layout->clock);
  g_clear_object (&layout->clock);
  g_clear_handle_id (&layout->next_frame_id, g_source_remove);
  layout->view = NULL;

  if (layout->resized != NULL)
    g_ptr_array_set_size (layout->resized, 0);
}

/* Allocating a text view at a new width, or one whose text changed,
 * makes it lay out its text and, after GTK 4.8, ask for another layout
 * from its allocation: in the last layout of a frame GDK refuses that,
 * with a warning.  So in that layout such a child (or one that holds
 * text views, as a code block or a table does) keeps the size it had,
 * at its new place: drawn as it was for one frame more.  A new child
 * is not shown until then.  In the next frame it is allocated again.
 */
static void
leave_to_next_frame (ConfabMarkdownLayout *layout,
                     GtkWidget            *child,
                     int                   y,
                     int                   height)
{
  int old_width = gtk_widget_get_width (child);
  int old_height = gtk_widget_get_height (child);

  /* At its new place: another child may be at the old one now. */
  if (old_width > 0 && g_object_get_qdata (G_OBJECT (child), deferred_quark ()) == NULL)
    {
      gtk_widget_size_allocate (child, &(GtkAllocation) { 0, y, old_width, old_height }, -1);
    }
  else
    {
      g_object_set_qdata (G_OBJECT (child), deferred_quark (), GINT_TO_POINTER (TRUE));
      gtk_widget_set_child_visible (child, FALSE);
    }

  if (!g_ptr_array_find (layout->resized, child, NULL))
    g_ptr_array_add (layout->resized, g_object_ref (child));
}

/* Places @child at @y, @width wide and @height tall. */
static void
allocate_child (ConfabMarkdownLayout *layout,
                GtkWidget            *child,
                int                   y,
                int                   width,
                int                   height,
                gboolean              new_width,
                gboolean              changed)
{
  if (GTK_IS_TEXT_VIEW (child) && (new_width || changed))
    {
      /* A text view lays out what changed only when its size changes;
       * and when its width changes, as a new one's does, only at the
       * next allocation of another size.  Its height is what it asks
       * for once it has laid out what changed, in the next layout of
       * the frame.
       */
      gtk_widget_size_allocate (child, &(GtkAllocation) { 0, y, width, height + LAYOUT_AHEAD - 1 }, -1);

      /* A new text view at the end of an answer that is followed is
       * drawn at once: it now has its width to lay out its text for
       * that.
       */
      if (new_width && changed && layout->lay_out)
        {
          GtkTextIter start;
          GtkTextIter end;

          gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (GTK_TEXT_VIEW (child)), &start, &end);
          confab_markdown_view_lay_out_lines (GTK_TEXT_VIEW (child), &start, &end);
        }

      gtk_widget_size_allocate (child, &(GtkAllocation) { 0, y, width, height + LAYOUT_AHEAD }, -1);
      g_ptr_array_add (layout->resized, g_object_ref (child));
    }
  else
    {
      gtk_widget_size_allocate (child, &(GtkAllocation) { 0, y, width, height }, -1);
    }
}

/**
 * confab_markdown_layout_allocate_pieces:
 * @layout: the layout of a #ConfabMarkdownView
 * @group: a group of the view
 * @placed: where to keep where the pieces were placed, in @group
 * @width: the width of @group
 *
 * Places the pieces of @group, one below the other.
 */
void
confab_markdown_layout_allocate_pieces (ConfabMarkdownLayout *layout,
                                        GtkWidget            *group,
                                        GArray               *placed,
                                        int                   width)
{
  gboolean last = layout->clock != NULL && confab_frame_pass_allocating_last (layout->clock);
  GtkWidget *focus = gtk_widget_get_focus_child (group);
  guint shown = 0;
  int y = 0;

  confab_markdown_placed_clear (placed);

  for (GtkWidget *child = gtk_widget_get_first_child (group);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gboolean new_width;
      gboolean changed;
      guint changed_index;
      int child_width;
      int minimum;
      int height;

      if (!gtk_widget_should_layout (child))
        continue;

      y += spacing_before (child, shown++);

      /* A table is as wide as it needs, up to the view's width.  It is
       * placed here rather than by its halign: GTK (4.12 and later) would
       * measure its width for the height it gets and warn that a table
       * of wrapping cells needs more.
       */
      child_width = width;
      if (gtk_widget_has_css_class (child, "markdown-table"))
        {
          int natural_width;

          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural_width, NULL, NULL);
          child_width = MAX (MIN (natural_width, width), minimum);
        }

      measure_height (child, child_width, &minimum, &height);
      new_width = gtk_widget_get_width (child) != child_width;
      changed = g_ptr_array_find (layout->changed, child, &changed_index);

      /* One left to the next frame has still to lay out what changed. */
      if (last && (new_width || (changed && GTK_IS_TEXT_VIEW (child))) && child != focus)
        {
          leave_to_next_frame (layout, child, y, height);
        }
      else
        {
          if (changed)
            g_ptr_array_remove_index_fast (layout->changed, changed_index);
          allocate_child (layout, child, y, child_width, height, new_width, changed);
          if (G_UNLIKELY (g_object_get_qdata (G_OBJECT (child), deferred_quark ()) != NULL))
            g_object_set_qdata (G_OBJECT (child), deferred_quark (), NULL);
        }

      g_array_append_val (placed, ((ConfabMarkdownPlaced) { g_object_ref (child), y, height }));
      y += height;
      layout->n_allocated++;
    }
}

/**
 * confab_markdown_layout_allocate:
 * @layout: the layout of a #ConfabMarkdownView
 * @view: the view
 * @width: its width
 *
 * Places the groups of @view, one below the other.  GTK allocates a
 * group again, which places its pieces, only when its size or a piece
 * in it changed.
 */
void
confab_markdown_layout_allocate (ConfabMarkdownLayout *layout,
                                 GtkWidget            *view,
                                 int                   width)
{
  gint64 started = g_get_monotonic_time ();
  guint shown = 0;
  int y = 0;

  confab_markdown_layout_drop_placed (layout);

  for (GtkWidget *group = gtk_widget_get_first_child (view);
       group != NULL;
       group = gtk_widget_get_next_sibling (group))
    {
      int minimum;
      int height;

      if (!gtk_widget_should_layout (group))
        continue;

      y += spacing_before (group, shown++);
      gtk_widget_measure (group, GTK_ORIENTATION_VERTICAL, width, &minimum, &height, NULL, NULL);
      gtk_widget_size_allocate (group, &(GtkAllocation) { 0, y, width, height }, -1);

      g_array_append_val (layout->placed, ((ConfabMarkdownPlaced) { g_object_ref (group), y, height }));
      y += height;
    }

  /* Those taken away since they changed. */
  for (guint i = layout->changed->len; i > 0; i--)
    if (!confab_markdown_pieces_contain (view, g_ptr_array_index (layout->changed, i - 1)))
      g_ptr_array_remove_index_fast (layout->changed, i - 1);

  /* What a byte added costs, of late. */
  if (layout->added >= MEASURED_BYTES)
    {
      double ms_per_byte = (g_get_monotonic_time () - started) / 1000.0 / layout->added;

      layout->ms_per_byte = (layout->ms_per_byte + ms_per_byte) / 2;
    }
  layout->added = 0;
}
