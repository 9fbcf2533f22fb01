/* test-markdown.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Markdown renderer: what each construct becomes (tags on the text
 * views' buffers, or child widgets), and that markup in an answer stays
 * text.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "confab-application.h"
#include "confab-markdown-code-block.h"
#include "confab-markdown-view.h"
#include "confab-test-markdown.h"
#include "confab-test-ui.h"

static void
test_headings (void)
{
  g_autoptr(ConfabMarkdownView) view = confab_test_markdown_render ("# One\n\n## Two\n\n###### Six\n\nText\n===\n");
  GtkTextBuffer *buffer = confab_test_markdown_get_buffer (view, 0);
  g_autofree char *text = confab_test_markdown_dup_buffer_text (buffer);

  g_assert_cmpstr (text, ==, "One\nTwo\nSix\nText");
  confab_test_markdown_assert_tagged (buffer, "h1", "One");
  confab_test_markdown_assert_tagged (buffer, "h2", "Two");
  confab_test_markdown_assert_tagged (buffer, "h6", "Six");
  confab_test_markdown_assert_tagged (buffer, "h1", "Text");
}

static void
test_inline (void)
{
  g_autoptr(ConfabMarkdownView) view =
    confab_test_markdown_render ("Some *emphasis*, **strong**, ~~gone~~ and `code()`, ***both***.\n");
  GtkTextBuffer *buffer = confab_test_markdown_get_buffer (view, 0);
  g_autofree char *text = confab_test_markdown_dup_buffer_text (buffer);

  g_assert_cmpstr (text, ==, "Some emphasis, strong, gone and code(), both.");
  confab_test_markdown_assert_tagged (buffer, "emphasis", "emphasis");
  confab_test_markdown_assert_tagged (buffer, "strong", "strong");
  confab_test_markdown_assert_tagged (buffer, "strikethrough", "gone");
  confab_test_markdown_assert_tagged (buffer, "code", "code()");
  g_assert_true (confab_test_markdown_has_tag (buffer, "emphasis", "both"));
  g_assert_true (confab_test_markdown_has_tag (buffer, "strong", "both"));
  g_assert_false (confab_test_markdown_has_tag (buffer, "strong", "Some"));
}

/* Markup of any kind is text: shown as written, styling nothing. */
static void
test_markup_is_text (void)
{
  static const char *markup[] = {
    "<b>bold</b>",
    "&amp;",
    "&lt;i&gt;",
    "<span foreground=\"red\">red</span>",
    "<script>alert(1)</script>",
  };
  g_autoptr(ConfabMarkdownView) view = NULL;
  g_autoptr(GString) source = g_string_new (NULL);
  g_autofree char *plain = NULL;
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer;

  for (guint i = 0; i < G_N_ELEMENTS (markup); i++)
    g_string_append_printf (source, "%s\n\n", markup[i]);
  g_string_append (source, "# <b>head</b> &amp;\n\n| <i>x</i> |\n|---|\n| &amp; |\n\n`<b>c</b>`\n");

  view = confab_test_markdown_render (source->str);
  buffer = confab_test_markdown_get_buffer (view, 0);
  text = confab_test_markdown_dup_buffer_text (buffer);
  plain = confab_markdown_view_get_plain_text (view);

  for (guint i = 0; i < G_N_ELEMENTS (markup); i++)
    {
      g_assert_nonnull (strstr (text, markup[i]));
      g_assert_nonnull (strstr (plain, markup[i]));
      g_assert_false (confab_test_markdown_has_tag (buffer, "strong", markup[i]));
    }

  g_assert_nonnull (strstr (text, "<b>head</b> &amp;"));
  confab_test_markdown_assert_tagged (confab_test_markdown_get_buffer (view, 2), "code", "<b>c</b>");
  g_assert_nonnull (strstr (plain, "<i>x</i>\n&amp;"));
}

static void
test_lists (void)
{
  g_autoptr(ConfabMarkdownView) view =
    confab_test_markdown_render ("- one\n"
            "  - two\n"
            "    1. three\n"
            "    2. four\n"
            "- [ ] open\n"
            "- [x] done\n"
            "\n"
            "7. seven\n"
            "8. eight\n");
  GtkTextBuffer *buffer = confab_test_markdown_get_buffer (view, 0);
  g_autofree char *text = confab_test_markdown_dup_buffer_text (buffer);
  g_autofree char *plain = confab_markdown_view_get_plain_text (view);

  g_assert_cmpstr (text, ==, "•\tone\n◦\ttwo\n1.\tthree\n2.\tfour\n☐\topen\n☑\tdone\n7.\tseven\n8.\teight");
  g_assert_cmpstr (plain, ==, "• one\n  ◦ two\n    1. three\n    2. four\n☐ open\n☑ done\n\n7. seven\n8. eight");

  /* Markers hang before the text, deeper for nested lists. */
  confab_test_markdown_assert_tagged (buffer, "margin-0-1-1", "•\tone");
  confab_test_markdown_assert_tagged (buffer, "margin-0-2-1", "◦\ttwo");
  confab_test_markdown_assert_tagged (buffer, "margin-0-3-1", "1.\tthree");
  confab_test_markdown_assert_tagged (buffer, "margin-0-3-1", "2.\tfour");
  confab_test_markdown_assert_tagged (buffer, "margin-0-1-1", "☑\tdone");

  /* Tight lists are tight; a new list is apart. */
  confab_test_markdown_assert_tagged (buffer, "tight-gap", "◦\ttwo");
  confab_test_markdown_assert_tagged (buffer, "tight-gap", "☐\topen");
  confab_test_markdown_assert_tagged (buffer, "gap", "7.\tseven");
  confab_test_markdown_assert_tagged (buffer, "tight-gap", "8.\teight");
}

static void
test_quotes (void)
{
  g_autoptr(ConfabMarkdownView) view =
    confab_test_markdown_render ("> quoted\n"
            "> > nested\n"
            ">\n"
            "> - item\n"
            "\n"
            "after\n");
  static const char *texts[] = { "quoted", "nested", "•\titem", "after" };
  g_autoptr(GPtrArray) children = confab_test_markdown_get_children (view);

  /* Each level of quotes has text views of its own, for its bar. */
  g_assert_cmpuint (children->len, ==, G_N_ELEMENTS (texts));
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *text = confab_test_markdown_dup_buffer_text (confab_test_markdown_get_buffer (view, i));

      g_assert_cmpstr (text, ==, texts[i]);
    }

  confab_test_markdown_assert_tagged (confab_test_markdown_get_buffer (view, 0), "margin-1-0-0", "quoted");
  confab_test_markdown_assert_tagged (confab_test_markdown_get_buffer (view, 1), "margin-2-0-0", "nested");
  confab_test_markdown_assert_tagged (confab_test_markdown_get_buffer (view, 2), "margin-1-1-1", "•\titem");
  confab_test_markdown_assert_tagged (confab_test_markdown_get_buffer (view, 0), "quote", "quoted");
  confab_test_markdown_assert_tagged (confab_test_markdown_get_buffer (view, 1), "quote", "nested");
  confab_test_markdown_assert_tagged (confab_test_markdown_get_buffer (view, 2), "quote", "•\titem");
  g_assert_false (confab_test_markdown_has_tag (confab_test_markdown_get_buffer (view, 3), "quote", "after"));
}

/* The narrow color nodes that the view draws itself, beside its
 * children: those of its own container.
 */
static void
collect_bars (GskRenderNode *node,
              GPtrArray     *bars)
{
  g_assert_cmpint (gsk_render_node_get_node_type (node), ==, GSK_CONTAINER_NODE);

  for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
    {
      GskRenderNode *child = gsk_container_node_get_child (node, i);
      graphene_rect_t bounds;

      gsk_render_node_get_bounds (child, &bounds);
      if (gsk_render_node_get_node_type (child) == GSK_COLOR_NODE && bounds.size.width < 10)
        g_ptr_array_add (bars, child);
    }
}

static void
test_quote_bars (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = confab_markdown_view_new ();
  g_autoptr(GPtrArray) bars = g_ptr_array_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot;
  graphene_rect_t quoted;
  graphene_rect_t nested;
  graphene_rect_t plain;
  graphene_rect_t bounds[2];

  gtk_window_set_default_size (GTK_WINDOW (window), 400, 400);
  gtk_window_set_child (GTK_WINDOW (window), view);
  confab_markdown_view_set_text (CONFAB_MARKDOWN_VIEW (view),
                                 "> quoted\n> > nested\n\nplain\n", -1);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (view) || gtk_widget_get_height (view) == 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (gtk_widget_compute_bounds (confab_test_markdown_get_child (CONFAB_MARKDOWN_VIEW (view), 0, GTK_TYPE_TEXT_VIEW), view, &quoted));
  g_assert_true (gtk_widget_compute_bounds (confab_test_markdown_get_child (CONFAB_MARKDOWN_VIEW (view), 1, GTK_TYPE_TEXT_VIEW), view, &nested));
  g_assert_true (gtk_widget_compute_bounds (confab_test_markdown_get_child (CONFAB_MARKDOWN_VIEW (view), 2, GTK_TYPE_TEXT_VIEW), view, &plain));

  snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  collect_bars (node, bars);

  /* A bar for each level, beside the quote only, apart from its text. */
  g_assert_cmpuint (bars->len, ==, 2);
  gsk_render_node_get_bounds (bars->pdata[0], &bounds[0]);
  gsk_render_node_get_bounds (bars->pdata[1], &bounds[1]);
  if (bounds[0].origin.x > bounds[1].origin.x)
    {
      graphene_rect_t swap = bounds[0];

      bounds[0] = bounds[1];
      bounds[1] = swap;
    }

  g_assert_cmpfloat (bounds[0].size.width, >, 0);
  g_assert_cmpfloat (bounds[0].size.width, <, 10);
  g_assert_cmpfloat (bounds[0].origin.y, ==, quoted.origin.y);
  g_assert_cmpfloat (bounds[0].origin.y + bounds[0].size.height, ==, nested.origin.y + nested.size.height);
  g_assert_cmpfloat (bounds[1].origin.x, >, bounds[0].origin.x + bounds[0].size.width);
  g_assert_cmpfloat (bounds[1].origin.y, ==, nested.origin.y);
  g_assert_cmpfloat (bounds[1].origin.y + bounds[1].size.height, <=, plain.origin.y);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_links (void)
{
  g_autoptr(ConfabMarkdownView) view =
    confab_test_markdown_render ("[web](https://example.com/a?b=1) [plain](http://example.org) "
            "[mail](mailto:someone@example.com) [script](javascript:alert(1)) "
            "[file](file:///etc/passwd) [data](data:text/html,x) "
            "<https://auto.example.com> www.example.net\n");
  GtkTextBuffer *buffer = confab_test_markdown_get_buffer (view, 0);
  g_autofree char *text = confab_test_markdown_dup_buffer_text (buffer);

  g_assert_cmpstr (text, ==, "web plain mail script file data https://auto.example.com www.example.net");

  confab_test_markdown_assert_tagged (buffer, "link", "web");
  g_assert_cmpstr (confab_test_markdown_get_href (buffer, "web"), ==, "https://example.com/a?b=1");
  g_assert_cmpstr (confab_test_markdown_get_href (buffer, "plain"), ==, "http://example.org");
  g_assert_cmpstr (confab_test_markdown_get_href (buffer, "mail"), ==, "mailto:someone@example.com");
  g_assert_cmpstr (confab_test_markdown_get_href (buffer, "https://auto"), ==, "https://auto.example.com");
  g_assert_cmpstr (confab_test_markdown_get_href (buffer, "www.example"), ==, "http://www.example.net");

  /* Anything else is plain text. */
  g_assert_false (confab_test_markdown_has_tag (buffer, "link", "script"));
  g_assert_null (confab_test_markdown_get_href (buffer, "script"));
  g_assert_false (confab_test_markdown_has_tag (buffer, "link", "file"));
  g_assert_false (confab_test_markdown_has_tag (buffer, "link", "data"));
}

static gboolean
record_link_cb (ConfabMarkdownView *view,
                const char         *href,
                char              **recorded)
{
  g_free (*recorded);
  *recorded = g_strdup (href);

  return TRUE;
}

static GtkEventController *
find_controller (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), name) == 0)
        return controller;
    }

  return NULL;
}

static gboolean
press_enter (GtkEventController *controller)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_Return, 0, 0, &handled);

  return handled;
}

static void
test_link_keys (void)
{
  g_autoptr(ConfabMarkdownView) view =
    confab_test_markdown_render ("see [docs](https://example.com/docs) and [code](javascript:x) here\n");
  GtkWidget *text = confab_test_markdown_get_child (view, 0, GTK_TYPE_TEXT_VIEW);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text));
  GtkEventController *keys = find_controller (text, "markdown-link-keys");
  g_autofree char *opened = NULL;
  GtkTextIter start, end;

  g_signal_connect (view, "activate-link", G_CALLBACK (record_link_cb), &opened);

  /* The text takes the keyboard's focus, for its links. */
  g_assert_true (gtk_widget_get_focusable (text));
  g_assert_nonnull (keys);

  confab_test_markdown_find_text (buffer, "docs", &start, &end);
  gtk_text_iter_forward_char (&start);
  gtk_text_buffer_place_cursor (buffer, &start);
  g_assert_true (press_enter (keys));
  g_assert_cmpstr (opened, ==, "https://example.com/docs");
  g_clear_pointer (&opened, g_free);

  /* Just after the link is on it too. */
  gtk_text_buffer_place_cursor (buffer, &end);
  g_assert_true (press_enter (keys));
  g_assert_cmpstr (opened, ==, "https://example.com/docs");
  g_clear_pointer (&opened, g_free);

  /* Elsewhere, and on what is not a link, Enter does nothing. */
  confab_test_markdown_find_text (buffer, "code", &start, &end);
  gtk_text_buffer_place_cursor (buffer, &start);
  g_assert_false (press_enter (keys));
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  g_assert_false (press_enter (keys));
  g_assert_null (opened);
}

static void
test_table_links (void)
{
  g_autoptr(ConfabMarkdownView) view =
    confab_test_markdown_render ("| Link | Other |\n"
            "|------|-------|\n"
            "| see [docs](https://example.com/?a=1&b=<2>) | [bad](javascript:x) & <b>x</b> |\n");
  GtkGrid *grid = confab_test_markdown_get_child (view, 0, GTK_TYPE_GRID);
  GtkLabel *link = GTK_LABEL (gtk_grid_get_child_at (grid, 0, 1));
  GtkLabel *other = GTK_LABEL (gtk_grid_get_child_at (grid, 1, 1));
  g_autofree char *opened = NULL;
  gboolean handled = FALSE;

  g_signal_connect (view, "activate-link", G_CALLBACK (record_link_cb), &opened);

  /* The link is the label's own, with its target as its tooltip. */
  g_assert_cmpstr (gtk_label_get_text (link), ==, "see docs");
  g_assert_true (gtk_label_get_use_markup (link));
  g_assert_nonnull (strstr (gtk_label_get_label (link),
                            "<a href=\"https://example.com/?a=1&amp;b=&lt;2&gt;\" "
                            "title=\"https://example.com/?a=1&amp;amp;b=&amp;lt;2&amp;gt;\">docs</a>"));

  g_signal_emit_by_name (link, "activate-link", "https://example.com/?a=1&b=<2>", &handled);
  g_assert_true (handled);
  g_assert_cmpstr (opened, ==, "https://example.com/?a=1&b=<2>");

  /* Other cells are text, whatever they say. */
  g_assert_false (gtk_label_get_use_markup (other));
  g_assert_cmpstr (gtk_label_get_text (other), ==, "bad & <b>x</b>");
}

static void
test_rule (void)
{
  g_autoptr(ConfabMarkdownView) view = confab_test_markdown_render ("above\n\n---\n\nbelow\n");
  g_autoptr(GPtrArray) children = confab_test_markdown_get_children (view);
  g_autofree char *plain = confab_markdown_view_get_plain_text (view);

  g_assert_cmpuint (children->len, ==, 3);
  g_assert_true (GTK_IS_TEXT_VIEW (children->pdata[0]));
  g_assert_true (GTK_IS_SEPARATOR (children->pdata[1]));
  g_assert_true (GTK_IS_TEXT_VIEW (children->pdata[2]));
  g_assert_cmpstr (plain, ==, "above\n\nbelow");
}

static void
test_table (void)
{
  g_autoptr(ConfabMarkdownView) view =
    confab_test_markdown_render ("| Name | **Kind** | Size |\n"
            "|:-----|:--------:|-----:|\n"
            "| a | `file` | 1 |\n"
            "| b | dir |\n");
  GtkGrid *grid = confab_test_markdown_get_child (view, 0, GTK_TYPE_GRID);
  static const char *cells[3][3] = {
    { "Name", "Kind", "Size" },
    { "a", "file", "1" },
    { "b", "dir", "" },
  };
  g_autofree char *plain = confab_markdown_view_get_plain_text (view);

  for (int row = 0; row < 3; row++)
    for (int column = 0; column < 3; column++)
      {
        GtkWidget *label = gtk_grid_get_child_at (grid, column, row);

        g_assert_true (GTK_IS_LABEL (label));
        g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, cells[row][column]);
        g_assert_false (gtk_label_get_use_markup (GTK_LABEL (label)));
      }

  g_assert_cmpfloat (gtk_label_get_xalign (GTK_LABEL (gtk_grid_get_child_at (grid, 0, 1))), ==, 0.0);
  g_assert_cmpfloat (gtk_label_get_xalign (GTK_LABEL (gtk_grid_get_child_at (grid, 1, 1))), ==, 0.5);
  g_assert_cmpfloat (gtk_label_get_xalign (GTK_LABEL (gtk_grid_get_child_at (grid, 2, 1))), ==, 1.0);
  g_assert_nonnull (gtk_label_get_attributes (GTK_LABEL (gtk_grid_get_child_at (grid, 1, 1))));
  g_assert_cmpstr (plain, ==, "Name\tKind\tSize\na\tfile\t1\nb\tdir\t");
}

static void
test_code_blocks (void)
{
  g_autoptr(ConfabMarkdownView) view =
    confab_test_markdown_render ("Intro\n"
            "\n"
            "```python\n"
            "def f():\n"
            "    return 1\n"
            "```\n"
            "\n"
            "```no-such-language\n"
            "x\n"
            "```\n"
            "\n"
            "    indented\n"
            "\n"
            "~~~rust\n"
            "~~~\n");
  g_autoptr(GPtrArray) children = confab_test_markdown_get_children (view);
  ConfabMarkdownCodeBlock *python, *unknown, *indented, *empty;
  GtkWidget *source_view;

  g_assert_cmpuint (children->len, ==, 5);
  python = confab_test_markdown_get_child (view, 1, CONFAB_TYPE_MARKDOWN_CODE_BLOCK);
  unknown = confab_test_markdown_get_child (view, 2, CONFAB_TYPE_MARKDOWN_CODE_BLOCK);
  indented = confab_test_markdown_get_child (view, 3, CONFAB_TYPE_MARKDOWN_CODE_BLOCK);
  empty = confab_test_markdown_get_child (view, 4, CONFAB_TYPE_MARKDOWN_CODE_BLOCK);

  g_assert_cmpstr (confab_markdown_code_block_get_code (python), ==, "def f():\n    return 1");
  g_assert_cmpstr (confab_markdown_code_block_get_language (python), ==, "python");
  g_assert_cmpstr (confab_markdown_code_block_get_language_id (python), ==, "python3");

  g_assert_cmpstr (confab_markdown_code_block_get_code (unknown), ==, "x");
  g_assert_null (confab_markdown_code_block_get_language_id (unknown));

  g_assert_cmpstr (confab_markdown_code_block_get_code (indented), ==, "indented");
  g_assert_null (confab_markdown_code_block_get_language (indented));
  g_assert_null (confab_markdown_code_block_get_language_id (indented));

  g_assert_cmpstr (confab_markdown_code_block_get_code (empty), ==, "");
  g_assert_cmpstr (confab_markdown_code_block_get_language_id (empty), ==, "rust");

  /* Monospace, and scrolling sideways on its own. */
  source_view = confab_test_find_widget (GTK_WIDGET (python), GTK_SOURCE_TYPE_VIEW, "code-view");
  g_assert_nonnull (source_view);
  g_assert_true (gtk_text_view_get_monospace (GTK_TEXT_VIEW (source_view)));
  g_assert_cmpint (gtk_text_view_get_wrap_mode (GTK_TEXT_VIEW (source_view)), ==, GTK_WRAP_NONE);
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (source_view)));
  g_assert_true (GTK_IS_SCROLLED_WINDOW (gtk_widget_get_parent (source_view)));
  {
    GtkPolicyType horizontal, vertical;

    gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (gtk_widget_get_parent (source_view)), &horizontal, &vertical);
    g_assert_cmpint (horizontal, ==, GTK_POLICY_AUTOMATIC);
    g_assert_cmpint (vertical, ==, GTK_POLICY_NEVER);
  }
}

static const char *
get_scheme_id (ConfabMarkdownCodeBlock *block)
{
  GtkWidget *source_view = confab_test_find_widget (GTK_WIDGET (block), GTK_SOURCE_TYPE_VIEW, "code-view");
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (source_view)));

  return gtk_source_style_scheme_get_id (gtk_source_buffer_get_style_scheme (buffer));
}

static void
test_code_style (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autoptr(ConfabMarkdownView) view = confab_test_markdown_render ("```c\nint x;\n```\n");
  ConfabMarkdownCodeBlock *block = confab_test_markdown_get_child (view, 0, CONFAB_TYPE_MARKDOWN_CODE_BLOCK);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_cmpstr (get_scheme_id (block), ==, "Adwaita-dark");
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_cmpstr (get_scheme_id (block), ==, "Adwaita");
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  confab_test_ui_init (&argc, &argv);
  adw_init ();

  /* Text is drawn as the application draws it. */
  confab_application_set_up_text (gtk_settings_get_default ());

  g_test_add_func ("/markdown/headings", test_headings);
  g_test_add_func ("/markdown/inline", test_inline);
  g_test_add_func ("/markdown/markup-is-text", test_markup_is_text);
  g_test_add_func ("/markdown/lists", test_lists);
  g_test_add_func ("/markdown/quotes", test_quotes);
  g_test_add_func ("/markdown/quote-bars", test_quote_bars);
  g_test_add_func ("/markdown/links", test_links);
  g_test_add_func ("/markdown/link-keys", test_link_keys);
  g_test_add_func ("/markdown/table-links", test_table_links);
  g_test_add_func ("/markdown/rule", test_rule);
  g_test_add_func ("/markdown/table", test_table);
  g_test_add_func ("/markdown/code-blocks", test_code_blocks);
  g_test_add_func ("/markdown/code-style", test_code_style);

  return g_test_run ();
}
