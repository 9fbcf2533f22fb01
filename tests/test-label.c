/* test-label.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labels that break Korean lines between words only.
 */

#include "config.h"

#include "confab-label.h"
#include "confab-test-ui.h"

#define TITLE "아직 채팅이 없습니다"

/* The lines of @text laid out as @label lays it out, @width pixels wide. */
static PangoLayout *
layout_at (GtkLabel   *label,
           int         width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (label), gtk_label_get_text (label));

  pango_layout_set_attributes (layout, gtk_label_get_attributes (label));
  pango_layout_set_wrap (layout, (PangoWrapMode) gtk_label_get_wrap_mode (label));
  pango_layout_set_width (layout, width * PANGO_SCALE);

  return layout;
}

/* Whether every line of @layout starts a word. */
static gboolean
lines_start_words (PangoLayout *layout)
{
  const char *text = pango_layout_get_text (layout);

  for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL; l = l->next)
    {
      PangoLayoutLine *line = l->data;
      int start = pango_layout_line_get_start_index (line);

      if (start > 0 && !g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (text + start))))
        return FALSE;
    }

  return TRUE;
}

static int
full_width (GtkLabel *label)
{
  g_autoptr(PangoLayout) layout = layout_at (label, -1);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);

  return width;
}

/* A title that just misses its width keeps its last word whole: before,
 * Pango broke it between two syllables ("없습니 / 다").
 */
static void
test_keep_words_just_misses (void)
{
  GtkLabel *label = g_object_ref_sink (GTK_LABEL (gtk_label_new (TITLE)));
  g_autoptr(PangoLayout) plain = NULL;
  g_autoptr(PangoLayout) kept = NULL;
  int width = full_width (label) - 4;

  plain = layout_at (label, width);
  g_assert_cmpint (pango_layout_get_line_count (plain), ==, 2);
  /* What the test guards against happens without it. */
  g_assert_false (lines_start_words (plain));

  confab_label_keep_words (label);
  kept = layout_at (label, width);
  g_assert_cmpint (pango_layout_get_line_count (kept), ==, 2);
  g_assert_true (lines_start_words (kept));
  g_assert_cmpint (pango_layout_line_get_start_index (pango_layout_get_line_readonly (kept, 1)), ==,
                   strlen ("아직 채팅이 "));

  g_object_unref (label);
}

/* At every width the label can have, and after the text changes. */
static void
test_keep_words_any_width (void)
{
  GtkLabel *label = g_object_ref_sink (GTK_LABEL (gtk_label_new ("")));
  int minimum;

  gtk_label_set_wrap (label, TRUE);
  confab_label_keep_words (label);
  gtk_label_set_label (label, "채팅은 여기에 보관돼요. 한국어는 띄어쓰기 단위로 줄을 바꿔요.");
  gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);

  for (int width = full_width (label); width >= minimum; width -= 3)
    {
      g_autoptr(PangoLayout) layout = layout_at (label, width);

      if (!lines_start_words (layout))
        g_error ("At %d pixels a line starts inside a word", width);
    }

  g_object_unref (label);
}

/* A word wider than the label stays whole: the label asks for it. */
static void
test_keep_words_long_word (void)
{
  GtkLabel *label = g_object_ref_sink (GTK_LABEL (gtk_label_new ("짧은 아주아주아주아주긴낱말")));
  int minimum_before, minimum_after;

  gtk_label_set_wrap (label, TRUE);
  gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_HORIZONTAL, -1, &minimum_before, NULL, NULL, NULL);
  confab_label_keep_words (label);
  gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_HORIZONTAL, -1, &minimum_after, NULL, NULL, NULL);

  g_assert_cmpint (minimum_after, >, minimum_before);

  g_object_unref (label);
}

int
main (int   argc,
      char *argv[])
{
  confab_test_ui_init (&argc, &argv);

  g_test_add_func ("/label/keep-words/just-misses", test_keep_words_just_misses);
  g_test_add_func ("/label/keep-words/any-width", test_keep_words_any_width);
  g_test_add_func ("/label/keep-words/long-word", test_keep_words_long_word);

  return g_test_run ();
}
