/* test-markdown-large.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Markdown renderer on answers that are broken, huge or streamed:
 * they render as whole ones do, a step at a time, and settle.
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

static void
test_malformed (void)
{
  static const char *inputs[] = {
    "*unclosed emphasis",
    "**unclosed strong and `code",
    "```\nunclosed fence\n\nstill code",
    "a | b\n|\n| | |\n|-|\n",
    "|",
    "[link](",
    "[](1",
    "<",
    "&",
    "&#",
    "- \n-\n  -",
    "> > > > > > > > > > > > > > > > > > > > > > deep",
    "\xff\xfe invalid \xc3 UTF-8 \xe2\x82",
    "\r\nwindows\r\n\r\nlines\r",
    "para\xe2\x80\xa9separator",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(ConfabMarkdownView) view = CONFAB_MARKDOWN_VIEW (g_object_ref_sink (confab_markdown_view_new ()));
      g_autofree char *plain = NULL;

      confab_markdown_view_set_text (view, inputs[i], -1);
      plain = confab_markdown_view_get_plain_text (view);
      g_assert_true (g_utf8_validate (plain, -1, NULL));
    }

  {
    g_autoptr(ConfabMarkdownView) view = confab_test_markdown_render ("");
    g_autofree char *plain = NULL;

    confab_markdown_view_set_text (view, "nul \0 byte", 10);
    plain = confab_markdown_view_get_plain_text (view);
    g_assert_cmpstr (plain, ==, "nul \xef\xbf\xbd byte");
  }

  {
    g_autoptr(ConfabMarkdownView) view = confab_test_markdown_render ("*unclosed emphasis");
    g_autofree char *plain = confab_markdown_view_get_plain_text (view);

    g_assert_cmpstr (plain, ==, "*unclosed emphasis");
  }

  {
    g_autoptr(ConfabMarkdownView) view = confab_test_markdown_render ("Look:\n\n```sh\necho in progress");
    ConfabMarkdownCodeBlock *block = confab_test_markdown_get_child (view, 1, CONFAB_TYPE_MARKDOWN_CODE_BLOCK);

    g_assert_cmpstr (confab_markdown_code_block_get_code (block), ==, "echo in progress");
  }

  /* Deep nesting neither overflows the stack nor indents off screen. */
  {
    g_autoptr(GString) deep = g_string_new (NULL);
    g_autoptr(ConfabMarkdownView) view = NULL;
    g_autofree char *plain = NULL;

    for (guint i = 0; i < 20000; i++)
      g_string_append (deep, "> ");
    g_string_append (deep, "bottom\n\n");
    for (guint i = 0; i < 2000; i++)
      g_string_append_printf (deep, "%*s- item\n", i * 2, "");
    for (guint i = 0; i < 20000; i++)
      g_string_append (deep, "*a **b ");

    view = confab_test_markdown_render (deep->str);
    plain = confab_markdown_view_get_plain_text (view);
    g_assert_nonnull (strstr (plain, "bottom"));
  }
}

static char *
make_words (gsize    length,
            gboolean paragraphs)
{
  static const char *words[] = { "stream", "of", "tokens", "with", "**bold**", "`code`", "and", "é", "漢字" };
  GString *text = g_string_sized_new (length + 32);
  guint i = 0;

  while (text->len < length)
    {
      g_string_append (text, words[i++ % G_N_ELEMENTS (words)]);
      g_string_append (text, paragraphs && i % 150 == 0 ? "\n\n" : " ");
    }

  return g_string_free (text, FALSE);
}

/* A paragraph with hundreds of inline styles (900; past 1,000 the
 * rest is plain), among characters of every width, shows each.
 */
static void
test_many_spans (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(ConfabMarkdownView) view = NULL;
  GtkTextBuffer *buffer;

  for (guint i = 0; i < 450; i++)
    g_string_append_printf (text, "é `c%u` 漢字 **s%u** 🎉 ", i, i);
  g_string_append (text, "\n");

  view = confab_test_markdown_render (text->str);
  buffer = confab_test_markdown_get_buffer (view, 0);

  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), ==, 2);  /* and the empty last */
  for (guint i = 0; i < 450; i += 37)
    {
      g_autofree char *code = g_strdup_printf (" c%u ", i);
      g_autofree char *strong = g_strdup_printf (" s%u ", i);

      /* The word alone, between its spaces. */
      code[strlen (code) - 1] = '\0';
      strong[strlen (strong) - 1] = '\0';
      confab_test_markdown_assert_tagged (buffer, "code", code + 1);
      confab_test_markdown_assert_tagged (buffer, "strong", strong + 1);
    }
  confab_test_markdown_assert_tagged (buffer, "code", "c449");
  confab_test_markdown_assert_tagged (buffer, "strong", "s449");
}

/* A paragraph of 100 KB is shown whole, in pieces of a few KB, each a
 * text view of one line of its own: a text view lays out a line whole.
 * Nothing is added to the text, nor left out.
 */
static void
test_long_line (void)
{
  g_autofree char *line = make_words (100 * 1024, FALSE);
  g_autoptr(ConfabMarkdownView) view = confab_test_markdown_render (line);
  g_autoptr(GPtrArray) children = confab_test_markdown_get_children (view);
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autofree char *plain = confab_markdown_view_get_plain_text (view);

  g_assert_cmpuint (children->len, >=, 10);
  for (guint i = 0; i < children->len; i++)
    {
      GtkTextBuffer *buffer = confab_test_markdown_get_buffer (view, i);
      g_autofree char *text = confab_test_markdown_dup_buffer_text (buffer);

      g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), ==, 2);  /* and the empty last */
      g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), <=, 8 * 1024);
      g_string_append (shown, text);
    }
  g_assert_cmpstr (shown->str, ==, g_strstrip (plain));
}

/* An answer as long answers go: sections of prose, a list and a code
 * block, about 3 KB each, with now and then a table and a quote.
 */
static char *
make_answer (gsize length)
{
  GString *text = g_string_sized_new (length + 4096);
  guint section = 0;

  while (text->len < length)
    {
      g_string_append_printf (text, "## Section %u\n\n", ++section);
      for (guint i = 0; i < 4; i++)
        g_string_append (text,
                         "Some *prose* with **bold**, `code` and [a link](https://example.com), "
                         "more words to make a paragraph that wraps — ünïcödé, 漢字 — and then "
                         "some more of them, as a model that explains itself at length would "
                         "write them, sentence after sentence, until the point is made. And "
                         "another sentence, for good measure, with a little more *emphasis*.\n\n");
      g_string_append (text, "- first item\n- second item\n  - nested\n- third item\n\n");
      g_string_append_printf (text, "```c\nint\nsection_%u (void)\n{\n  int total = 0;\n\n"
                              "  for (int i = 0; i < %u; i++)\n    total += i;\n\n  return total;\n}\n```\n\n",
                              section, section);
      if (section % 5 == 0)
        g_string_append (text, "| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted\n\n");
    }

  return g_string_free (text, FALSE);
}

static void
test_megabyte (void)
{
  g_autofree char *answer = make_answer (1024 * 1024);
  g_autoptr(ConfabMarkdownView) whole = confab_test_markdown_render (answer);
  g_autoptr(ConfabMarkdownView) streamed = CONFAB_MARKDOWN_VIEW (g_object_ref_sink (confab_markdown_view_new ()));
  g_autofree char *whole_plain = confab_markdown_view_get_plain_text (whole);
  g_autofree char *streamed_plain = NULL;
  gsize length = strlen (answer);

  g_assert_cmpstr (confab_markdown_view_get_source (whole), ==, answer);

  for (gsize fed = 0; fed < length; )
    {
      fed = MIN (fed + 64 * 1024, length);
      while (fed < length && (answer[fed] & 0xc0) == 0x80)
        fed++;
      confab_markdown_view_set_text (streamed, answer, fed);
    }

  streamed_plain = confab_markdown_view_get_plain_text (streamed);
  g_assert_cmpstr (streamed_plain, ==, whole_plain);
}

/* What a child shows, to compare renderings. */
static char *
describe_child (GtkWidget *child)
{
  if (CONFAB_IS_MARKDOWN_CODE_BLOCK (child))
    return g_strdup_printf ("code[%s]:%s",
                            confab_markdown_code_block_get_language (CONFAB_MARKDOWN_CODE_BLOCK (child)),
                            confab_markdown_code_block_get_code (CONFAB_MARKDOWN_CODE_BLOCK (child)));

  if (GTK_IS_TEXT_VIEW (child))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child));
      g_autofree char *text = confab_test_markdown_dup_buffer_text (buffer);
      GString *description = g_string_new ("text:");
      GtkTextIter iter;

      g_string_append (description, text);

      /* Every tag toggle, by name. */
      gtk_text_buffer_get_start_iter (buffer, &iter);
      do
        {
          g_autoptr(GSList) on = gtk_text_iter_get_toggled_tags (&iter, TRUE);

          for (GSList *l = on; l != NULL; l = l->next)
            {
              g_autofree char *name = NULL;

              g_object_get (l->data, "name", &name, NULL);
              g_string_append_printf (description, "|%d+%s", gtk_text_iter_get_offset (&iter),
                                      name ? name : (const char *) g_object_get_data (l->data, "confab-href"));
            }
        }
      while (gtk_text_iter_forward_to_tag_toggle (&iter, NULL));

      return g_string_free (description, FALSE);
    }

  if (GTK_IS_GRID (child))
    {
      GString *description = g_string_new ("table:");

      for (GtkWidget *label = gtk_widget_get_first_child (child); label; label = gtk_widget_get_next_sibling (label))
        g_string_append_printf (description, "%s|", gtk_label_get_text (GTK_LABEL (label)));

      return g_string_free (description, FALSE);
    }

  return g_strdup (G_OBJECT_TYPE_NAME (child));
}

static char *
describe (ConfabMarkdownView *view)
{
  g_autoptr(GPtrArray) children = confab_test_markdown_get_children (view);
  GString *description = g_string_new (NULL);

  for (guint i = 0; i < children->len; i++)
    {
      g_autofree char *child = describe_child (children->pdata[i]);

      g_string_append_printf (description, "%s\n--\n", child);
    }

  return g_string_free (description, FALSE);
}

static const char streamed_document[] =
  "# Streaming ✓\n"
  "\n"
  "An answer with **bold**, *emphasis* and `code`, in UTF-8: café, 日本語, 🎉.\n"
  "\n"
  "1. First\n"
  "2. Second\n"
  "   - nested [link](https://example.com)\n"
  "\n"
  "```python\n"
  "def greet(name):\n"
  "    print(f\"héllo {name}\")\n"
  "```\n"
  "\n"
  "> A quote\n"
  "> over two lines\n"
  "\n"
  "| Col | Über |\n"
  "|-----|------|\n"
  "| 1   | 2    |\n"
  "\n"
  "---\n"
  "\n"
  "Between\n"
  "```sh\n"
  "echo one\n"
  "echo two\n"
  "```\n"
  "After the fence.\n"
  "\n"
  "## Last\n"
  "\n"
  "Done.\n";

/* Streamed in pieces, an answer renders as the whole answer does, and
 * what is finished is never rendered again.
 */
static void
test_streaming (void)
{
  g_autoptr(ConfabMarkdownView) whole = confab_test_markdown_render (streamed_document);
  g_autofree char *expected = describe (whole);
  g_autofree char *expected_plain = confab_markdown_view_get_plain_text (whole);
  gsize length = strlen (streamed_document);

  for (guint step = 1; step <= 13; step += 3)
    {
      g_autoptr(ConfabMarkdownView) view = CONFAB_MARKDOWN_VIEW (g_object_ref_sink (confab_markdown_view_new ()));
      g_autoptr(GPtrArray) earlier = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
      g_autofree char *result = NULL;
      g_autofree char *plain = NULL;
      g_autoptr(GPtrArray) final = NULL;
      GtkWidget *first_code = NULL;
      gsize fed = 0;
      guint chars = 0;

      while (fed < length)
        {
          /* Whole characters only, as a streamed answer arrives. */
          fed = g_utf8_next_char (streamed_document + fed) - streamed_document;
          if (++chars % step != 0 && fed < length)
            continue;

          confab_markdown_view_set_text (view, streamed_document, fed);
          g_ptr_array_add (earlier, confab_test_markdown_get_children (view));

          /* A code block is the same widget from when it appears on. */
          {
            GtkWidget *code = confab_test_find_widget (GTK_WIDGET (view), CONFAB_TYPE_MARKDOWN_CODE_BLOCK, NULL);

            if (first_code == NULL)
              first_code = code;
            else
              g_assert_true (code == first_code);
          }
        }

      result = describe (view);
      plain = confab_markdown_view_get_plain_text (view);
      g_assert_cmpstr (result, ==, expected);
      g_assert_cmpstr (plain, ==, expected_plain);

      /* Whatever was shown, but for the last two children (the tail),
       * is still shown: the same widgets, in the same order.
       */
      final = confab_test_markdown_get_children (view);
      for (guint i = 0; i < earlier->len; i++)
        {
          GPtrArray *children = earlier->pdata[i];
          guint position = 0;

          for (guint j = 0; j + 2 < children->len; j++)
            {
              guint found;

              g_assert_true (g_ptr_array_find (final, children->pdata[j], &found));
              g_assert_cmpuint (found, >=, position);
              position = found;
            }
        }
    }
}

/* References are links wherever in the answer they are defined, also
 * in parts rendered before the definition came; lines that only look
 * like definitions define nothing.
 */
static const char reference_document[] =
  "# References\n"
  "\n"
  "See [the docs][docs] and [Docs] first.\n"
  "\n"
  "```\n"
  "[fake]: https://fenced.example.com\n"
  "```\n"
  "\n"
  "Then [the spec][spec], [a fake][fake] and [a missing one][gone].\n"
  "A line of the paragraph\n"
  "[spec]: https://not-a-definition.example.com\n"
  "\n"
  "- a list item\n"
  "\n"
  "[docs]: https://docs.example.com\n"
  "[spec]: https://spec.example.com \"The spec\"\n";

static void
check_references (ConfabMarkdownView *view)
{
  g_autoptr(GPtrArray) children = confab_test_markdown_get_children (view);
  GtkTextBuffer *first = gtk_text_view_get_buffer (children->pdata[0]);
  GtkTextBuffer *second = NULL;

  for (guint i = 1; i < children->len && second == NULL; i++)
    if (GTK_IS_TEXT_VIEW (children->pdata[i]))
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (children->pdata[i]);
        g_autofree char *text = confab_test_markdown_dup_buffer_text (buffer);

        if (strstr (text, "Then") != NULL)
          second = buffer;
      }

  g_assert_nonnull (second);
  g_assert_cmpstr (confab_test_markdown_get_href (first, "the docs"), ==, "https://docs.example.com");
  g_assert_cmpstr (confab_test_markdown_get_href (first, "Docs"), ==, "https://docs.example.com");
  g_assert_cmpstr (confab_test_markdown_get_href (second, "the spec"), ==, "https://spec.example.com");
  g_assert_null (confab_test_markdown_get_href (second, "a fake"));
  g_assert_null (confab_test_markdown_get_href (second, "a missing one"));
}

static void
test_references (void)
{
  g_autoptr(ConfabMarkdownView) whole = confab_test_markdown_render (reference_document);
  g_autoptr(ConfabMarkdownView) streamed = CONFAB_MARKDOWN_VIEW (g_object_ref_sink (confab_markdown_view_new ()));
  g_autofree char *expected = describe (whole);
  g_autofree char *result = NULL;
  g_autofree char *plain = NULL;

  check_references (whole);

  for (gsize fed = 1; fed <= strlen (reference_document); fed++)
    confab_markdown_view_set_text (streamed, reference_document, fed);

  check_references (streamed);
  result = describe (streamed);
  g_assert_cmpstr (result, ==, expected);

  /* The definitions show nothing. */
  plain = confab_markdown_view_get_plain_text (whole);
  g_assert_null (strstr (plain, "docs.example.com"));
  g_assert_nonnull (strstr (plain, "not-a-definition.example.com"));
}

static void
painted_cb (guint *painted)
{
  (*painted)++;
}

/* Runs the main loop until @widget's window has drawn @n_frames more
 * frames.
 */
static void
wait_painted (GtkWidget *widget,
              guint      n_frames)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  guint painted = 0;
  gulong id = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (painted_cb), &painted);

  while (painted < n_frames)
    {
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, TRUE);
    }

  g_signal_handler_disconnect (clock, id);
}

/* In a box, as in a message row, the view is as tall as what it
 * shows at the width it has: a table that would wrap at its smallest
 * width adds nothing below.  Only with a table does its height depend
 * on the width it is measured for.
 */
static void
test_height (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *view = confab_markdown_view_new ();
  GtkWidget *footer = gtk_label_new ("footer");
  GtkWidget *last;
  GtkWidget *table;
  int minimum;
  int natural_width;
  graphene_rect_t bounds;
  graphene_rect_t footer_bounds;

  gtk_window_set_default_size (GTK_WINDOW (window), 700, 600);
  gtk_box_append (GTK_BOX (box), view);
  gtk_box_append (GTK_BOX (box), footer);
  gtk_window_set_child (GTK_WINDOW (window), box);
  confab_markdown_view_set_text (CONFAB_MARKDOWN_VIEW (view),
                                 "Some text.\n\n"
                                 "| Field | Meaning of the field in a few words |\n"
                                 "|---|---|\n"
                                 "| `data` | the payload of the event, a line |\n\n"
                                 "More text.\n", -1);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (view) || gtk_widget_get_height (view) == 0)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpint (gtk_widget_get_request_mode (view), ==, GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH);

  last = confab_markdown_pieces_get_last (view);
  g_assert_true (gtk_widget_compute_bounds (last, view, &bounds));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, ==, gtk_widget_get_height (view));

  g_assert_true (gtk_widget_compute_bounds (footer, view, &footer_bounds));
  g_assert_cmpfloat (footer_bounds.origin.y, ==, gtk_widget_get_height (view) + 6);

  /* With no width given, the view asks for its smallest height, at its
   * natural width, as a label does; GTK 4.12 and later warn when a
   * widget is measured for less than that.
   */
  gtk_widget_measure (view, GTK_ORIENTATION_VERTICAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, gtk_widget_get_height (view));

  /* The table is at the start, as wide as it needs. */
  table = confab_test_find_widget (view, G_TYPE_INVALID, "markdown-table");
  g_assert_nonnull (table);
  gtk_widget_measure (table, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural_width, NULL, NULL);
  g_assert_true (gtk_widget_compute_bounds (table, view, &bounds));
  g_assert_cmpfloat (bounds.origin.x, ==, 0);
  g_assert_cmpfloat (bounds.size.width, ==, natural_width);
  g_assert_cmpint (natural_width, <, gtk_widget_get_width (view));

  /* Without a table, the view asks for one height whatever the width,
   * and is still as tall as what it shows.
   */
  confab_markdown_view_set_text (CONFAB_MARKDOWN_VIEW (view),
                                 "Some text.\n\n"
                                 "```c\nint field = 1;\n```\n\n"
                                 "More text.\n", -1);
  wait_painted (view, 3);

  g_assert_null (confab_test_find_widget (view, G_TYPE_INVALID, "markdown-table"));
  g_assert_cmpint (gtk_widget_get_request_mode (view), ==, GTK_SIZE_REQUEST_CONSTANT_SIZE);
  last = confab_markdown_pieces_get_last (view);
  g_assert_true (GTK_IS_TEXT_VIEW (last));
  g_assert_true (gtk_widget_compute_bounds (last, view, &bounds));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, ==, gtk_widget_get_height (view));
  g_assert_true (gtk_widget_compute_bounds (footer, view, &footer_bounds));
  g_assert_cmpfloat (footer_bounds.origin.y, ==, gtk_widget_get_height (view) + 6);
  gtk_widget_measure (view, GTK_ORIENTATION_VERTICAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, ==, gtk_widget_get_height (view));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A code block asks for the height of all its lines at once: GTK 4.8's
 * text view lays out the lines beyond its first allocation in idles and
 * grows without asking to be measured again, and before, a block in the
 * window could keep the height of its first three lines.
 */
static void
test_code_block_whole (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *block = confab_markdown_code_block_new ();
  GtkWidget *code;
  g_autoptr(PangoLayout) layout = NULL;
  int line_height, minimum;

  gtk_window_set_child (GTK_WINDOW (window), block);
  confab_markdown_code_block_set_code (CONFAB_MARKDOWN_CODE_BLOCK (block),
                                       "import csv\n\nwith open(\"sales.csv\", newline=\"\") as f:\n"
                                       "    total = sum(float(row[\"amount\"]) for row in csv.DictReader(f))\n\n"
                                       "print(f\"Total: {total:.2f}\")\n"
                                       "print(\"one more\")\nprint(\"and another\")\nprint(\"the last\")", -1);
  code = confab_test_find_widget (block, G_TYPE_INVALID, "code-view");
  g_assert_nonnull (code);
  layout = gtk_widget_create_pango_layout (code, "import csv");
  pango_layout_get_pixel_size (layout, NULL, &line_height);

  /* Before any frame: nine lines, and the view's margins. */
  gtk_widget_measure (block, GTK_ORIENTATION_VERTICAL, 600, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, >=, 9 * line_height +
                                gtk_text_view_get_top_margin (GTK_TEXT_VIEW (code)) +
                                gtk_text_view_get_bottom_margin (GTK_TEXT_VIEW (code)));

  /* And as a streamed block grows. */
  confab_markdown_code_block_set_code (CONFAB_MARKDOWN_CODE_BLOCK (block),
                                       "import csv\n\nwith open(\"sales.csv\", newline=\"\") as f:\n"
                                       "    total = sum(float(row[\"amount\"]) for row in csv.DictReader(f))\n\n"
                                       "print(f\"Total: {total:.2f}\")\n"
                                       "print(\"one more\")\nprint(\"and another\")\nprint(\"the last\")\n"
                                       "print(\"and a tenth\")", -1);
  gtk_widget_measure (block, GTK_ORIENTATION_VERTICAL, 600, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, >=, 10 * line_height);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Counts the frames drawn, and records the view's height as drawn. */
typedef struct
{
  GtkWidget *view;
  guint      frames;
  int        drawn_height;
  GString   *pending;
} Frames;

/* Shows the text at the start of a frame, as a message row does. */
static gboolean
update_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  Frames *frames = user_data;

  confab_markdown_view_set_text (CONFAB_MARKDOWN_VIEW (frames->view), frames->pending->str, frames->pending->len);

  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Frames        *frames)
{
  frames->frames++;
  frames->drawn_height = gtk_widget_get_height (frames->view);
}

static void
wait_frame (Frames *frames)
{
  guint seen = frames->frames;

  gtk_widget_queue_draw (frames->view);
  while (frames->frames == seen)
    g_main_context_iteration (NULL, TRUE);
}

/* Each time a streamed answer grows, the frame that shows it has the
 * view at its full height, with every new line laid out: nothing moves
 * in the frames after it.
 */
static void
test_settles (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = confab_markdown_view_new ();
  g_autoptr(GString) answer = g_string_new (NULL);
  Frames frames = { view, 0, 0, answer };
  GdkFrameClock *clock;
  gulong handler;

  gtk_window_set_default_size (GTK_WINDOW (window), 400, 500);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (view))
    g_main_context_iteration (NULL, TRUE);

  clock = gtk_widget_get_frame_clock (view);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frames);

  for (guint i = 0; i < 12; i++)
    {
      int shown;

      /* Paragraphs that wrap to many lines, and more than a text view
       * takes, so that some updates start another.
       */
      for (guint j = 0; j < 120; j++)
        g_string_append (answer, j % 3 == 0 ? "word " : "another ");
      g_string_append (answer, i % 2 == 0 ? "\n\n" : " ");

      gtk_widget_add_tick_callback (view, update_tick_cb, &frames, NULL);
      wait_frame (&frames);
      shown = frames.drawn_height;
      g_assert_cmpint (shown, >, 0);

      /* Whatever GTK does when it is idle, and another frame. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      wait_frame (&frames);

      g_assert_cmpint (frames.drawn_height, ==, shown);
    }

  g_signal_handler_disconnect (clock, handler);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A long answer that arrives whole is rendered a step at a time from
 * the main loop, not at once: the step returns soon, and what is
 * rendered in the end is what the answer streamed in pieces shows.  Its
 * plain text is whole all along.  Before, set_text() rendered it all.
 */
static void
test_progressive (void)
{
  g_autofree char *answer = make_answer (128 * 1024);
  g_autoptr(ConfabMarkdownView) view = CONFAB_MARKDOWN_VIEW (g_object_ref_sink (confab_markdown_view_new ()));
  g_autoptr(ConfabMarkdownView) streamed = CONFAB_MARKDOWN_VIEW (g_object_ref_sink (confab_markdown_view_new ()));
  g_autoptr(GPtrArray) first_step = NULL;
  g_autofree char *plain_before = NULL;
  g_autofree char *plain_after = NULL;
  g_autofree char *streamed_plain = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *result = NULL;
  gsize length = strlen (answer);
  guint steps = 0;

  for (gsize fed = 0; fed < length; )
    {
      fed = MIN (fed + 48 * 1024, length);
      while (fed < length && (answer[fed] & 0xc0) == 0x80)
        fed++;
      confab_markdown_view_set_text (streamed, answer, fed);
      g_assert_false (confab_markdown_view_get_pending (streamed));
    }
  expected = describe (streamed);
  streamed_plain = confab_markdown_view_get_plain_text (streamed);

  confab_markdown_view_set_text (view, answer, length);
  first_step = confab_test_markdown_get_children (view);
  plain_before = confab_markdown_view_get_plain_text (view);
  g_assert_true (confab_markdown_view_get_pending (view));
  g_assert_cmpstr (confab_markdown_view_get_source (view), ==, answer);
  g_assert_cmpstr (plain_before, ==, streamed_plain);

  while (confab_markdown_view_get_pending (view))
    {
      g_main_context_iteration (NULL, TRUE);
      steps++;
    }

  /* The first step rendered a part of it only, maybe nothing: it may
   * have cut the source only, on a busy machine.
   */
  g_assert_cmpuint (steps, >, 1);
  {
    g_autoptr(GPtrArray) children = confab_test_markdown_get_children (view);

    g_assert_cmpuint (first_step->len * 4, <, children->len);
  }

  result = describe (view);
  g_assert_cmpstr (result, ==, expected);
  plain_after = confab_markdown_view_get_plain_text (view);
  g_assert_cmpstr (plain_after, ==, streamed_plain);
}

int
main (int   argc,
      char *argv[])
{
  confab_test_ui_init (&argc, &argv);
  adw_init ();

  /* Text is drawn as the application draws it. */
  confab_application_set_up_text (gtk_settings_get_default ());

  g_test_add_func ("/markdown/malformed", test_malformed);
  g_test_add_func ("/markdown/many-spans", test_many_spans);
  g_test_add_func ("/markdown/long-line", test_long_line);
  g_test_add_func ("/markdown/megabyte", test_megabyte);
  g_test_add_func ("/markdown/streaming", test_streaming);
  g_test_add_func ("/markdown/references", test_references);
  g_test_add_func ("/markdown/settles", test_settles);
  g_test_add_func ("/markdown/height", test_height);
  g_test_add_func ("/markdown/code-block-whole", test_code_block_whole);
  g_test_add_func ("/markdown/progressive", test_progressive);

  return g_test_run ();
}
