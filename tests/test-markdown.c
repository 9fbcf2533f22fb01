/* test-markdown.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Markdown renderer: what each construct becomes (tags on the text
 * views' buffers, or child widgets), that markup in an answer stays
 * text, that broken, huge and streamed answers render as whole ones
 * do, and that a code block's Copy copies exactly its code.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "confab-application.h"
#include "confab-markdown-code-block.h"
#include "confab-markdown-code-block.h"
#include "confab-markdown-view.h"
#include "confab-test-ui.h"

static ConfabMarkdownView *
render (const char *markdown)
{
  ConfabMarkdownView *view = CONFAB_MARKDOWN_VIEW (confab_markdown_view_new ());

  g_object_ref_sink (view);
  confab_markdown_view_set_text (view, markdown, -1);

  /* A long answer is rendered a step at a time. */
  while (confab_markdown_view_get_pending (view))
    g_main_context_iteration (NULL, TRUE);

  return view;
}

static GPtrArray *
get_children (ConfabMarkdownView *view)
{
  GPtrArray *children = g_ptr_array_new_with_free_func (g_object_unref);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_ptr_array_add (children, g_object_ref (child));

  return children;
}

/* The @n-th child of @view, which must be of @type. */
static gpointer
get_child (ConfabMarkdownView *view,
           guint               n,
           GType               type)
{
  g_autoptr(GPtrArray) children = get_children (view);

  g_assert_cmpuint (n, <, children->len);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (children->pdata[n], type));

  return children->pdata[n];
}

static GtkTextBuffer *
get_buffer (ConfabMarkdownView *view,
            guint               n)
{
  return gtk_text_view_get_buffer (get_child (view, n, GTK_TYPE_TEXT_VIEW));
}

/* The text of a text view of prose: its paragraphs, each on its line,
 * without the newline that ends the last.
 */
static char *
dup_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;
  char *text;
  gsize length;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  length = strlen (text);
  g_assert_true (length > 0 && text[length - 1] == '\n');
  text[length - 1] = '\0';

  return text;
}

static void
find_text (GtkTextBuffer *buffer,
           const char    *needle,
           GtkTextIter   *match_start,
           GtkTextIter   *match_end)
{
  GtkTextIter start;

  gtk_text_buffer_get_start_iter (buffer, &start);
  if (!gtk_text_iter_forward_search (&start, needle, 0, match_start, match_end, NULL))
    g_error ("“%s” is not shown", needle);
}

/* The tag named @tag_name covers exactly the first @needle. */
static void
assert_tagged (GtkTextBuffer *buffer,
               const char    *tag_name,
               const char    *needle)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tag_name);
  GtkTextIter start, end, toggle;

  g_assert_nonnull (tag);
  find_text (buffer, needle, &start, &end);

  g_assert_true (gtk_text_iter_starts_tag (&start, tag));
  toggle = start;
  g_assert_true (gtk_text_iter_forward_to_tag_toggle (&toggle, tag));
  g_assert_cmpint (gtk_text_iter_get_offset (&toggle), ==, gtk_text_iter_get_offset (&end));
}

static gboolean
has_tag (GtkTextBuffer *buffer,
         const char    *tag_name,
         const char    *needle)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tag_name);
  GtkTextIter start, end;

  find_text (buffer, needle, &start, &end);

  return tag != NULL && gtk_text_iter_has_tag (&start, tag);
}

static const char *
get_href (GtkTextBuffer *buffer,
          const char    *needle)
{
  g_autoptr(GSList) tags = NULL;
  GtkTextIter start, end;

  find_text (buffer, needle, &start, &end);
  tags = gtk_text_iter_get_tags (&start);

  for (GSList *l = tags; l != NULL; l = l->next)
    if (g_object_get_data (l->data, "confab-href") != NULL)
      return g_object_get_data (l->data, "confab-href");

  return NULL;
}

static void
test_headings (void)
{
  g_autoptr(ConfabMarkdownView) view = render ("# One\n\n## Two\n\n###### Six\n\nText\n===\n");
  GtkTextBuffer *buffer = get_buffer (view, 0);
  g_autofree char *text = dup_buffer_text (buffer);

  g_assert_cmpstr (text, ==, "One\nTwo\nSix\nText");
  assert_tagged (buffer, "h1", "One");
  assert_tagged (buffer, "h2", "Two");
  assert_tagged (buffer, "h6", "Six");
  assert_tagged (buffer, "h1", "Text");
}

static void
test_inline (void)
{
  g_autoptr(ConfabMarkdownView) view =
    render ("Some *emphasis*, **strong**, ~~gone~~ and `code()`, ***both***.\n");
  GtkTextBuffer *buffer = get_buffer (view, 0);
  g_autofree char *text = dup_buffer_text (buffer);

  g_assert_cmpstr (text, ==, "Some emphasis, strong, gone and code(), both.");
  assert_tagged (buffer, "emphasis", "emphasis");
  assert_tagged (buffer, "strong", "strong");
  assert_tagged (buffer, "strikethrough", "gone");
  assert_tagged (buffer, "code", "code()");
  g_assert_true (has_tag (buffer, "emphasis", "both"));
  g_assert_true (has_tag (buffer, "strong", "both"));
  g_assert_false (has_tag (buffer, "strong", "Some"));
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

  view = render (source->str);
  buffer = get_buffer (view, 0);
  text = dup_buffer_text (buffer);
  plain = confab_markdown_view_get_plain_text (view);

  for (guint i = 0; i < G_N_ELEMENTS (markup); i++)
    {
      g_assert_nonnull (strstr (text, markup[i]));
      g_assert_nonnull (strstr (plain, markup[i]));
      g_assert_false (has_tag (buffer, "strong", markup[i]));
    }

  g_assert_nonnull (strstr (text, "<b>head</b> &amp;"));
  assert_tagged (get_buffer (view, 2), "code", "<b>c</b>");
  g_assert_nonnull (strstr (plain, "<i>x</i>\n&amp;"));
}

static void
test_lists (void)
{
  g_autoptr(ConfabMarkdownView) view =
    render ("- one\n"
            "  - two\n"
            "    1. three\n"
            "    2. four\n"
            "- [ ] open\n"
            "- [x] done\n"
            "\n"
            "7. seven\n"
            "8. eight\n");
  GtkTextBuffer *buffer = get_buffer (view, 0);
  g_autofree char *text = dup_buffer_text (buffer);
  g_autofree char *plain = confab_markdown_view_get_plain_text (view);

  g_assert_cmpstr (text, ==, "•\tone\n◦\ttwo\n1.\tthree\n2.\tfour\n☐\topen\n☑\tdone\n7.\tseven\n8.\teight");
  g_assert_cmpstr (plain, ==, "• one\n  ◦ two\n    1. three\n    2. four\n☐ open\n☑ done\n\n7. seven\n8. eight");

  /* Markers hang before the text, deeper for nested lists. */
  assert_tagged (buffer, "margin-0-1-1", "•\tone");
  assert_tagged (buffer, "margin-0-2-1", "◦\ttwo");
  assert_tagged (buffer, "margin-0-3-1", "1.\tthree");
  assert_tagged (buffer, "margin-0-3-1", "2.\tfour");
  assert_tagged (buffer, "margin-0-1-1", "☑\tdone");

  /* Tight lists are tight; a new list is apart. */
  assert_tagged (buffer, "tight-gap", "◦\ttwo");
  assert_tagged (buffer, "tight-gap", "☐\topen");
  assert_tagged (buffer, "gap", "7.\tseven");
  assert_tagged (buffer, "tight-gap", "8.\teight");
}

static void
test_quotes (void)
{
  g_autoptr(ConfabMarkdownView) view =
    render ("> quoted\n"
            "> > nested\n"
            ">\n"
            "> - item\n"
            "\n"
            "after\n");
  static const char *texts[] = { "quoted", "nested", "•\titem", "after" };
  g_autoptr(GPtrArray) children = get_children (view);

  /* Each level of quotes has text views of its own, for its bar. */
  g_assert_cmpuint (children->len, ==, G_N_ELEMENTS (texts));
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *text = dup_buffer_text (get_buffer (view, i));

      g_assert_cmpstr (text, ==, texts[i]);
    }

  assert_tagged (get_buffer (view, 0), "margin-1-0-0", "quoted");
  assert_tagged (get_buffer (view, 1), "margin-2-0-0", "nested");
  assert_tagged (get_buffer (view, 2), "margin-1-1-1", "•\titem");
  assert_tagged (get_buffer (view, 0), "quote", "quoted");
  assert_tagged (get_buffer (view, 1), "quote", "nested");
  assert_tagged (get_buffer (view, 2), "quote", "•\titem");
  g_assert_false (has_tag (get_buffer (view, 3), "quote", "after"));
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

  g_assert_true (gtk_widget_compute_bounds (get_child (CONFAB_MARKDOWN_VIEW (view), 0, GTK_TYPE_TEXT_VIEW), view, &quoted));
  g_assert_true (gtk_widget_compute_bounds (get_child (CONFAB_MARKDOWN_VIEW (view), 1, GTK_TYPE_TEXT_VIEW), view, &nested));
  g_assert_true (gtk_widget_compute_bounds (get_child (CONFAB_MARKDOWN_VIEW (view), 2, GTK_TYPE_TEXT_VIEW), view, &plain));

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
    render ("[web](https://example.com/a?b=1) [plain](http://example.org) "
            "[mail](mailto:someone@example.com) [script](javascript:alert(1)) "
            "[file](file:///etc/passwd) [data](data:text/html,x) "
            "<https://auto.example.com> www.example.net\n");
  GtkTextBuffer *buffer = get_buffer (view, 0);
  g_autofree char *text = dup_buffer_text (buffer);

  g_assert_cmpstr (text, ==, "web plain mail script file data https://auto.example.com www.example.net");

  assert_tagged (buffer, "link", "web");
  g_assert_cmpstr (get_href (buffer, "web"), ==, "https://example.com/a?b=1");
  g_assert_cmpstr (get_href (buffer, "plain"), ==, "http://example.org");
  g_assert_cmpstr (get_href (buffer, "mail"), ==, "mailto:someone@example.com");
  g_assert_cmpstr (get_href (buffer, "https://auto"), ==, "https://auto.example.com");
  g_assert_cmpstr (get_href (buffer, "www.example"), ==, "http://www.example.net");

  /* Anything else is plain text. */
  g_assert_false (has_tag (buffer, "link", "script"));
  g_assert_null (get_href (buffer, "script"));
  g_assert_false (has_tag (buffer, "link", "file"));
  g_assert_false (has_tag (buffer, "link", "data"));
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
    render ("see [docs](https://example.com/docs) and [code](javascript:x) here\n");
  GtkWidget *text = get_child (view, 0, GTK_TYPE_TEXT_VIEW);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text));
  GtkEventController *keys = find_controller (text, "markdown-link-keys");
  g_autofree char *opened = NULL;
  GtkTextIter start, end;

  g_signal_connect (view, "activate-link", G_CALLBACK (record_link_cb), &opened);

  /* The text takes the keyboard's focus, for its links. */
  g_assert_true (gtk_widget_get_focusable (text));
  g_assert_nonnull (keys);

  find_text (buffer, "docs", &start, &end);
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
  find_text (buffer, "code", &start, &end);
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
    render ("| Link | Other |\n"
            "|------|-------|\n"
            "| see [docs](https://example.com/?a=1&b=<2>) | [bad](javascript:x) & <b>x</b> |\n");
  GtkGrid *grid = get_child (view, 0, GTK_TYPE_GRID);
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
  g_autoptr(ConfabMarkdownView) view = render ("above\n\n---\n\nbelow\n");
  g_autoptr(GPtrArray) children = get_children (view);
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
    render ("| Name | **Kind** | Size |\n"
            "|:-----|:--------:|-----:|\n"
            "| a | `file` | 1 |\n"
            "| b | dir |\n");
  GtkGrid *grid = get_child (view, 0, GTK_TYPE_GRID);
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
    render ("Intro\n"
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
  g_autoptr(GPtrArray) children = get_children (view);
  ConfabMarkdownCodeBlock *python, *unknown, *indented, *empty;
  GtkWidget *source_view;

  g_assert_cmpuint (children->len, ==, 5);
  python = get_child (view, 1, CONFAB_TYPE_MARKDOWN_CODE_BLOCK);
  unknown = get_child (view, 2, CONFAB_TYPE_MARKDOWN_CODE_BLOCK);
  indented = get_child (view, 3, CONFAB_TYPE_MARKDOWN_CODE_BLOCK);
  empty = get_child (view, 4, CONFAB_TYPE_MARKDOWN_CODE_BLOCK);

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
  g_autoptr(ConfabMarkdownView) view = render ("```c\nint x;\n```\n");
  ConfabMarkdownCodeBlock *block = get_child (view, 0, CONFAB_TYPE_MARKDOWN_CODE_BLOCK);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_cmpstr (get_scheme_id (block), ==, "Adwaita-dark");
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_cmpstr (get_scheme_id (block), ==, "Adwaita");
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

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
    g_autoptr(ConfabMarkdownView) view = render ("");
    g_autofree char *plain = NULL;

    confab_markdown_view_set_text (view, "nul \0 byte", 10);
    plain = confab_markdown_view_get_plain_text (view);
    g_assert_cmpstr (plain, ==, "nul \xef\xbf\xbd byte");
  }

  {
    g_autoptr(ConfabMarkdownView) view = render ("*unclosed emphasis");
    g_autofree char *plain = confab_markdown_view_get_plain_text (view);

    g_assert_cmpstr (plain, ==, "*unclosed emphasis");
  }

  {
    g_autoptr(ConfabMarkdownView) view = render ("Look:\n\n```sh\necho in progress");
    ConfabMarkdownCodeBlock *block = get_child (view, 1, CONFAB_TYPE_MARKDOWN_CODE_BLOCK);

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

    view = render (deep->str);
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

  view = render (text->str);
  buffer = get_buffer (view, 0);

  g_assert_cmpint (gtk_text_buffer_get_line_count (buffer), ==, 2);  /* and the empty last */
  for (guint i = 0; i < 450; i += 37)
    {
      g_autofree char *code = g_strdup_printf (" c%u ", i);
      g_autofree char *strong = g_strdup_printf (" s%u ", i);

      /* The word alone, between its spaces. */
      code[strlen (code) - 1] = '\0';
      strong[strlen (strong) - 1] = '\0';
      assert_tagged (buffer, "code", code + 1);
      assert_tagged (buffer, "strong", strong + 1);
    }
  assert_tagged (buffer, "code", "c449");
  assert_tagged (buffer, "strong", "s449");
}

/* A paragraph of 100 KB is shown whole, in pieces of a few KB, each a
 * text view of one line of its own: a text view lays out a line whole.
 * Nothing is added to the text, nor left out.
 */
static void
test_long_line (void)
{
  g_autofree char *line = make_words (100 * 1024, FALSE);
  g_autoptr(ConfabMarkdownView) view = render (line);
  g_autoptr(GPtrArray) children = get_children (view);
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autofree char *plain = confab_markdown_view_get_plain_text (view);

  g_assert_cmpuint (children->len, >=, 10);
  for (guint i = 0; i < children->len; i++)
    {
      GtkTextBuffer *buffer = get_buffer (view, i);
      g_autofree char *text = dup_buffer_text (buffer);

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
  g_autoptr(ConfabMarkdownView) whole = render (answer);
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
      g_autofree char *text = dup_buffer_text (buffer);
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
  g_autoptr(GPtrArray) children = get_children (view);
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
  g_autoptr(ConfabMarkdownView) whole = render (streamed_document);
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
          g_ptr_array_add (earlier, get_children (view));

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
      final = get_children (view);
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
  g_autoptr(GPtrArray) children = get_children (view);
  GtkTextBuffer *first = gtk_text_view_get_buffer (children->pdata[0]);
  GtkTextBuffer *second = NULL;

  for (guint i = 1; i < children->len && second == NULL; i++)
    if (GTK_IS_TEXT_VIEW (children->pdata[i]))
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (children->pdata[i]);
        g_autofree char *text = dup_buffer_text (buffer);

        if (strstr (text, "Then") != NULL)
          second = buffer;
      }

  g_assert_nonnull (second);
  g_assert_cmpstr (get_href (first, "the docs"), ==, "https://docs.example.com");
  g_assert_cmpstr (get_href (first, "Docs"), ==, "https://docs.example.com");
  g_assert_cmpstr (get_href (second, "the spec"), ==, "https://spec.example.com");
  g_assert_null (get_href (second, "a fake"));
  g_assert_null (get_href (second, "a missing one"));
}

static void
test_references (void)
{
  g_autoptr(ConfabMarkdownView) whole = render (reference_document);
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

/* In a box, as in a message row, the view is as tall as what it
 * shows at the width it has: a table that would wrap at its smallest
 * width adds nothing below.
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

  last = gtk_widget_get_last_child (view);
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
  g_autoptr(ConfabMarkdownView) view = render ("```\ncode\n```\n\nText\n");
  g_autoptr(GPtrArray) children = NULL;
  g_autofree char *plain = NULL;

  confab_markdown_view_set_text (view, "Other", -1);
  children = get_children (view);
  plain = confab_markdown_view_get_plain_text (view);

  g_assert_cmpuint (children->len, ==, 1);
  g_assert_true (GTK_IS_TEXT_VIEW (children->pdata[0]));
  g_assert_cmpstr (plain, ==, "Other");
  g_assert_cmpstr (confab_markdown_view_get_source (view), ==, "Other");

  confab_markdown_view_set_text (view, "", 0);
  g_assert_null (gtk_widget_get_first_child (GTK_WIDGET (view)));
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

  find_text (buffer, from, &start, &ignored);
  find_text (buffer, to, &ignored, &end);
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

  text_view = get_child (CONFAB_MARKDOWN_VIEW (view), 0, GTK_TYPE_TEXT_VIEW);
  buffer = gtk_text_view_get_buffer (text_view);
  text = dup_buffer_text (buffer);
  g_assert_cmpstr (text, ==,
                   "Energy is E = mc² and\n"
                   " a \xe2\x80\xa8───\xe2\x80\xa8 b \n"
                   "is xq, but $\\foo{x}$ is not known; it costs $5 or $10.");

  assert_tagged (buffer, "math", "E = mc²");
  g_assert_true (has_tag (buffer, "math-variable", "E = "));
  g_assert_false (has_tag (buffer, "math-variable", "= mc"));
  assert_tagged (buffer, "math-variable", "mc");
  g_assert_false (has_tag (buffer, "math", "Energy"));
  g_assert_true (has_tag (buffer, "math-grid", "───"));
  g_assert_true (has_tag (buffer, "math-superscript", "q, "));
  g_assert_false (has_tag (buffer, "math-superscript", ", but"));
  g_assert_false (has_tag (buffer, "math-superscript", "xq"));
  assert_tagged (buffer, "math-source", "$\\foo{x}$");
  g_assert_false (has_tag (buffer, "math", "$5"));

  /* Display math is centred. */
  tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "math-display");
  find_text (buffer, "───", &start, &end);
  g_assert_true (gtk_text_iter_has_tag (&start, tag));
  g_object_get (tag, "justification", &justification, NULL);
  g_assert_cmpint (justification, ==, GTK_JUSTIFY_CENTER);
  g_assert_false (has_tag (buffer, "math-display", "Energy"));

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
  first_step = get_children (view);
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
    g_autoptr(GPtrArray) children = get_children (view);

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
  g_test_add_func ("/markdown/malformed", test_malformed);
  g_test_add_func ("/markdown/many-spans", test_many_spans);
  g_test_add_func ("/markdown/long-line", test_long_line);
  g_test_add_func ("/markdown/megabyte", test_megabyte);
  g_test_add_func ("/markdown/streaming", test_streaming);
  g_test_add_func ("/markdown/references", test_references);
  g_test_add_func ("/markdown/settles", test_settles);
  g_test_add_func ("/markdown/height", test_height);
  g_test_add_func ("/markdown/code-block-whole", test_code_block_whole);
  g_test_add_func ("/markdown/korean", test_korean);
  g_test_add_func ("/markdown/replace", test_replace);
  g_test_add_func ("/markdown/copy-code", test_copy_code);
  g_test_add_func ("/markdown/math", test_math);
  g_test_add_func ("/markdown/math-growing", test_math_growing);
  g_test_add_func ("/markdown/progressive", test_progressive);

  return g_test_run ();
}
