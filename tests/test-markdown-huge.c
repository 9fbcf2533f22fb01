/* test-markdown-huge.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Answers of megabytes in the Markdown view: one paragraph that nothing
 * cuts is parsed on a worker and rendered a step at a time, in pieces
 * of a few KB, several a frame, and all of its text is there, nothing
 * added; the children of an answer shown before are freed a few at a
 * time.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "confab-application.h"
#include "confab-markdown-group.h"
#include "confab-markdown-view.h"
#include "confab-markdown-view-private.h"
#include "confab-test-ui.h"

#define WAIT_LIMIT_S 120

/* One paragraph of about @length bytes, without a newline, with some
 * inline styles and characters of every width.
 */
static char *
make_paragraph (gsize length)
{
  static const char *words[] = { "a", "long", "answer", "with", "**strong**", "`code`", "é", "漢字", "🎉", "words." };
  GString *text = g_string_sized_new (length + 32);
  guint i = 0;

  while (text->len < length)
    {
      g_string_append (text, words[i++ % G_N_ELEMENTS (words)]);
      g_string_append_c (text, ' ');
    }

  return g_string_free (text, FALSE);
}

static void
wait_rendered (ConfabMarkdownView *view)
{
  gint64 limit = g_get_monotonic_time () + WAIT_LIMIT_S * G_USEC_PER_SEC;

  while (confab_markdown_view_get_pending (view))
    {
      if (g_get_monotonic_time () > limit)
        g_error ("The view was still rendering after %d s", WAIT_LIMIT_S);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* The text views' text, one after the other, each without the newline
 * that ends its last paragraph; each is one paragraph of at most
 * @max_chars.
 */
static char *
dup_pieces (ConfabMarkdownView *view,
            guint               max_chars,
            guint              *n_pieces)
{
  GString *shown = g_string_new (NULL);

  *n_pieces = 0;
  for (GtkWidget *child = confab_markdown_pieces_get_first (GTK_WIDGET (view));
       child != NULL;
       child = confab_markdown_piece_get_next (child))
    {
      GtkTextBuffer *buffer;
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      g_assert_true (GTK_IS_TEXT_VIEW (child));
      buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child));
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

      g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), ==, 2);  /* and the empty last */
      g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), <=, max_chars);
      g_assert_true (g_str_has_suffix (text, "\n"));
      g_string_append_len (shown, text, strlen (text) - 1);
      (*n_pieces)++;
    }

  return g_string_free (shown, FALSE);
}

/* A paragraph of 1.2 MB is not rendered at once, nor parsed on the main
 * thread: the view has nothing of it yet when set, and says it is
 * pending; its plain text is whole all along.  Once rendered, it is
 * hundreds of text views of one line each, which together hold all its
 * text and no more.
 */
static void
test_paragraph_in_steps (void)
{
  g_autofree char *paragraph = make_paragraph (1200 * 1024);
  ConfabMarkdownView *view = CONFAB_MARKDOWN_VIEW (confab_markdown_view_new ());
  g_autofree char *plain_before = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *shown = NULL;
  guint n_pieces;

  g_object_ref_sink (view);
  confab_markdown_view_set_text (view, paragraph, -1);

  g_assert_true (confab_markdown_view_get_pending (view));
  g_assert_null (confab_markdown_pieces_get_first (GTK_WIDGET (view)));
  plain_before = confab_markdown_view_get_plain_text (view);

  wait_rendered (view);

  plain = confab_markdown_view_get_plain_text (view);
  g_assert_cmpstr (plain_before, ==, plain);
  g_assert_nonnull (strstr (plain, "with strong code é 漢字 🎉 words. a long"));
  g_assert_null (strstr (plain, "**"));

  shown = dup_pieces (view, 8 * 1024, &n_pieces);
  g_assert_cmpuint (n_pieces, >=, 1200 / 8);
  g_assert_cmpstr (shown, ==, g_strstrip (plain));

  g_object_unref (view);
}

/* Text set again while the worker parses the paragraph: the new text
 * is shown at once; a paragraph set again while the first parse still
 * runs is parsed once that is done, and what that parse made is
 * dropped.
 */
static void
test_paragraph_replaced (void)
{
  g_autofree char *paragraph = make_paragraph (1200 * 1024);
  g_autofree char *longer = g_strconcat (paragraph, "and more.", NULL);
  ConfabMarkdownView *view = CONFAB_MARKDOWN_VIEW (confab_markdown_view_new ());
  g_autofree char *short_shown = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *plain = NULL;
  guint n_pieces;

  g_object_ref_sink (view);
  confab_markdown_view_set_text (view, paragraph, -1);
  g_assert_true (confab_markdown_view_get_pending (view));

  confab_markdown_view_set_text (view, "Short **and** new.", -1);
  g_assert_false (confab_markdown_view_get_pending (view));
  short_shown = dup_pieces (view, 100, &n_pieces);
  g_assert_cmpuint (n_pieces, ==, 1);
  g_assert_cmpstr (short_shown, ==, "Short and new.");

  confab_markdown_view_set_text (view, longer, -1);
  wait_rendered (view);

  plain = confab_markdown_view_get_plain_text (view);
  g_assert_true (g_str_has_suffix (g_strstrip (plain), " and more."));
  shown = dup_pieces (view, 8 * 1024, &n_pieces);
  g_assert_cmpstr (shown, ==, plain);

  g_object_unref (view);
}

static void
count_changed_cb (GtkTextBuffer *buffer,
                  guint         *changes)
{
  (*changes)++;
}

/* A paragraph of megabytes that grows, as a streamed answer does: while
 * the worker parses it again, the view goes on showing what it showed;
 * then the pieces that are the same stay as they are (not set again,
 * nor laid out), and only what changed or was added is rendered.
 */
static void
test_paragraph_grows (void)
{
  g_autofree char *paragraph = make_paragraph (1100 * 1024);
  g_autofree char *longer = g_strconcat (paragraph, "and then some more words at the end.", NULL);
  ConfabMarkdownView *view = CONFAB_MARKDOWN_VIEW (confab_markdown_view_new ());
  g_autofree char *shown = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *plain_before = NULL;
  GtkWidget *first;
  guint changes = 0;
  guint n_before = 0;
  guint n_pieces;

  g_object_ref_sink (view);
  confab_markdown_view_set_text (view, paragraph, -1);
  wait_rendered (view);

  for (GtkWidget *child = confab_markdown_pieces_get_first (GTK_WIDGET (view));
       child != NULL;
       child = confab_markdown_piece_get_next (child))
    n_before++;
  g_assert_cmpuint (n_before, >=, 1100 / 8);
  first = confab_markdown_pieces_get_first (GTK_WIDGET (view));
  g_signal_connect (gtk_text_view_get_buffer (GTK_TEXT_VIEW (first)), "changed",
                    G_CALLBACK (count_changed_cb), &changes);
  plain_before = confab_markdown_view_get_plain_text (view);

  confab_markdown_view_set_text (view, longer, -1);
  g_assert_true (confab_markdown_view_get_pending (view));
  g_assert_true (confab_markdown_pieces_get_first (GTK_WIDGET (view)) == first);
  shown = dup_pieces (view, 8 * 1024, &n_pieces);
  g_assert_cmpuint (n_pieces, ==, n_before);
  g_assert_cmpstr (shown, ==, g_strstrip (plain_before));
  g_clear_pointer (&shown, g_free);

  wait_rendered (view);

  g_assert_true (confab_markdown_pieces_get_first (GTK_WIDGET (view)) == first);
  g_assert_cmpuint (changes, ==, 0);
  plain = confab_markdown_view_get_plain_text (view);
  shown = dup_pieces (view, 8 * 1024, &n_pieces);
  g_assert_cmpstr (shown, ==, g_strstrip (plain));
  g_assert_true (g_str_has_suffix (shown, "some more words at the end."));

  g_object_unref (view);
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  (*(guint *) user_data)++;

  return G_SOURCE_CONTINUE;
}

/* A paragraph of 1.2 MB in a window, as an answer is shown: the steps
 * come one a frame, and each renders several pieces (as many as the
 * frame's time allows, four at least), not one, so the end shows in far
 * fewer frames than there are pieces.
 */
static void
test_paragraph_pieces_a_frame (void)
{
  g_autofree char *paragraph = make_paragraph (1200 * 1024);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = confab_markdown_view_new ();
  g_autofree char *shown = NULL;
  g_autofree char *plain = NULL;
  guint frames = 0;
  guint n_pieces;

  gtk_window_set_default_size (GTK_WINDOW (window), 600, 400);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (view))
    g_main_context_iteration (NULL, TRUE);

  gtk_widget_add_tick_callback (window, count_frame_cb, &frames, NULL);
  confab_markdown_view_set_text (CONFAB_MARKDOWN_VIEW (view), paragraph, -1);
  wait_rendered (CONFAB_MARKDOWN_VIEW (view));

  shown = dup_pieces (CONFAB_MARKDOWN_VIEW (view), 8 * 1024, &n_pieces);
  g_assert_cmpuint (n_pieces, >=, 1200 / 8);
  plain = confab_markdown_view_get_plain_text (CONFAB_MARKDOWN_VIEW (view));
  g_assert_cmpstr (shown, ==, g_strstrip (plain));
  g_test_message ("%u pieces in %u frames", n_pieces, frames);
  g_assert_cmpuint (frames, <, n_pieces / 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A paragraph of 1.2 MB set as bytes, as a finished answer is: the view
 * keeps the bytes, not a copy, and shows what it shows when set as
 * text; the worker parses it all the same.  Text that goes on from it,
 * and short bytes, the view copies.
 */
static void
test_paragraph_bytes (void)
{
  g_autofree char *paragraph = make_paragraph (1200 * 1024);
  gsize length = strlen (paragraph);
  g_autoptr(GBytes) bytes = g_bytes_new (paragraph, length + 1);
  g_autoptr(GBytes) text = g_bytes_new_from_bytes (bytes, 0, length);
  g_autoptr(GBytes) short_bytes = g_bytes_new_static ("Short **and** new.", strlen ("Short **and** new."));
  g_autofree char *longer = g_strconcat (paragraph, "and more.", NULL);
  ConfabMarkdownView *view = CONFAB_MARKDOWN_VIEW (confab_markdown_view_new ());
  ConfabMarkdownView *copied = CONFAB_MARKDOWN_VIEW (confab_markdown_view_new ());
  g_autofree char *shown = NULL;
  g_autofree char *shown_copied = NULL;
  g_autofree char *plain = NULL;
  guint n_pieces;
  guint n_copied;

  g_object_ref_sink (view);
  g_object_ref_sink (copied);
  confab_markdown_view_set_bytes (view, text);
  g_assert_true (confab_markdown_view_get_source (view) == g_bytes_get_data (text, NULL));
  g_assert_true (confab_markdown_view_get_pending (view));
  confab_markdown_view_set_text (copied, paragraph, -1);
  g_assert_true (confab_markdown_view_get_source (copied) != paragraph);

  wait_rendered (view);
  wait_rendered (copied);
  g_assert_true (confab_markdown_view_get_source (view) == g_bytes_get_data (text, NULL));
  shown = dup_pieces (view, 8 * 1024, &n_pieces);
  shown_copied = dup_pieces (copied, 8 * 1024, &n_copied);
  g_assert_cmpuint (n_pieces, ==, n_copied);
  g_assert_cmpstr (shown, ==, shown_copied);
  plain = confab_markdown_view_get_plain_text (view);
  g_assert_cmpstr (shown, ==, g_strstrip (plain));

  /* The same bytes again change nothing. */
  confab_markdown_view_set_bytes (view, text);
  g_assert_false (confab_markdown_view_get_pending (view));

  confab_markdown_view_set_text (view, longer, -1);
  g_assert_true (confab_markdown_view_get_source (view) != g_bytes_get_data (text, NULL));
  g_assert_cmpstr (confab_markdown_view_get_source (view), ==, longer);
  g_assert_cmpmem (g_bytes_get_data (text, NULL), length, paragraph, length);

  confab_markdown_view_set_bytes (view, short_bytes);
  g_assert_true (confab_markdown_view_get_source (view) != g_bytes_get_data (short_bytes, NULL));
  g_assert_cmpstr (confab_markdown_view_get_source (view), ==, "Short **and** new.");

  g_object_unref (view);
  g_object_unref (copied);
}

/* A window of 600×400 whose scrolled window shows @view, mapped. */
static GtkWidget *
show_in_window (GtkWidget *view)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 600, 400);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (view))
    g_main_context_iteration (NULL, TRUE);

  return window;
}

/* Runs the main loop until @widget's window has laid out and drawn
 * @n_frames more frames.
 */
static void
wait_frames (GtkWidget *widget,
             guint      n_frames)
{
  guint frames = 0;
  guint id = gtk_widget_add_tick_callback (widget, count_frame_cb, &frames, NULL);
  gint64 limit = g_get_monotonic_time () + WAIT_LIMIT_S * G_USEC_PER_SEC;

  while (frames < n_frames)
    {
      if (g_get_monotonic_time () > limit)
        g_error ("No frame came in %d s", WAIT_LIMIT_S);
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, TRUE);
    }

  gtk_widget_remove_tick_callback (widget, id);
}

/* How many children of @view there are, and how many are mapped: the
 * index of the first and the last of those.
 */
static guint
count_mapped (GtkWidget *view,
              guint     *n_children,
              guint     *first_mapped,
              guint     *last_mapped)
{
  guint n_mapped = 0;
  guint i = 0;

  *first_mapped = G_MAXUINT;
  *last_mapped = 0;
  for (GtkWidget *child = confab_markdown_pieces_get_first (view);
       child != NULL;
       child = confab_markdown_piece_get_next (child), i++)
    {
      if (!gtk_widget_get_mapped (child))
        continue;
      n_mapped++;
      *first_mapped = MIN (*first_mapped, i);
      *last_mapped = i;
    }
  *n_children = i;

  return n_mapped;
}

/* How many of the children of @view from @first to @last are realized. */
static guint
count_realized (GtkWidget *view,
                guint      first,
                guint      last)
{
  guint n_realized = 0;
  guint i = 0;

  for (GtkWidget *child = confab_markdown_pieces_get_first (view);
       child != NULL && i <= last;
       child = confab_markdown_piece_get_next (child), i++)
    if (i >= first)
      n_realized += gtk_widget_get_realized (child);

  return n_realized;
}

/* The y of @child in what @view's scrolled window shows. */
static double
shown_y (GtkWidget *child)
{
  GtkWidget *viewport = gtk_widget_get_ancestor (child, GTK_TYPE_VIEWPORT);
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (child, viewport, &GRAPHENE_POINT_INIT (0, 0), &point));

  return point.y;
}

/* A paragraph of 1.2 MB in a window, hundreds of text views: only those
 * near what the scrolled window shows are mapped (so only those are
 * unmapped and unrealized when the view goes), at the top and once
 * scrolled to the middle; those scrolled past are not kept realized,
 * and those below were never realized.
 * All are measured and allocated, and the view is as tall as all of
 * them.
 */
static void
test_paragraph_maps_near (void)
{
  g_autofree char *paragraph = make_paragraph (1200 * 1024);
  GtkWidget *view = confab_markdown_view_new ();
  GtkWidget *window = show_in_window (view);
  GtkAdjustment *adjustment;
  guint n_children;
  guint n_mapped;
  guint first;
  guint last;
  guint top_last;

  confab_markdown_view_set_text (CONFAB_MARKDOWN_VIEW (view), paragraph, -1);
  wait_rendered (CONFAB_MARKDOWN_VIEW (view));
  wait_frames (window, 2);

  n_mapped = count_mapped (view, &n_children, &first, &last);
  g_test_message ("%u of %u children mapped at the top", n_mapped, n_children);
  g_assert_cmpuint (n_children, >=, 1200 / 8);
  g_assert_cmpuint (n_mapped, >=, 1);
  g_assert_cmpuint (n_mapped, <=, 10);
  g_assert_cmpuint (first, ==, 0);
  g_assert_cmpuint (last - first + 1, ==, n_mapped);
  g_assert_cmpint (gtk_widget_get_height (view), >, 200 * n_children);
  g_assert_cmpuint (count_realized (view, last + 1, n_children - 1), ==, 0);
  top_last = last;

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW)));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) / 2);
  wait_frames (window, 2);

  n_mapped = count_mapped (view, &n_children, &first, &last);
  g_test_message ("%u of %u children mapped in the middle, from %u", n_mapped, n_children, first);
  g_assert_cmpuint (n_mapped, >=, 1);
  g_assert_cmpuint (n_mapped, <=, 10);
  g_assert_cmpuint (first, >, n_children / 3);
  g_assert_cmpuint (last, <, 2 * n_children / 3);
  g_assert_cmpuint (count_realized (view, 0, top_last), ==, 0);
  g_assert_cmpuint (count_realized (view, last + 1, n_children - 1), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Tab goes from one text view to the next all through an answer of
 * hundreds of them, far past what showed at first: each child takes
 * the focus, is mapped and scrolled into view; Shift+Tab comes back.
 */
static void
test_focus_goes_far (void)
{
  g_autofree char *paragraph = make_paragraph (1200 * 1024);
  GtkWidget *view = confab_markdown_view_new ();
  GtkWidget *window = show_in_window (view);
  GtkWidget *child;
  guint n_children;
  guint first;
  guint last;
  guint i;

  confab_markdown_view_set_text (CONFAB_MARKDOWN_VIEW (view), paragraph, -1);
  wait_rendered (CONFAB_MARKDOWN_VIEW (view));
  wait_frames (window, 2);
  count_mapped (view, &n_children, &first, &last);

  child = confab_markdown_pieces_get_first (view);
  g_assert_true (gtk_widget_grab_focus (child));
  for (i = 1; i <= last + 20; i++)
    {
      GtkWidget *focus;

      g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD));
      child = confab_markdown_piece_get_next (child);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_true (focus == child);
      g_assert_true (gtk_widget_get_mapped (focus));
      wait_frames (window, 1);
      g_assert_true (gtk_widget_get_mapped (focus));
      g_assert_cmpfloat (shown_y (focus), >=, 0);
      g_assert_cmpfloat (shown_y (focus), <, 400);
    }
  g_test_message ("Tab reached child %u; %u were mapped at first", i - 1, last + 1);

  for (; i > 1; i--)
    {
      g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_BACKWARD));
      child = gtk_widget_get_prev_sibling (child);
      g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == child);
    }
  wait_frames (window, 1);
  g_assert_cmpfloat (shown_y (child), >=, 0);
  g_assert_cmpfloat (shown_y (child), <, 400);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
clear_weak_pointer (gpointer  data,
                    GObject  *object)
{
  *(gpointer *) data = NULL;
}

/* An answer of many code blocks, in a window, replaced by another: its
 * widgets leave the view at once, hidden but still in the window, and
 * are taken out of it and freed a few at a time, from the main loop,
 * not all in the call that sets the new text; then all of them are.
 */
static void
test_children_freed_later (void)
{
  g_autoptr(GString) source = g_string_new (NULL);
  GtkWidget *view = confab_markdown_view_new ();
  GtkWidget *window = show_in_window (view);
  g_autoptr(GPtrArray) children = g_ptr_array_new ();
  gint64 limit = g_get_monotonic_time () + WAIT_LIMIT_S * G_USEC_PER_SEC;
  GtkWidget *piece;
  guint alive = 0;

  for (guint i = 0; i < 200; i++)
    g_string_append_printf (source, "Block %u:\n\n```c\nint x = %u;\n```\n\n", i, i);
  confab_markdown_view_set_text (CONFAB_MARKDOWN_VIEW (view), source->str, -1);
  wait_rendered (CONFAB_MARKDOWN_VIEW (view));
  wait_frames (window, 2);

  for (GtkWidget *child = confab_markdown_pieces_get_first (view);
       child != NULL;
       child = confab_markdown_piece_get_next (child))
    g_ptr_array_add (children, child);
  g_assert_cmpuint (children->len, ==, 400);
  for (guint i = 0; i < children->len; i++)
    g_object_weak_ref (children->pdata[i], clear_weak_pointer, &children->pdata[i]);
  g_assert_true (gtk_widget_get_mapped (children->pdata[0]));

  confab_markdown_view_set_text (CONFAB_MARKDOWN_VIEW (view), "Short.", -1);
  g_assert_false (confab_markdown_view_get_pending (CONFAB_MARKDOWN_VIEW (view)));
  piece = confab_markdown_pieces_get_first (view);
  g_assert_nonnull (piece);
  g_assert_null (confab_markdown_piece_get_next (piece));
  g_assert_true (confab_markdown_pieces_get_last (view) == piece);
  g_assert_null (confab_markdown_piece_get_prev (piece));

  /* None was taken out of the window yet; none shows. */
  for (guint i = 0; i < children->len; i++)
    {
      g_assert_true (gtk_widget_get_root (children->pdata[i]) == GTK_ROOT (window));
      g_assert_false (gtk_widget_get_mapped (children->pdata[i]));
      g_assert_false (confab_markdown_pieces_contain (view, children->pdata[i]));
    }
  wait_frames (window, 1);
  g_assert_true (gtk_widget_get_mapped (piece));

  do
    {
      if (g_get_monotonic_time () > limit)
        g_error ("%u widgets of the answer before were still alive after %d s", alive, WAIT_LIMIT_S);
      g_main_context_iteration (NULL, TRUE);

      alive = 0;
      for (guint i = 0; i < children->len; i++)
        alive += children->pdata[i] != NULL;
    }
  while (alive > 0);

  /* The view is left with the group of the new text. */
  g_assert_true (gtk_widget_get_first_child (view) == gtk_widget_get_parent (piece));
  g_assert_null (gtk_widget_get_next_sibling (gtk_widget_get_parent (piece)));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* An answer of 600 pieces (paragraphs and rules), in a window, that
 * grows at its end: the pieces are in groups of at most 64, in their
 * order and placed one below the other; and the layouts after the
 * answer grew place the pieces of the group that changed, not all 600
 * of them again.
 */
static void
test_grows_in_groups (void)
{
  g_autoptr(GString) source = g_string_new (NULL);
  GtkWidget *view = confab_markdown_view_new ();
  GtkWidget *window = show_in_window (view);
  ConfabMarkdownLayout *layout = &CONFAB_MARKDOWN_VIEW (view)->layout;
  graphene_rect_t last_bounds;
  GtkWidget *piece;
  guint n_groups = 0;
  guint n_pieces = 0;
  int bottom = 0;

  for (guint i = 0; i < 300; i++)
    g_string_append_printf (source, "Section %u.\n\n---\n\n", i);
  confab_markdown_view_set_text (CONFAB_MARKDOWN_VIEW (view), source->str, -1);
  wait_rendered (CONFAB_MARKDOWN_VIEW (view));
  wait_frames (window, 2);

  piece = confab_markdown_pieces_get_first (view);
  for (GtkWidget *group = gtk_widget_get_first_child (view);
       group != NULL;
       group = gtk_widget_get_next_sibling (group), n_groups++)
    {
      guint in_group = 0;
      graphene_rect_t bounds;

      g_assert_true (CONFAB_IS_MARKDOWN_GROUP (group));
      g_assert_true (gtk_widget_compute_bounds (group, view, &bounds));
      g_assert_cmpfloat (bounds.origin.y, >=, bottom);
      bottom = bounds.origin.y + bounds.size.height;

      for (GtkWidget *child = gtk_widget_get_first_child (group);
           child != NULL;
           child = gtk_widget_get_next_sibling (child), in_group++, n_pieces++)
        {
          g_assert_true (child == piece);
          piece = confab_markdown_piece_get_next (piece);
        }
      g_assert_cmpuint (in_group, >=, 1);
      g_assert_cmpuint (in_group, <=, 64);
    }
  g_assert_null (piece);
  g_assert_cmpuint (n_pieces, ==, 600);
  g_assert_cmpuint (n_groups, ==, 600 / 64 + 1);
  g_assert_cmpint (bottom, ==, gtk_widget_get_height (view));

  /* The answer grows by a paragraph, then by some words in it. */
  layout->n_allocated = 0;
  g_string_append (source, "The end");
  confab_markdown_view_set_text (CONFAB_MARKDOWN_VIEW (view), source->str, -1);
  wait_rendered (CONFAB_MARKDOWN_VIEW (view));
  wait_frames (window, 2);
  g_string_append (source, " is near.");
  confab_markdown_view_set_text (CONFAB_MARKDOWN_VIEW (view), source->str, -1);
  wait_rendered (CONFAB_MARKDOWN_VIEW (view));
  wait_frames (window, 2);

  g_test_message ("%u pieces placed while the answer grew", layout->n_allocated);
  g_assert_cmpuint (layout->n_allocated, >=, 1);
  g_assert_cmpuint (layout->n_allocated, <=, 4 * 64);

  /* The paragraph added is the last piece, at the bottom of the view. */
  piece = confab_markdown_pieces_get_last (view);
  g_assert_true (GTK_IS_TEXT_VIEW (piece));
  g_assert_true (gtk_widget_compute_bounds (piece, view, &last_bounds));
  g_assert_cmpfloat (last_bounds.origin.y, >, bottom);
  g_assert_cmpint (gtk_widget_get_height (view), >, bottom);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  confab_test_ui_init (&argc, &argv);
  adw_init ();

  /* Text is drawn as the application draws it. */
  confab_application_set_up_text (gtk_settings_get_default ());

  g_test_add_func ("/markdown-huge/paragraph-in-steps", test_paragraph_in_steps);
  g_test_add_func ("/markdown-huge/paragraph-replaced", test_paragraph_replaced);
  g_test_add_func ("/markdown-huge/paragraph-pieces-a-frame", test_paragraph_pieces_a_frame);
  g_test_add_func ("/markdown-huge/children-freed-later", test_children_freed_later);
  g_test_add_func ("/markdown-huge/paragraph-grows", test_paragraph_grows);
  g_test_add_func ("/markdown-huge/paragraph-maps-near", test_paragraph_maps_near);
  g_test_add_func ("/markdown-huge/paragraph-bytes", test_paragraph_bytes);
  g_test_add_func ("/markdown-huge/focus-goes-far", test_focus_goes_far);
  g_test_add_func ("/markdown-huge/grows-in-groups", test_grows_in_groups);

  return g_test_run ();
}
