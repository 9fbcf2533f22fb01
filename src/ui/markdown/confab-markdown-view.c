/* confab-markdown-view.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "confab-markdown-code-block.h"
#include "confab-markdown-parser.h"
#include "confab-markdown-view.h"
#include "confab-markdown-view-private.h"

/* Markdown rendered as a column of pieces: text views for the prose,
 * with tags for what is inline and for the layout of headings, lists
 * and quotes, and a widget of its own for each code block, table and
 * rule.  Nothing of the answer is ever markup.  The pieces are kept in
 * groups, the view's children (see confab-markdown-group.c).
 *
 * The view's state is in confab-markdown-view-private.h; how it renders
 * its source, in parts and a step at a time, is in
 * confab-markdown-view-steps.c.
 */

G_DEFINE_FINAL_TYPE (ConfabMarkdownView, confab_markdown_view, GTK_TYPE_WIDGET)

enum {
  ACTIVATE_LINK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Groups of pieces taken away: those still in their views, hidden, to
 * take out of them one at a time, then those taken out, to free a few
 * pieces at a time.
 */
static GPtrArray *leaving;
static guint leaving_id;
static GPtrArray *let_go;
static guint let_go_id;

/* Text this long, set whole, is shared rather than copied. */
#define SHARED_SOURCE_SIZE (64 * 1024)

/* How long letting go of children may take in an idle callback, in µs. */
#define LET_GO_US 5000

/* How long taking groups out of their views may take at once, in µs,
 * and how often, in ms.  While the view renders what replaces them,
 * frames come one after the other and an idle callback would wait for
 * them to end; and until the groups are out, GTK goes through their
 * hidden pieces with the view's in every frame.
 */
#define TAKE_OUT_US 2000
#define TAKE_OUT_MS 10

/* Text of this many bytes or more is freed from an idle callback. */
#define FREED_LATER_SIZE (256 * 1024)

/* Lets go of the groups taken out, a piece at a time from the first,
 * then of the group, for LET_GO_US at most.
 */
static gboolean
let_go_cb (gpointer user_data)
{
  gint64 started = g_get_monotonic_time ();
  gboolean first = TRUE;
  guint n = 0;

  while (n < let_go->len && (first || g_get_monotonic_time () - started < LET_GO_US))
    {
      if (confab_markdown_group_let_go_step (g_ptr_array_index (let_go, n)))
        g_object_unref (g_ptr_array_index (let_go, n++));
      first = FALSE;
    }
  g_ptr_array_remove_range (let_go, 0, n);

  if (let_go->len > 0)
    return G_SOURCE_CONTINUE;

  let_go_id = 0;

  return G_SOURCE_REMOVE;
}

/* Takes the groups that left out of their views, one at a time from
 * the first, for TAKE_OUT_US at most, and has them freed.
 */
static gboolean
take_out_cb (gpointer user_data)
{
  gint64 started = g_get_monotonic_time ();
  guint n = 0;

  if (let_go == NULL)
    let_go = g_ptr_array_new ();

  /* Each with its reference. */
  do
    {
      gpointer group = g_ptr_array_index (leaving, n++);

      confab_markdown_group_take_out (group);
      g_ptr_array_add (let_go, group);
    }
  while (n < leaving->len && g_get_monotonic_time () - started < TAKE_OUT_US);
  g_ptr_array_remove_range (leaving, 0, n);

  if (let_go_id == 0)
    {
      let_go_id = g_idle_add_full (G_PRIORITY_LOW, let_go_cb, NULL, NULL);
      g_source_set_name_by_id (let_go_id, "[confab] free Markdown widgets");
    }

  if (leaving->len > 0)
    return G_SOURCE_CONTINUE;

  leaving_id = 0;

  return G_SOURCE_REMOVE;
}

static gboolean
free_string_cb (gpointer user_data)
{
  g_string_free (user_data, TRUE);

  return G_SOURCE_REMOVE;
}

/* Frees @string, from an idle callback when it is long: freeing a block
 * of megabytes has malloc gather all that was freed before it, as the
 * thousands of widgets of a chat taken away are, some 10 ms in the
 * frame that shows the next chat.
 */
static void
free_string_later (GString *string)
{
  if (string->allocated_len < FREED_LATER_SIZE)
    {
      g_string_free (string, TRUE);
      return;
    }

  g_source_set_name_by_id (g_idle_add_full (G_PRIORITY_LOW, free_string_cb, string, NULL),
                           "[confab] free a Markdown view's text");
}

/**
 * confab_markdown_view_take_children:
 * @self: a #ConfabMarkdownView
 *
 * Takes away all the pieces of @self, in their groups.  Those of an
 * answer of megabytes are thousands: taking them out of the window
 * costs some 90 ms, and freeing each costs more the more there are
 * (every code block's source view disconnects from what all of them
 * share).  The groups are hidden now, taken out of @self one at a time
 * between frames, and their pieces freed a few at a time from an idle
 * callback, from the first.
 */
void
confab_markdown_view_take_children (ConfabMarkdownView *self)
{
  if (leaving == NULL)
    leaving = g_ptr_array_new ();

  confab_markdown_groups_leave (GTK_WIDGET (self), leaving);
  self->trades_size = FALSE;

  if (leaving->len > 0 && leaving_id == 0)
    {
      leaving_id = g_timeout_add_full (GDK_PRIORITY_REDRAW, TAKE_OUT_MS, take_out_cb, NULL, NULL);
      g_source_set_name_by_id (leaving_id, "[confab] take Markdown widgets out");
    }
}

static void
dark_changed_cb (ConfabMarkdownView *self)
{
  for (GtkWidget *child = confab_markdown_pieces_get_first (GTK_WIDGET (self));
       child != NULL;
       child = confab_markdown_piece_get_next (child))
    {
      if (CONFAB_IS_MARKDOWN_CODE_BLOCK (child))
        confab_markdown_code_block_update_style (CONFAB_MARKDOWN_CODE_BLOCK (child));
      else if (GTK_IS_TEXT_VIEW (child))
        confab_markdown_view_update_tag_colors (gtk_text_buffer_get_tag_table (gtk_text_view_get_buffer (GTK_TEXT_VIEW (child))));
    }
}


/* Lets go of the bytes the source shares, if it does. */
static void
unshare_source (ConfabMarkdownView *self)
{
  if (self->source_bytes == NULL)
    return;

  g_free (self->source);
  self->source = NULL;
  g_clear_pointer (&self->source_bytes, g_bytes_unref);
}

/* The source, to change: a copy of its own if it was shared. */
static GString *
own_source (ConfabMarkdownView *self)
{
  if (self->source_bytes != NULL)
    {
      GString *copy = g_string_new_len (self->source->str, self->source->len);

      unshare_source (self);
      self->source = copy;
    }

  return self->source;
}

static void
clear_all (ConfabMarkdownView *self)
{
  confab_markdown_view_clear_rendered (self);

  if (self->source_bytes != NULL)
    {
      unshare_source (self);
      self->source = g_string_new (NULL);
    }
  g_string_truncate (self->source, 0);
  confab_markdown_definitions_clear (&self->definitions);
  confab_markdown_definitions_init (&self->definitions);
  g_string_truncate (self->shown_definitions, 0);
}

static void
confab_markdown_view_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  confab_markdown_layout_measure (widget, CONFAB_MARKDOWN_VIEW (widget)->trades_size,
                                  orientation, for_size, minimum, natural);
}

static GtkSizeRequestMode
confab_markdown_view_get_request_mode (GtkWidget *widget)
{
  return confab_markdown_layout_get_request_mode (CONFAB_MARKDOWN_VIEW (widget)->trades_size);
}

static void
confab_markdown_view_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  confab_markdown_layout_allocate (&CONFAB_MARKDOWN_VIEW (widget)->layout, widget, width);
}

static void
confab_markdown_view_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  ConfabMarkdownView *self = CONFAB_MARKDOWN_VIEW (widget);

  self->viewport.culled = confab_markdown_view_snapshot_near (widget, &self->layout, self->viewport.scrollable,
                                                              snapshot);
}

static void
confab_markdown_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (confab_markdown_view_parent_class)->map (widget);

  confab_markdown_viewport_watch (&CONFAB_MARKDOWN_VIEW (widget)->viewport, widget);
  confab_markdown_layout_watch (&CONFAB_MARKDOWN_VIEW (widget)->layout, widget);
  confab_markdown_viewport_map_near (&CONFAB_MARKDOWN_VIEW (widget)->viewport);

  /* Before the first code block comes. */
  confab_markdown_code_block_preload ();
}

/* Has @child, a piece, or something in it, take the keyboard's focus,
 * moving in @direction; a piece that is not mapped, being far from what
 * shows, is mapped for that, and stays so while it has the focus.
 */
static gboolean
child_focus (ConfabMarkdownView *self,
             GtkWidget          *child,
             GtkDirectionType    direction)
{
  gboolean mapped = gtk_widget_get_child_visible (child);

  /* Not a hidden child, nor one left to the next frame (not allocated). */
  if (!gtk_widget_get_visible (child) ||
      g_object_get_data (G_OBJECT (child), CONFAB_MARKDOWN_DEFERRED_KEY) != NULL)
    return FALSE;

  if (!mapped)
    confab_markdown_piece_show (child);

  if (gtk_widget_child_focus (child, direction))
    {
      confab_markdown_viewport_scroll_to (&self->viewport, child);
      return TRUE;
    }

  if (!mapped)
    confab_markdown_view_hide_piece (child);

  return FALSE;
}

/* Moving the keyboard's focus through the pieces, in their order:
 * GTK's own way goes only through the widgets that are mapped, which
 * would stop it at the end of what shows (see
 * confab_markdown_viewport_map_near()).  Left and right go GTK's way.
 */
static gboolean
confab_markdown_view_focus (GtkWidget        *widget,
                            GtkDirectionType  direction)
{
  ConfabMarkdownView *self = CONFAB_MARKDOWN_VIEW (widget);
  GtkWidget *focus = confab_markdown_pieces_get_focus (widget);
  gboolean forward;
  GtkWidget *child;

  if (direction == GTK_DIR_LEFT || direction == GTK_DIR_RIGHT)
    return GTK_WIDGET_CLASS (confab_markdown_view_parent_class)->focus (widget, direction);

  forward = direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_DOWN;

  if (focus != NULL)
    {
      /* Within the child that has it first, as between the buttons of a
       * code block.
       */
      if (gtk_widget_child_focus (focus, direction))
        return TRUE;
      child = forward ? confab_markdown_piece_get_next (focus) : confab_markdown_piece_get_prev (focus);
    }
  else
    {
      child = forward ? confab_markdown_pieces_get_first (widget) : confab_markdown_pieces_get_last (widget);
    }

  for (; child != NULL; child = forward ? confab_markdown_piece_get_next (child) : confab_markdown_piece_get_prev (child))
    if (child_focus (self, child, direction))
      return TRUE;

  return FALSE;
}

static void
confab_markdown_view_unmap (GtkWidget *widget)
{
  ConfabMarkdownView *self = CONFAB_MARKDOWN_VIEW (widget);
  gboolean stepping = self->tick_id != 0;

  confab_markdown_viewport_forget (&self->viewport);
  confab_markdown_layout_forget (&self->layout);

  GTK_WIDGET_CLASS (confab_markdown_view_parent_class)->unmap (widget);

  /* No frames come while unmapped: the steps go on from idle. */
  if (stepping)
    {
      confab_markdown_view_cancel_step (self);
      confab_markdown_view_schedule_step (self);
    }
}

static gboolean
confab_markdown_view_real_activate_link (ConfabMarkdownView *self,
                                         const char         *href)
{
  confab_markdown_view_open_link (GTK_WIDGET (self), href);

  return TRUE;
}

static void
confab_markdown_view_dispose (GObject *object)
{
  ConfabMarkdownView *self = CONFAB_MARKDOWN_VIEW (object);
  GtkWidget *group;

  /* The groups go with the view, their pieces later. */
  confab_markdown_view_take_children (self);
  while ((group = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (group);
  self->last_leaving = NULL;

  self->open_text = NULL;
  self->tail_mark = NULL;
  self->tail_text = NULL;
  self->tail_last = NULL;
  self->tail_pending = FALSE;
  self->tail_parsing = FALSE;
  self->parse_serial++;
  confab_markdown_view_cancel_step (self);
  confab_markdown_viewport_forget (&self->viewport);
  confab_markdown_layout_clear (&self->layout);
  confab_markdown_view_drop_tail_reuse (self, G_MAXUINT);
  g_clear_pointer (&self->tail_widgets, g_ptr_array_unref);
  g_clear_pointer (&self->tail_tags, g_ptr_array_unref);

  G_OBJECT_CLASS (confab_markdown_view_parent_class)->dispose (object);
}

static void
confab_markdown_view_finalize (GObject *object)
{
  ConfabMarkdownView *self = CONFAB_MARKDOWN_VIEW (object);

  if (self->source_bytes != NULL)
    unshare_source (self);
  else
    free_string_later (self->source);
  g_string_free (self->shown_definitions, TRUE);
  confab_markdown_definitions_clear (&self->definitions);
  free_string_later (self->finished_plain);
  g_clear_pointer (&self->tail, confab_markdown_document_free);
  g_clear_pointer (&self->part, confab_markdown_document_free);
  g_array_unref (self->parts);

  G_OBJECT_CLASS (confab_markdown_view_parent_class)->finalize (object);
}

static void
confab_markdown_view_class_init (ConfabMarkdownViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confab_markdown_view_dispose;
  object_class->finalize = confab_markdown_view_finalize;

  /**
   * ConfabMarkdownView::activate-link:
   * @self: a #ConfabMarkdownView
   * @href: the target of the link, http, https or mailto
   *
   * Emitted when a link is clicked or activated with Enter, in the text
   * or in a table.  The default handler opens it.
   *
   * Returns: %TRUE when the link was handled
   */
  signals[ACTIVATE_LINK] =
    g_signal_new_class_handler ("activate-link",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (confab_markdown_view_real_activate_link),
                                g_signal_accumulator_true_handled, NULL,
                                NULL,
                                G_TYPE_BOOLEAN, 1, G_TYPE_STRING);

  widget_class->snapshot = confab_markdown_view_snapshot;
  widget_class->map = confab_markdown_view_map;
  widget_class->unmap = confab_markdown_view_unmap;
  widget_class->focus = confab_markdown_view_focus;

  widget_class->get_request_mode = confab_markdown_view_get_request_mode;
  widget_class->measure = confab_markdown_view_measure;
  widget_class->size_allocate = confab_markdown_view_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "markdownview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
confab_markdown_view_init (ConfabMarkdownView *self)
{
  /* Text views are allocated taller than they show. */
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  self->source = g_string_new (NULL);
  self->shown_definitions = g_string_new (NULL);
  confab_markdown_definitions_init (&self->definitions);
  self->finished_plain = g_string_new (NULL);
  self->parts = g_array_new (FALSE, FALSE, sizeof (gsize));
  self->tail_widgets = g_ptr_array_new_with_free_func (g_object_unref);
  self->tail_tags = g_ptr_array_new_with_free_func (g_object_unref);
  confab_markdown_layout_init (&self->layout);

  g_signal_connect_object (adw_style_manager_get_default (),
                           "notify::dark",
                           G_CALLBACK (dark_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
confab_markdown_view_new (void)
{
  return g_object_new (CONFAB_TYPE_MARKDOWN_VIEW, NULL);
}

/**
 * confab_markdown_view_set_text:
 * @self: a #ConfabMarkdownView
 * @text: Markdown source
 * @length: the length of @text in bytes, or -1 when it is nul-terminated
 *
 * Shows @text rendered.  When @text is the source shown before and
 * more, as a streamed answer grows, only what is after the last
 * finished block is parsed and rendered again; anything else is
 * rendered anew.
 */
void
confab_markdown_view_set_text (ConfabMarkdownView *self,
                               const char         *text,
                               gssize              length)
{
  gsize size;

  g_return_if_fail (CONFAB_IS_MARKDOWN_VIEW (self));
  g_return_if_fail (text != NULL || length <= 0);

  if (text == NULL)
    text = "";
  size = length < 0 ? strlen (text) : (gsize) length;

  if (size == self->source->len && memcmp (text, self->source->str, size) == 0)
    return;

  if (size < self->source->len || memcmp (text, self->source->str, self->source->len) != 0)
    clear_all (self);

  g_string_append_len (own_source (self), text + self->source->len, size - self->source->len);

  confab_markdown_view_update (self);
}

/**
 * confab_markdown_view_set_bytes:
 * @self: a #ConfabMarkdownView
 * @bytes: Markdown in UTF-8, with a NUL byte after it, as
 *   confab_message_dup_content_bytes() gives
 *
 * Like confab_markdown_view_set_text(), for the whole text of a
 * finished answer: when it is long and replaces what the view showed,
 * the view keeps @bytes rather than a copy.
 */
void
confab_markdown_view_set_bytes (ConfabMarkdownView *self,
                                GBytes             *bytes)
{
  gsize size;
  const char *text;

  g_return_if_fail (CONFAB_IS_MARKDOWN_VIEW (self));
  g_return_if_fail (bytes != NULL);

  if (self->source_bytes == bytes)
    return;

  /* Short text, or text that goes on from what the view has, as an
   * answer that streamed: the view appends what is new.
   */
  text = g_bytes_get_data (bytes, &size);
  if (size < SHARED_SOURCE_SIZE ||
      (self->source->len > 0 && size >= self->source->len &&
       memcmp (text, self->source->str, self->source->len) == 0))
    {
      confab_markdown_view_set_text (self, text, size);
      return;
    }

  /* Nothing the view shows stays: it all goes, and the view shares the
   * new text.
   */
  clear_all (self);
  g_string_free (self->source, TRUE);

  self->source_bytes = g_bytes_ref (bytes);
  self->source = g_new0 (GString, 1);
  self->source->str = (char *) text;
  self->source->len = size;

  confab_markdown_view_update (self);
}

/**
 * confab_markdown_view_set_growing:
 * @self: a #ConfabMarkdownView
 * @growing: whether the text shown is still growing, as a streamed
 *   answer does
 *
 * While the text grows, a formula whose end has not arrived yet is not
 * shown; when it stops growing, all of it is.
 */
void
confab_markdown_view_set_growing (ConfabMarkdownView *self,
                                  gboolean            growing)
{
  g_return_if_fail (CONFAB_IS_MARKDOWN_VIEW (self));

  growing = !!growing;
  if (self->growing == growing)
    return;

  self->growing = growing;
  if (!growing && self->source->len > self->finished)
    confab_markdown_view_update (self);
}

/**
 * confab_markdown_view_get_source:
 * @self: a #ConfabMarkdownView
 *
 * Returns: the Markdown source shown
 */
const char *
confab_markdown_view_get_source (ConfabMarkdownView *self)
{
  g_return_val_if_fail (CONFAB_IS_MARKDOWN_VIEW (self), NULL);

  return self->source->str;
}

/**
 * confab_markdown_view_get_plain_text:
 * @self: a #ConfabMarkdownView
 *
 * Returns: (transfer full): the text shown, without Markdown syntax:
 *   blocks apart by a blank line, list items with their markers, table
 *   cells apart by tabs
 */
char *
confab_markdown_view_get_plain_text (ConfabMarkdownView *self)
{
  GString *plain;

  g_return_val_if_fail (CONFAB_IS_MARKDOWN_VIEW (self), NULL);

  plain = g_string_new (self->finished_plain->str);

  if (confab_markdown_view_parts_wait (self))
    {
      gsize start = self->finished;

      /* The part being rendered, then those that wait. */
      if (self->part != NULL)
        {
          confab_markdown_document_append_plain (self->part, plain);
          start = self->part_end;
        }

      /* What waits to be rendered, parsed as it will be. */
      for (guint i = self->next_part; i <= self->parts->len; i++)
        {
          gsize end = i < self->parts->len ? g_array_index (self->parts, gsize, i) : self->source->len;
          g_autoptr(ConfabMarkdownDocument) part = NULL;

          part = confab_markdown_parse_part (self->source->str + start, end - start, self->shown_definitions);
          confab_markdown_document_append_plain (part, plain);
          start = end;
        }
    }
  else if (self->tail_parsing)
    {
      g_autoptr(ConfabMarkdownDocument) tail = NULL;

      /* What the worker parses, parsed here too. */
      tail = confab_markdown_parse_part (self->source->str + self->finished, self->tail_length,
                                         self->shown_definitions);
      confab_markdown_document_append_plain (tail, plain);
    }
  else if (self->tail != NULL)
    {
      confab_markdown_document_append_plain (self->tail, plain);
    }

  return g_string_free (plain, FALSE);
}

/**
 * confab_markdown_view_get_pending:
 * @self: a #ConfabMarkdownView
 *
 * Returns: whether some of the source waits to be rendered: a long
 *   answer is rendered a step at a time, from the main loop
 */
gboolean
confab_markdown_view_get_pending (ConfabMarkdownView *self)
{
  g_return_val_if_fail (CONFAB_IS_MARKDOWN_VIEW (self), FALSE);

  return self->render_id != 0 || self->tick_id != 0 || self->tail_parsing;
}

/* Asks the view that @widget is in to open @href; only http, https
 * and mailto links are ever opened.
 */
void
confab_markdown_view_activate_link (GtkWidget  *widget,
                                    const char *href)
{
  GtkWidget *view = gtk_widget_get_ancestor (widget, CONFAB_TYPE_MARKDOWN_VIEW);
  gboolean handled = FALSE;

  if (!confab_markdown_link_is_allowed (href))
    return;

  if (view != NULL)
    g_signal_emit (view, signals[ACTIVATE_LINK], 0, href, &handled);
  else
    confab_markdown_view_open_link (widget, href);
}
