/* test-markdown-text.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Markdown renderer's text: Korean that fits its lines, text that
 * is replaced, a code block's Copy that copies exactly its code, and
 * math.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "confab-application.h"
#include "confab-markdown-code-block.h"
#include "confab-markdown-group.h"
#include "confab-markdown-view.h"
#include "confab-test-markdown.h"
#include "confab-test-ui.h"

/* Korean, and Korean with Latin, in every kind of block.  Most of the
 * syllables end in a final consonant, whose bottom stroke sits on the
 * baseline or just below it.
 */
static const char korean_document[] =
  "# 남산 오전 일정\n\n"
  "오전에는 남산에 올라요. Seoul Tower는 10시에 열어요, 한산해요.\n\n"
  "- 오전: 남산 산책\n"
  "- 점심: 명동 칼국수 lunch\n\n"
  "> 인용: 남산은 오전이 한산해요.\n\n"
  "| 시간 | 장소 |\n"
  "|---|---|\n"
  "| 오전 | 남산 |\n"
  "| 점심 | Myeongdong 명동 |\n\n"
  "```\n"
  "남산 → 명동 → 한강 (line 4)\n"
  "```\n\n"
  "즐거운 하루 보내세요.\n";

static gboolean
has_hangul (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HANGUL)
      return TRUE;

  return FALSE;
}

/* The text views and labels under @widget that show Korean. */
static void
collect_korean (GtkWidget *widget,
                GPtrArray *found)
{
  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (has_hangul (text))
        g_ptr_array_add (found, widget);
    }
  else if ((GTK_IS_LABEL (widget) && has_hangul (gtk_label_get_text (GTK_LABEL (widget)))) ||
           (GTK_IS_TEXT (widget) && has_hangul (gtk_editable_get_text (GTK_EDITABLE (widget)))))
    {
      g_ptr_array_add (found, widget);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_korean (child, found);
}

/* The height a plain label needs for @text in @widget's font, @scale
 * times as large and bold for a heading.
 */
static int
get_label_height (GtkWidget  *widget,
                  const char *text,
                  double      scale,
                  gboolean    bold)
{
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  GtkWidget *label = gtk_label_new (text);
  PangoLayout *layout;
  PangoRectangle logical;
  int natural;

  pango_attr_list_insert (attrs, pango_attr_font_desc_new (pango_context_get_font_description (gtk_widget_get_pango_context (widget))));
  if (scale != 1.0)
    pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  gtk_label_set_attributes (GTK_LABEL (label), attrs);

  g_object_ref_sink (label);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);

  /* A font is there for every syllable: no box stands for one. */
  layout = gtk_label_get_layout (GTK_LABEL (label));
  g_assert_cmpint (pango_layout_get_unknown_glyphs_count (layout), ==, 0);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  g_assert_cmpint (natural, >=, logical.height);

  g_object_unref (label);

  return natural;
}

/* Each line of @view that shows text is as tall as a label of its text
 * needs, and lies inside the view's allocation.
 */
static void
assert_lines_fit (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter line;

  gtk_text_buffer_get_start_iter (buffer, &line);
  do
    {
      GtkTextIter end = line;
      g_autofree char *text = NULL;
      g_autoptr(GSList) tags = NULL;
      double scale = 1.0;
      gboolean bold = FALSE;
      int above = gtk_text_view_get_pixels_above_lines (view);
      int y, height;

      if (!gtk_text_iter_ends_line (&end))
        gtk_text_iter_forward_to_line_end (&end);
      text = gtk_text_iter_get_text (&line, &end);
      if (*text == '\0')
        continue;

      /* A heading is larger, and space above a paragraph is not its text. */
      tags = gtk_text_iter_get_tags (&line);
      for (GSList *l = tags; l != NULL; l = l->next)
        {
          gboolean set;
          int pixels;

          g_object_get (l->data, "pixels-above-lines-set", &set, "pixels-above-lines", &pixels, NULL);
          if (set)
            above = pixels;
          g_object_get (l->data, "scale-set", &set, NULL);
          if (set)
            g_object_get (l->data, "scale", &scale, NULL);
          g_object_get (l->data, "weight-set", &set, NULL);
          bold = bold || set;
        }

      /* The marker of a list item is not Korean: its text is. */
      if (strchr (text, '\t') != NULL)
        memmove (text, strchr (text, '\t') + 1, strlen (strchr (text, '\t')));

      gtk_text_view_get_line_yrange (view, &line, &y, &height);
      g_test_message ("Line %d: %d px tall, %d above", gtk_text_iter_get_line (&line), height, above);
      g_assert_cmpint (height - above, >=, get_label_height (GTK_WIDGET (view), text, scale, bold));
      g_assert_cmpint (y + height + gtk_text_view_get_top_margin (view) + gtk_text_view_get_bottom_margin (view),
                       <=, gtk_widget_get_height (GTK_WIDGET (view)));
    }
  while (gtk_text_iter_forward_line (&line));
}

/* How much is drawn in @texture: how far each pixel is from the most
 * common grey, the background, summed up; and the lowest row with ink.
 */
static double
measure_ink (GdkTexture *texture,
             int        *bottom)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) width * height * 4);
  guint counts[256] = { 0 };
  guint background = 0;
  double ink = 0;

  gdk_texture_download (texture, data, width * 4);

  for (int i = 0; i < width * height; i++)
    {
      guchar *pixel = data + i * 4;

      pixel[0] = (pixel[0] + pixel[1] + pixel[2]) / 3;
      counts[pixel[0]]++;
    }
  for (guint i = 1; i < 256; i++)
    if (counts[i] > counts[background])
      background = i;

  *bottom = -1;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        int distance = ABS ((int) data[(y * width + x) * 4] - (int) background);

        ink += distance;
        if (distance > 64)
          *bottom = y;
      }

  return ink;
}

/* What @widget draws, on white. */
static GskRenderNode *
snapshot_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 }, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, snapshot, width, height);

  return gtk_snapshot_free_to_node (snapshot);
}

/* Korean renders whole in every kind of block: each line is measured
 * with the fonts that draw it (the CJK fallback is taller than the
 * Latin font), so it is as tall as a plain label of its text needs;
 * and what the window's renderer draws of each block has all that the
 * reference rasterizer draws, to the bottom of the final consonants.
 * GTK 4.8's GL renderer cut those off by a row (오전 drawn as 오저)
 * until text was laid out on whole pixels.  So it did in the labels
 * and entries of a message row and the composer, here below the view.
 * GTK 4.18's and 4.24's do the same with their default fractional
 * metrics, where a text view also gives a 19.3 px line of Korean 19 px
 * and a label 20.
 */
static void
test_korean (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *view = confab_markdown_view_new ();
  GtkWidget *entry = gtk_entry_new ();
  g_autoptr(GPtrArray) blocks = g_ptr_array_new ();
  g_autoptr(GskRenderer) reference = gsk_cairo_renderer_new ();
  g_autoptr(GError) error = NULL;
  GskRenderer *renderer;
  gboolean heading = FALSE, list = FALSE, quote = FALSE, cell = FALSE, code = FALSE;
  gboolean outside_label = FALSE, entry_text = FALSE;

  gtk_window_set_default_size (GTK_WINDOW (window), 600, 700);
  gtk_box_append (GTK_BOX (box), view);
  gtk_box_append (GTK_BOX (box), gtk_label_new ("서울에서 하루 일정을 짜 줘. 표로도 보여 줘."));
  gtk_editable_set_text (GTK_EDITABLE (entry), "무엇이든 물어보세요, in Korean");
  gtk_box_append (GTK_BOX (box), entry);
  gtk_window_set_child (GTK_WINDOW (window), box);
  confab_markdown_view_set_text (CONFAB_MARKDOWN_VIEW (view), korean_document, -1);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (view) || gtk_widget_get_height (view) == 0)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_test_message ("The window's renderer: %s", G_OBJECT_TYPE_NAME (renderer));
  g_assert_true (gsk_renderer_realize (reference, NULL, &error));
  g_assert_no_error (error);

  collect_korean (box, blocks);
  for (guint i = 0; i < blocks->len; i++)
    {
      GtkWidget *block = blocks->pdata[i];
      g_autoptr(GskRenderNode) node = NULL;
      graphene_rect_t bounds;
      g_autoptr(GdkTexture) drawn = NULL;
      g_autoptr(GdkTexture) expected = NULL;
      double drawn_ink, expected_ink;
      int drawn_bottom, expected_bottom;

      if (GTK_IS_TEXT_VIEW (block))
        {
          GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (block));
          GtkTextIter start, end;
          g_autofree char *text = NULL;

          assert_lines_fit (GTK_TEXT_VIEW (block));

          gtk_text_buffer_get_bounds (buffer, &start, &end);
          text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
          heading = heading || strstr (text, "남산 오전 일정") != NULL;
          list = list || strstr (text, "명동 칼국수 lunch") != NULL;
          quote = quote || strstr (text, "인용:") != NULL;
          code = code || (GTK_SOURCE_IS_VIEW (block) && strstr (text, "한강") != NULL);
        }
      else if (GTK_IS_TEXT (block))
        {
          entry_text = TRUE;
        }
      else
        {
          PangoRectangle logical;

          pango_layout_get_pixel_extents (gtk_label_get_layout (GTK_LABEL (block)), NULL, &logical);
          g_assert_cmpint (gtk_widget_get_height (block), >=, logical.height);
          g_assert_cmpint (gtk_widget_get_height (block), >=,
                           get_label_height (block, gtk_label_get_text (GTK_LABEL (block)), 1.0, FALSE));
          cell = cell || g_str_equal (gtk_label_get_text (GTK_LABEL (block)), "남산");
          outside_label = outside_label || !gtk_widget_is_ancestor (block, view);
        }

      /* The same frame, drawn by each. */
      node = snapshot_widget (block);
      bounds = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (block), gtk_widget_get_height (block));
      drawn = gsk_renderer_render_texture (renderer, node, &bounds);
      expected = gsk_renderer_render_texture (reference, node, &bounds);
      drawn_ink = measure_ink (drawn, &drawn_bottom);
      expected_ink = measure_ink (expected, &expected_bottom);
      g_test_message ("%s: ink %.0f of %.0f, lowest row %d of %d",
                      G_OBJECT_TYPE_NAME (block), drawn_ink, expected_ink, drawn_bottom, expected_bottom);

      g_assert_cmpfloat (drawn_ink, >=, 0.99 * expected_ink);
      g_assert_cmpint (drawn_bottom, >=, expected_bottom);
    }

  g_assert_true (heading && list && quote && cell && code && outside_label && entry_text);

  gsk_renderer_unrealize (reference);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Text that is not the shown text and more is rendered from scratch. */
static void
test_replace (void)
{
  g_autoptr(ConfabMarkdownView) view = confab_test_markdown_render ("```\ncode\n```\n\nText\n");
  g_autoptr(GPtrArray) children = NULL;
  g_autofree char *plain = NULL;

  confab_markdown_view_set_text (view, "Other", -1);
  children = confab_test_markdown_get_children (view);
  plain = confab_markdown_view_get_plain_text (view);

  g_assert_cmpuint (children->len, ==, 1);
  g_assert_true (GTK_IS_TEXT_VIEW (children->pdata[0]));
  g_assert_cmpstr (plain, ==, "Other");
  g_assert_cmpstr (confab_markdown_view_get_source (view), ==, "Other");

  confab_markdown_view_set_text (view, "", 0);
  g_assert_null (confab_markdown_pieces_get_first (GTK_WIDGET (view)));
}

static void
toast_cb (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       user_data)
{
  char **toast = user_data;

  g_free (*toast);
  *toast = g_variant_dup_string (parameter, NULL);
}

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static char *
dup_clipboard_text (GtkWidget *widget)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *text;

  gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  text = gdk_clipboard_read_text_finish (clipboard, result, &error);
  g_assert_no_error (error);

  return text;
}

/* An answer streamed into a shown window ends with a highlighted code
 * block whose Copy button puts exactly its code on the clipboard.
 */
static void
test_copy_code (void)
{
  static const char answer[] =
    "Run this:\n"
    "\n"
    "```python\n"
    "for i in range(3):\n"
    "    print(\"<b>%d</b>\" % i)\n"
    "```\n"
    "\n"
    "That is all.\n";
  static const GActionEntry actions[] = {
    { "toast", toast_cb, "s" },
  };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autofree char *toast = NULL;
  g_autofree char *copied = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = confab_markdown_view_new ();
  GtkWidget *block;
  GtkWidget *button;

  g_action_map_add_action_entries (G_ACTION_MAP (group), actions, G_N_ELEMENTS (actions), &toast);
  gtk_widget_insert_action_group (window, "win", G_ACTION_GROUP (group));
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));

  for (gsize fed = 5; fed < sizeof answer - 1 + 5; fed += 5)
    {
      confab_markdown_view_set_text (CONFAB_MARKDOWN_VIEW (view), answer, MIN (fed, sizeof answer - 1));
      g_main_context_iteration (NULL, FALSE);
    }

  while (!gtk_widget_get_mapped (view))
    g_main_context_iteration (NULL, TRUE);

  block = confab_test_find_widget (view, CONFAB_TYPE_MARKDOWN_CODE_BLOCK, NULL);
  g_assert_nonnull (block);
  g_assert_cmpstr (confab_markdown_code_block_get_language_id (CONFAB_MARKDOWN_CODE_BLOCK (block)), ==, "python3");

  button = confab_test_find_widget (block, GTK_TYPE_BUTTON, "copy-code-button");
  g_assert_nonnull (button);
  /* The tooltip is made when it shows, without a text set beforehand. */
  g_assert_null (gtk_widget_get_tooltip_text (button));
  g_assert_true (gtk_widget_get_has_tooltip (button));
  {
    g_autoptr(GObject) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
    gboolean shown = FALSE;

    g_signal_emit_by_name (button, "query-tooltip", 4, 4, FALSE, tooltip, &shown);
    g_assert_true (shown);
  }
  /* A button activated with the keyboard is clicked a moment later. */
  g_assert_true (gtk_widget_activate (button));
  while (toast == NULL)
    g_main_context_iteration (NULL, TRUE);

  copied = dup_clipboard_text (block);
  g_assert_cmpstr (copied, ==, "for i in range(3):\n    print(\"<b>%d</b>\" % i)");
  g_assert_cmpstr (toast, ==, "Code copied");

  gtk_window_destroy (GTK_WINDOW (window));
}

static char *
copy_selection (GtkTextView *text_view,
                const char  *from,
                const char  *to)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);
  GtkTextIter start, end, ignored;

  confab_test_markdown_find_text (buffer, from, &start, &ignored);
  confab_test_markdown_find_text (buffer, to, &ignored, &end);
  gtk_text_buffer_select_range (buffer, &start, &end);
  g_signal_emit_by_name (text_view, "copy-clipboard");

  return dup_clipboard_text (GTK_WIDGET (text_view));
}

/* Math typeset in the text: inline in a serif face with variables in
 * italics, display math centred on lines of its own, what cannot be
 * typeset as its source in a monospace face; a selection copies each
 * formula as its source, delimiters and all.
 */
static void
test_math (void)
{
  static const char answer[] =
    "Energy is $E = mc^2$ and\n"
    "\n"
    "$$\\frac{a}{b}$$\n"
    "\n"
    "is \\(x^q\\), but $\\foo{x}$ is not known; it costs $5 or $10.\n";
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = confab_markdown_view_new ();
  GtkWidget *streamed = confab_markdown_view_new ();
  GtkTextView *text_view;
  GtkTextBuffer *buffer;
  g_autofree char *text = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *streamed_plain = NULL;
  GtkTextTag *tag;
  GtkTextIter start, end;
  int justification;

  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  confab_markdown_view_set_text (CONFAB_MARKDOWN_VIEW (view), answer, -1);
  while (!gtk_widget_get_mapped (view))
    g_main_context_iteration (NULL, TRUE);

  text_view = confab_test_markdown_get_child (CONFAB_MARKDOWN_VIEW (view), 0, GTK_TYPE_TEXT_VIEW);
  buffer = gtk_text_view_get_buffer (text_view);
  text = confab_test_markdown_dup_buffer_text (buffer);
  g_assert_cmpstr (text, ==,
                   "Energy is E = mc² and\n"
                   " a \xe2\x80\xa8───\xe2\x80\xa8 b \n"
                   "is xq, but $\\foo{x}$ is not known; it costs $5 or $10.");

  confab_test_markdown_assert_tagged (buffer, "math", "E = mc²");
  g_assert_true (confab_test_markdown_has_tag (buffer, "math-variable", "E = "));
  g_assert_false (confab_test_markdown_has_tag (buffer, "math-variable", "= mc"));
  confab_test_markdown_assert_tagged (buffer, "math-variable", "mc");
  g_assert_false (confab_test_markdown_has_tag (buffer, "math", "Energy"));
  g_assert_true (confab_test_markdown_has_tag (buffer, "math-grid", "───"));
  g_assert_true (confab_test_markdown_has_tag (buffer, "math-superscript", "q, "));
  g_assert_false (confab_test_markdown_has_tag (buffer, "math-superscript", ", but"));
  g_assert_false (confab_test_markdown_has_tag (buffer, "math-superscript", "xq"));
  confab_test_markdown_assert_tagged (buffer, "math-source", "$\\foo{x}$");
  g_assert_false (confab_test_markdown_has_tag (buffer, "math", "$5"));

  /* Display math is centred. */
  tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "math-display");
  confab_test_markdown_find_text (buffer, "───", &start, &end);
  g_assert_true (gtk_text_iter_has_tag (&start, tag));
  g_object_get (tag, "justification", &justification, NULL);
  g_assert_cmpint (justification, ==, GTK_JUSTIFY_CENTER);
  g_assert_false (confab_test_markdown_has_tag (buffer, "math-display", "Energy"));

  /* Copied, a formula is its source, even where only part is selected. */
  g_free (text);
  text = copy_selection (text_view, "gy is", "E = mc");
  g_assert_cmpstr (text, ==, "gy is $E = mc^2$");
  g_free (text);
  text = copy_selection (text_view, "Energy", "$10.");
  g_assert_cmpstr (text, ==,
                   "Energy is $E = mc^2$ and\n"
                   "$$\\frac{a}{b}$$\n"
                   "is \\(x^q\\), but $\\foo{x}$ is not known; it costs $5 or $10.");
  /* Text without math copies as it is. */
  g_free (text);
  text = copy_selection (text_view, "costs", "$10");
  g_assert_cmpstr (text, ==, "costs $5 or $10");

  /* Streamed a few bytes at a time, it ends as the whole does. */
  g_object_ref_sink (streamed);
  for (gsize fed = 3; fed < sizeof answer - 1 + 3; fed += 3)
    confab_markdown_view_set_text (CONFAB_MARKDOWN_VIEW (streamed), answer, MIN (fed, sizeof answer - 1));
  plain = confab_markdown_view_get_plain_text (CONFAB_MARKDOWN_VIEW (view));
  streamed_plain = confab_markdown_view_get_plain_text (CONFAB_MARKDOWN_VIEW (streamed));
  g_assert_cmpstr (streamed_plain, ==, plain);
  g_assert_cmpstr (plain, ==,
                   "Energy is E = mc² and\n\n"
                   " a \n───\n b \n\n"
                   "is xq, but $\\foo{x}$ is not known; it costs $5 or $10.");
  g_object_unref (streamed);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* While an answer grows, a formula shows once it is whole, never as
 * its TeX; when it stops growing, what is left shows as it is.
 */
static void
test_math_growing (void)
{
  static const char answer[] = "So $E = mc^2$ and \\(a \\neq 0\\), at $5.\n\n$$x^2$$\n\nend $";
  g_autoptr(ConfabMarkdownView) view = CONFAB_MARKDOWN_VIEW (g_object_ref_sink (confab_markdown_view_new ()));
  g_autofree char *plain = NULL;

  confab_markdown_view_set_growing (view, TRUE);
  for (gsize fed = 1; fed <= sizeof answer - 1; fed++)
    {
      g_autofree char *shown = NULL;
      const char *dollar;

      confab_markdown_view_set_text (view, answer, fed);
      shown = confab_markdown_view_get_plain_text (view);
      /* No TeX, and the only dollar is the price's. */
      g_assert_null (strstr (shown, "^"));
      g_assert_null (strstr (shown, "\\"));
      dollar = strchr (shown, '$');
      g_assert_true (dollar == NULL || (dollar[1] == '5' && strchr (dollar + 1, '$') == NULL));
      if (fed == 13)
        g_assert_cmpstr (shown, ==, "So E = mc²");
    }

  plain = confab_markdown_view_get_plain_text (view);
  g_assert_cmpstr (plain, ==, "So E = mc² and a ≠ 0, at $5.\n\nx²\n\nend");

  confab_markdown_view_set_growing (view, FALSE);
  g_free (plain);
  plain = confab_markdown_view_get_plain_text (view);
  g_assert_cmpstr (plain, ==, "So E = mc² and a ≠ 0, at $5.\n\nx²\n\nend $");
}

int
main (int   argc,
      char *argv[])
{
  confab_test_ui_init (&argc, &argv);
  adw_init ();

  /* Text is drawn as the application draws it. */
  confab_application_set_up_text (gtk_settings_get_default ());

  g_test_add_func ("/markdown/korean", test_korean);
  g_test_add_func ("/markdown/replace", test_replace);
  g_test_add_func ("/markdown/copy-code", test_copy_code);
  g_test_add_func ("/markdown/math", test_math);
  g_test_add_func ("/markdown/math-growing", test_math_growing);

  return g_test_run ();
}
