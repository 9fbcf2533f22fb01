/* test-frame-pass.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layouts of a frame: which one runs, and that a Markdown view laid
 * out first, or at a new width, in the last of them leaves to the next
 * frame what would ask GDK for a fifth layout (which GDK refuses, with
 * a warning; GTK 4.8 then draws the window unallocated).
 */

#include "config.h"

#include "confab-frame-pass.h"
#include "confab-markdown-view.h"
#include "confab-test-server.h"
#include "confab-test-ui.h"

#define LAYOUT_WARNING "gdk-frame-clock: layout continuously requested"

typedef struct
{
  GtkWidget *window;
  GtkWidget *box;
  GtkWidget *filler;
  GtkWidget *late;      /* shown in the layout numbered show_in_pass */
  guint      show_in_pass;
  int        narrow_by; /* or the box made narrower by that, then */
  gint64     frame;     /* the frame counted, or -1 */
  GArray    *passes;    /* the layouts of that frame, as counted */
  guint      max_pass;  /* of any frame */
} Fixture;

/* Connected after the frame clock's own handlers, as the widgets that
 * ask for more layouts are.
 */
static void
layout_cb (GdkFrameClock *clock,
           Fixture       *fixture)
{
  guint pass = confab_frame_pass_get (clock);

  fixture->max_pass = MAX (fixture->max_pass, pass);

  if (fixture->frame == -1)
    fixture->frame = gdk_frame_clock_get_frame_counter (clock);
  if (fixture->frame == gdk_frame_clock_get_frame_counter (clock))
    g_array_append_val (fixture->passes, pass);

  if (fixture->show_in_pass == 0)
    return;

  /* Another layout, until the one the late widget is shown in, or the
   * box made narrower.
   */
  if (pass < fixture->show_in_pass)
    {
      gtk_widget_queue_resize (fixture->filler);
    }
  else
    {
      if (fixture->narrow_by > 0)
        gtk_widget_set_margin_end (fixture->box, fixture->narrow_by);
      else
        gtk_box_append (GTK_BOX (fixture->box), fixture->late);
      fixture->show_in_pass = 0;
    }
}

/* Lets the frames come until nothing asks for another. */
static void
settle (Fixture *fixture)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (fixture->window);
  gint64 frame = gdk_frame_clock_get_frame_counter (clock);
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      if (gdk_frame_clock_get_frame_counter (clock) != frame)
        {
          frame = gdk_frame_clock_get_frame_counter (clock);
          end = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
        }
      g_usleep (1000);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *scrolled;

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 800);
  fixture->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  fixture->filler = gtk_label_new ("Above");
  gtk_box_append (GTK_BOX (fixture->box), fixture->filler);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_EXTERNAL);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), fixture->box);
  gtk_window_set_child (GTK_WINDOW (fixture->window), scrolled);
  fixture->frame = -1;
  fixture->passes = g_array_new (FALSE, FALSE, sizeof (guint));

  gtk_window_present (GTK_WINDOW (fixture->window));
  confab_test_run_until (confab_test_widget_is_mapped, fixture->window);
  settle (fixture);

  confab_frame_pass_watch (gtk_widget_get_frame_clock (fixture->window));
  g_signal_connect_after (gtk_widget_get_frame_clock (fixture->window), "layout",
                          G_CALLBACK (layout_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_signal_handlers_disconnect_matched (gtk_widget_get_frame_clock (fixture->window),
                                        G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA,
                                        0, 0, NULL, layout_cb, fixture);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->late);
  g_array_unref (fixture->passes);
}

/* Each layout of a frame has its number, from 1; the next frame starts
 * again at 1; outside the layouts there is none.
 */
static void
test_count (Fixture       *fixture,
            gconstpointer  data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (fixture->window);

  fixture->late = g_object_ref_sink (gtk_label_new ("Late"));
  fixture->show_in_pass = 3;
  gtk_widget_queue_resize (fixture->filler);
  confab_test_run_until (confab_test_widget_is_mapped, fixture->late);
  settle (fixture);

  /* Three layouts that asked for one more each, and the one that laid
   * out the label shown in the third.
   */
  g_assert_cmpuint (fixture->passes->len, ==, 4);
  for (guint i = 0; i < fixture->passes->len; i++)
    g_assert_cmpuint (g_array_index (fixture->passes, guint, i), ==, i + 1);
  g_assert_cmpuint (confab_frame_pass_get (clock), ==, 0);

  /* The next frame. */
  fixture->frame = -1;
  g_array_set_size (fixture->passes, 0);
  gtk_widget_queue_resize (fixture->filler);
  settle (fixture);
  g_assert_cmpuint (fixture->passes->len, ==, 1);
  g_assert_cmpuint (g_array_index (fixture->passes, guint, 0), ==, 1);
}

/* Text of a few paragraphs, one of them long, in two Markdown views
 * made with it, parsed and rendered.
 */
static void
make_views (GtkWidget **view,
            GtkWidget **same)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < 400; i++)
    g_string_append_printf (text, "Sentence %u of a paragraph that wraps in a narrow window. ", i);
  g_string_append (text, "\n\nA second paragraph.\n\n한국어 문단도 하나 있습니다.\n");

  *view = confab_markdown_view_new ();
  *same = confab_markdown_view_new ();
  confab_markdown_view_set_text (CONFAB_MARKDOWN_VIEW (*view), text->str, text->len);
  confab_markdown_view_set_text (CONFAB_MARKDOWN_VIEW (*same), text->str, text->len);
  while (confab_markdown_view_get_pending (CONFAB_MARKDOWN_VIEW (*view)) ||
         confab_markdown_view_get_pending (CONFAB_MARKDOWN_VIEW (*same)))
    g_main_context_iteration (NULL, TRUE);
}

/* Shows @same in place of the filler, and checks that @view is as wide
 * and as tall as it: the same text shown the usual way.
 */
static void
assert_as_shown_usually (Fixture   *fixture,
                         GtkWidget *view,
                         GtkWidget *same)
{
  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (fixture->window), layout_cb, fixture);
  gtk_box_remove (GTK_BOX (fixture->box), fixture->filler);
  gtk_box_append (GTK_BOX (fixture->box), same);
  confab_test_run_until (confab_test_widget_is_mapped, same);
  settle (fixture);
  g_assert_cmpint (gtk_widget_get_width (same), ==, gtk_widget_get_width (view));
  g_assert_cmpint (gtk_widget_get_height (view), ==, gtk_widget_get_height (same));
  g_assert_cmpint (gtk_widget_get_height (view), >, 200);
}

/* A Markdown view laid out first in the last layout GDK runs in a
 * frame: its text views, new, would lay their text out and ask for a
 * fifth layout (after GTK 4.8 from their allocation; on 4.8 the view
 * measures them again).  They are shown in the next frame instead.
 * Then the view is as tall as the same text shown the usual way.
 */
static void
test_markdown_last_layout (Fixture       *fixture,
                           gconstpointer  data)
{
  guint warnings = confab_test_ui_count_toolkit_warnings (LAYOUT_WARNING);
  GtkWidget *view;
  GtkWidget *same;

  make_views (&view, &same);

  fixture->late = g_object_ref_sink (view);
  fixture->show_in_pass = CONFAB_FRAME_MAX_LAYOUTS - 1;
  gtk_widget_queue_resize (fixture->filler);
  confab_test_run_until (confab_test_widget_is_mapped, view);
  settle (fixture);

  g_assert_cmpuint (confab_test_ui_count_toolkit_warnings (LAYOUT_WARNING), ==, warnings);
  g_assert_cmpuint (fixture->max_pass, <=, CONFAB_FRAME_MAX_LAYOUTS);
  g_assert_cmpuint (fixture->passes->len, ==, CONFAB_FRAME_MAX_LAYOUTS);

  assert_as_shown_usually (fixture, view, same);
}

/* A Markdown view shown already, made narrower in the last layout of a
 * frame: its text views, allocated at a new width, would lay out their
 * text again and ask for a fifth layout.  They keep their width for
 * that frame and get the new one in the next.
 */
static void
test_markdown_narrower (Fixture       *fixture,
                        gconstpointer  data)
{
  guint warnings = confab_test_ui_count_toolkit_warnings (LAYOUT_WARNING);
  GtkWidget *view;
  GtkWidget *same;
  int wide;

  make_views (&view, &same);
  gtk_box_append (GTK_BOX (fixture->box), view);
  confab_test_run_until (confab_test_widget_is_mapped, view);
  settle (fixture);
  wide = gtk_widget_get_width (view);

  fixture->frame = -1;
  g_array_set_size (fixture->passes, 0);
  fixture->narrow_by = 60;
  fixture->show_in_pass = CONFAB_FRAME_MAX_LAYOUTS - 1;
  gtk_widget_queue_resize (fixture->filler);
  settle (fixture);

  g_assert_cmpuint (confab_test_ui_count_toolkit_warnings (LAYOUT_WARNING), ==, warnings);
  g_assert_cmpuint (fixture->max_pass, <=, CONFAB_FRAME_MAX_LAYOUTS);
  g_assert_cmpuint (fixture->passes->len, ==, CONFAB_FRAME_MAX_LAYOUTS);
  g_assert_cmpint (gtk_widget_get_width (view), ==, wide - 60);

  assert_as_shown_usually (fixture, view, same);
}

int
main (int   argc,
      char *argv[])
{
  confab_test_ui_init (&argc, &argv);

  g_test_add ("/frame-pass/count", Fixture, NULL, fixture_set_up, test_count, fixture_tear_down);
  g_test_add ("/frame-pass/markdown-last-layout", Fixture, NULL, fixture_set_up, test_markdown_last_layout, fixture_tear_down);
  g_test_add ("/frame-pass/markdown-narrower", Fixture, NULL, fixture_set_up, test_markdown_narrower, fixture_tear_down);

  return g_test_run ();
}
