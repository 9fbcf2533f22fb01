/* confab-markdown-view-text.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "confab-markdown-view-private.h"

/* The text of a ConfabMarkdownView: text views whose tags lay out and
 * style the prose, their links, and tables of labels.
 */

/* Indentation of lists and quotes, in pixels, and how deep it goes. */
#define LIST_STEP       28
#define QUOTE_STEP      CONFAB_MARKDOWN_QUOTE_STEP
#define MAX_LIST_DEPTH  6
#define MAX_QUOTE_DEPTH CONFAB_MARKDOWN_MAX_QUOTE_DEPTH

/* The most inline styles a paragraph shows: tagging still costs more
 * the longer the paragraph (splitting the text it is in), and one of
 * a thousand spans takes some 30 ms.
 */
#define MAX_SPANS 1000

#define HREF_KEY "confab-href"
#define MATH_SOURCE_KEY "confab-math-source"

/* Adds a tag called @name, with the properties that follow, to @table. */
static void G_GNUC_NULL_TERMINATED
add_tag (GtkTextTagTable *table,
         const char      *name,
         const char      *first_property,
         ...)
{
  GtkTextTag *tag = gtk_text_tag_new (name);
  va_list args;

  va_start (args, first_property);
  if (first_property != NULL)
    g_object_set_valist (G_OBJECT (tag), first_property, args);
  va_end (args);

  gtk_text_tag_table_add (table, tag);
  g_object_unref (tag);
}

/* Each text view has a table of its own: a table shared by thousands
 * of buffers makes adding a tag, and freeing a buffer, cost as much as
 * there are buffers.
 */
static GtkTextTagTable *
create_tag_table (void)
{
  GtkTextTagTable *table = gtk_text_tag_table_new ();
  static const double scales[] = { 1.5, 1.3, 1.15, 1.0, 1.0, 0.9 };

  /* Spacing first, so that later tags win where they also set it. */
  add_tag (table, "gap", "pixels-above-lines", 10, NULL);
  add_tag (table, "tight-gap", "pixels-above-lines", 3, NULL);
  add_tag (table, "heading-gap", "pixels-above-lines", 16, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (scales); i++)
    {
      g_autofree char *name = g_strdup_printf ("h%u", i + 1);

      add_tag (table, name, "scale", scales[i], "weight", PANGO_WEIGHT_BOLD, NULL);
    }

  add_tag (table, "quote", NULL, NULL);
  add_tag (table, "emphasis", "style", PANGO_STYLE_ITALIC, NULL);
  add_tag (table, "strong", "weight", PANGO_WEIGHT_BOLD, NULL);
  add_tag (table, "strikethrough", "strikethrough", TRUE, NULL);
  add_tag (table, "code", "family", "monospace", NULL);
  add_tag (table, "link", "underline", PANGO_UNDERLINE_SINGLE, NULL);

  /* Math is set as TeX sets it: a serif face, letters in italics,
   * display math centred on lines of its own; laid out in lines and
   * columns, it needs a monospace face; what could not be typeset
   * shows its source as code does.
   */
  add_tag (table, "math", "family", "serif", NULL);
  add_tag (table, "math-grid", "family", "monospace", NULL);
  add_tag (table, "math-source", "family", "monospace", NULL);
  add_tag (table, "math-variable", "style", PANGO_STYLE_ITALIC, NULL);
  add_tag (table, "math-superscript", "rise", 6 * PANGO_SCALE, "scale", PANGO_SCALE_SMALL, NULL);
  add_tag (table, "math-subscript", "rise", -3 * PANGO_SCALE, "scale", PANGO_SCALE_SMALL, NULL);
  add_tag (table, "math-display", "justification", GTK_JUSTIFY_CENTER, "pixels-below-lines", 4, NULL);

  confab_markdown_view_update_tag_colors (table);

  return table;
}

/* The tag that places a paragraph @quote_depth quotes and @list_depth
 * lists deep, with its list marker hanging before it when @hanging.
 */
static GtkTextTag *
get_margin_tag (GtkTextTagTable *table,
                guint            quote_depth,
                guint            list_depth,
                gboolean         hanging)
{
  g_autofree char *name = NULL;
  GtkTextTag *tag;
  int base;

  quote_depth = MIN (quote_depth, MAX_QUOTE_DEPTH);
  list_depth = MIN (list_depth, MAX_LIST_DEPTH);
  hanging = hanging && list_depth > 0;

  name = g_strdup_printf ("margin-%u-%u-%d", quote_depth, list_depth, hanging);
  if ((tag = gtk_text_tag_table_lookup (table, name)) != NULL)
    return tag;

  base = quote_depth * QUOTE_STEP + (list_depth > 0 ? (list_depth - 1) * LIST_STEP : 0);
  tag = gtk_text_tag_new (name);

  if (hanging)
    {
      PangoTabArray *tabs = pango_tab_array_new_with_positions (1, TRUE, PANGO_TAB_LEFT, LIST_STEP);

      /* The marker, a tab, then the text, which wraps under itself. */
      g_object_set (tag, "left-margin", base, "indent", -LIST_STEP, "tabs", tabs, NULL);
      pango_tab_array_free (tabs);
    }
  else
    {
      g_object_set (tag, "left-margin", base + (list_depth > 0 ? LIST_STEP : 0), NULL);
    }

  gtk_text_tag_table_add (table, tag);
  g_object_unref (tag);

  return tag;
}

static const char *
href_at (GtkTextView *view,
         double       x,
         double       y)
{
  g_autoptr(GSList) tags = NULL;
  GtkTextIter iter;
  int buffer_x;
  int buffer_y;

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, x, y, &buffer_x, &buffer_y);
  if (!gtk_text_view_get_iter_at_location (view, &iter, buffer_x, buffer_y))
    return NULL;

  tags = gtk_text_iter_get_tags (&iter);
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      const char *href = g_object_get_data (l->data, HREF_KEY);

      if (href != NULL)
        return href;
    }

  return NULL;
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
launch_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_uri_launcher_launch_finish (GTK_URI_LAUNCHER (object), result, &error) &&
      !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    g_warning ("Could not open a link: %s", error->message);
}
#endif

/* What ConfabMarkdownView::activate-link does unless a handler stops it. */
void
confab_markdown_view_open_link (GtkWidget  *widget,
                                const char *href)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWindow *window = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;

  if (!confab_markdown_link_is_allowed (href))
    return;

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (href);

    gtk_uri_launcher_launch (launcher, window, NULL, launch_cb, NULL);
  }
#else
  gtk_show_uri (window, href, GDK_CURRENT_TIME);
#endif
}

static void
text_released_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  gpointer         user_data)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkTextView *view = GTK_TEXT_VIEW (widget);
  const char *href;

  /* A click opens a link; a drag over it selects. */
  if (n_press != 1 || gtk_text_buffer_get_has_selection (gtk_text_view_get_buffer (view)))
    return;

  if ((href = href_at (view, x, y)) != NULL)
    confab_markdown_view_activate_link (widget, href);
}

/* The data under @key of the first tag at @iter that has it; @found,
 * when given, is that tag.
 */
static const char *
tag_data_at (const GtkTextIter  *iter,
             const char         *key,
             GtkTextTag        **found)
{
  g_autoptr(GSList) tags = gtk_text_iter_get_tags (iter);

  for (GSList *l = tags; l != NULL; l = l->next)
    {
      const char *data = g_object_get_data (l->data, key);

      if (data != NULL)
        {
          if (found != NULL)
            *found = l->data;
          return data;
        }
    }

  return NULL;
}

/* Enter opens the link at the cursor, or just before it. */
static gboolean
text_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     gpointer               user_data)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
  GtkTextIter iter;
  const char *href;

  if ((keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  href = tag_data_at (&iter, HREF_KEY, NULL);
  if (href == NULL && gtk_text_iter_backward_char (&iter))
    href = tag_data_at (&iter, HREF_KEY, NULL);

  if (href == NULL)
    return FALSE;

  confab_markdown_view_activate_link (widget, href);

  return TRUE;
}

/* The cursor shows while the text has the keyboard's focus, so that
 * links can be reached with the arrow keys.
 */
static void
text_focus_enter_cb (GtkEventControllerFocus *controller,
                     gpointer                 user_data)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkRoot *root = gtk_widget_get_root (widget);

  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (widget),
                                    GTK_IS_WINDOW (root) && gtk_window_get_focus_visible (GTK_WINDOW (root)));
}

static void
text_focus_leave_cb (GtkEventControllerFocus *controller,
                     gpointer                 user_data)
{
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller))), FALSE);
}

static void
text_motion_cb (GtkEventControllerMotion *controller,
                double                    x,
                double                    y,
                gpointer                  user_data)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  gtk_widget_set_cursor_from_name (widget, href_at (GTK_TEXT_VIEW (widget), x, y) ? "pointer" : "text");
}

static gboolean
text_query_tooltip_cb (GtkWidget  *widget,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       gpointer    user_data)
{
  const char *href;

  if (keyboard_mode || (href = href_at (GTK_TEXT_VIEW (widget), x, y)) == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, href);

  return TRUE;
}

/* Character offsets of byte offsets into a text, near one another. */
typedef struct
{
  const char *text;
  gsize       byte;
  glong       offset;
} Offsets;

static glong
char_offset (Offsets *offsets,
             gsize    byte)
{
  offsets->offset += g_utf8_pointer_to_offset (offsets->text + offsets->byte, offsets->text + byte);
  offsets->byte = byte;

  return offsets->offset;
}

typedef struct
{
  GtkTextBuffer              *buffer;
  int                         start_offset;
  const ConfabMarkdownInline *content;
  Offsets                     offsets;
  GPtrArray                  *link_tags;
} Spans;

static void
apply_span (Spans                    *spans,
            const ConfabMarkdownSpan *span)
{
  static const char *style_tags[] = {
    [CONFAB_MARKDOWN_STYLE_EMPHASIS] = "emphasis",
    [CONFAB_MARKDOWN_STYLE_STRONG] = "strong",
    [CONFAB_MARKDOWN_STYLE_STRIKETHROUGH] = "strikethrough",
    [CONFAB_MARKDOWN_STYLE_CODE] = "code",
    [CONFAB_MARKDOWN_STYLE_LINK] = "link",
    [CONFAB_MARKDOWN_STYLE_MATH] = "math",
    [CONFAB_MARKDOWN_STYLE_MATH_GRID] = "math-grid",
    [CONFAB_MARKDOWN_STYLE_MATH_SOURCE] = "math-source",
    [CONFAB_MARKDOWN_STYLE_MATH_VARIABLE] = "math-variable",
    [CONFAB_MARKDOWN_STYLE_MATH_SUPERSCRIPT] = "math-superscript",
    [CONFAB_MARKDOWN_STYLE_MATH_SUBSCRIPT] = "math-subscript",
  };
  GtkTextBuffer *buffer = spans->buffer;
  GtkTextIter start;
  GtkTextIter end;

  if (span->end > spans->content->text->len || span->start >= span->end ||
      (guint) span->style >= G_N_ELEMENTS (style_tags))
    return;

  gtk_text_buffer_get_iter_at_offset (buffer, &start, spans->start_offset + char_offset (&spans->offsets, span->start));
  gtk_text_buffer_get_iter_at_offset (buffer, &end, spans->start_offset + char_offset (&spans->offsets, span->end));
  gtk_text_buffer_apply_tag_by_name (buffer, style_tags[span->style], &start, &end);

  if (span->style == CONFAB_MARKDOWN_STYLE_LINK && span->href != NULL)
    {
      GtkTextTag *tag = gtk_text_tag_new (NULL);

      g_object_set_data_full (G_OBJECT (tag), HREF_KEY, g_strdup (span->href), g_free);
      gtk_text_tag_table_add (gtk_text_buffer_get_tag_table (buffer), tag);
      g_object_set_data (G_OBJECT (tag), CONFAB_MARKDOWN_TABLE_KEY, gtk_text_buffer_get_tag_table (buffer));
      gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
      g_ptr_array_add (spans->link_tags, tag);
    }

  /* A formula copies as its source. */
  if (span->source != NULL)
    {
      GtkTextTag *tag = gtk_text_tag_new (NULL);

      g_object_set_data_full (G_OBJECT (tag), MATH_SOURCE_KEY, g_strdup (span->source), g_free);
      gtk_text_tag_table_add (gtk_text_buffer_get_tag_table (buffer), tag);
      g_object_set_data (G_OBJECT (tag), CONFAB_MARKDOWN_TABLE_KEY, gtk_text_buffer_get_tag_table (buffer));
      gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
      g_ptr_array_add (spans->link_tags, tag);
    }
}

static void
apply_spans (GtkTextBuffer              *buffer,
             int                         start_offset,
             const ConfabMarkdownInline *content,
             GPtrArray                  *link_tags)
{
  Spans spans = { buffer, start_offset, content, { content->text->str, 0, 0 }, link_tags };
  guint count = MIN (content->spans->len, MAX_SPANS);

  /* A text buffer finds a place in a line by walking what is tagged
   * before it there: tagged from the end of the line back, there is
   * nothing tagged yet on the way.
   */
  for (guint i = count; i-- > 0; )
    apply_span (&spans, &g_array_index (content->spans, ConfabMarkdownSpan, i));
}

void
confab_markdown_view_update_tag_colors (GtkTextTagTable *table)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA link, quote, code;

  /* The accent blue of libadwaita and dimmed text, in either style. */
  gdk_rgba_parse (&link, dark ? "#78aeed" : "#1c71d8");
  gdk_rgba_parse (&quote, dark ? "rgba(255,255,255,0.65)" : "rgba(0,0,0,0.62)");
  gdk_rgba_parse (&code, dark ? "rgba(255,255,255,0.10)" : "rgba(0,0,0,0.07)");

  g_object_set (gtk_text_tag_table_lookup (table, "link"), "foreground-rgba", &link, NULL);
  g_object_set (gtk_text_tag_table_lookup (table, "quote"), "foreground-rgba", &quote, NULL);
  g_object_set (gtk_text_tag_table_lookup (table, "code"), "background-rgba", &code, NULL);
}

int
confab_markdown_view_get_block_margin (const ConfabMarkdownBlock *block)
{
  guint quote_depth = MIN (block->quote_depth, MAX_QUOTE_DEPTH);
  guint list_depth = MIN (block->list_depth, MAX_LIST_DEPTH);

  return quote_depth * QUOTE_STEP + list_depth * LIST_STEP;
}

/* GTK's context menu of a text view offers Cut, Paste, Delete, Undo and
 * Redo even when it is read-only, as an answer is: the view shows its
 * own menu instead, with what applies.  The text view's own actions do
 * the work.
 */
static void
show_context_menu (GtkWidget *view,
                   double     x,
                   double     y)
{
  GtkWidget *popover = g_object_get_data (G_OBJECT (view), "confab-context-menu");

  if (popover == NULL)
    {
      g_autoptr(GMenu) menu = g_menu_new ();

      g_menu_append (menu, _("_Copy"), "clipboard.copy");
      g_menu_append (menu, _("Select _All"), "selection.select-all");

      popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
      gtk_widget_set_name (popover, "markdown-context-menu");
      gtk_widget_set_halign (popover, GTK_ALIGN_START);
      gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
      gtk_widget_set_parent (popover, view);
      /* Unparented before the view is disposed, which would take it for
       * a child of its own: see text_view_unrealize_cb().
       */
      g_object_set_data (G_OBJECT (view), "confab-context-menu", popover);
    }

  if (x >= 0 && y >= 0)
    gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { x, y, 1, 1 });
  else
    gtk_popover_set_pointing_to (GTK_POPOVER (popover), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static void
context_pressed_cb (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    gpointer         user_data)
{
  GtkWidget *view = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  show_context_menu (view, x, y);
}

static gboolean
context_shortcut_cb (GtkWidget *view,
                     GVariant  *args,
                     gpointer   user_data)
{
  show_context_menu (view, -1, -1);
  return TRUE;
}

/* What is selected copies with each formula in it, or in part, as its
 * TeX source with its delimiters.
 */
static void
text_copy_clipboard_cb (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autoptr(GString) text = NULL;
  GtkTextIter start;
  GtkTextIter end;
  GtkTextIter iter;
  gboolean has_math = FALSE;

  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return;

  text = g_string_new (NULL);
  iter = start;

  while (gtk_text_iter_compare (&iter, &end) < 0)
    {
      GtkTextTag *tag = NULL;
      const char *source = tag_data_at (&iter, MATH_SOURCE_KEY, &tag);
      GtkTextIter next = iter;

      if (source != NULL)
        {
          g_string_append (text, source);
          has_math = TRUE;
          gtk_text_iter_forward_to_tag_toggle (&next, tag);
        }
      else
        {
          g_autofree char *slice = NULL;

          gtk_text_iter_forward_to_tag_toggle (&next, NULL);
          if (gtk_text_iter_compare (&next, &end) > 0)
            next = end;
          slice = gtk_text_iter_get_text (&iter, &next);
          g_string_append (text, slice);
        }

      if (gtk_text_iter_compare (&next, &iter) <= 0 && !gtk_text_iter_forward_char (&next))
        break;
      iter = next;
    }

  if (!has_math)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (view)), text->str);
  g_signal_stop_emission_by_name (view, "copy-clipboard");
}

static void
text_view_unrealize_cb (GtkWidget *view)
{
  GtkWidget *popover = g_object_get_data (G_OBJECT (view), "confab-context-menu");

  g_object_set_data (G_OBJECT (view), "confab-context-menu", NULL);
  if (popover != NULL && gtk_widget_get_parent (popover) == view)
    gtk_widget_unparent (popover);
}

GtkWidget *
confab_markdown_view_create_text_view (void)
{
  g_autoptr(GtkTextTagTable) table = create_tag_table ();
  g_autoptr(GtkTextBuffer) buffer = gtk_text_buffer_new (table);
  GtkWidget *view = gtk_text_view_new_with_buffer (buffer);
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkGesture *context;
  GtkEventController *shortcuts;

  gtk_text_buffer_set_enable_undo (buffer, FALSE);

  gtk_widget_set_name (view, "markdown-text");
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_widget_set_has_tooltip (view, TRUE);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (text_released_cb), NULL);
  gtk_widget_add_controller (view, GTK_EVENT_CONTROLLER (click));

  g_signal_connect (motion, "motion", G_CALLBACK (text_motion_cb), NULL);
  gtk_widget_add_controller (view, motion);

  gtk_event_controller_set_name (keys, "markdown-link-keys");
  g_signal_connect (keys, "key-pressed", G_CALLBACK (text_key_pressed_cb), NULL);
  gtk_widget_add_controller (view, keys);

  g_signal_connect (focus, "enter", G_CALLBACK (text_focus_enter_cb), NULL);
  g_signal_connect (focus, "leave", G_CALLBACK (text_focus_leave_cb), NULL);
  gtk_widget_add_controller (view, focus);

  g_signal_connect (view, "query-tooltip", G_CALLBACK (text_query_tooltip_cb), NULL);

  context = gtk_gesture_click_new ();
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (context), "markdown-context-menu");
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (context), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (context), GTK_PHASE_CAPTURE);
  g_signal_connect (context, "pressed", G_CALLBACK (context_pressed_cb), NULL);
  gtk_widget_add_controller (view, GTK_EVENT_CONTROLLER (context));

  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Menu|<Shift>F10"),
                                                          gtk_callback_action_new (context_shortcut_cb, NULL, NULL)));
  gtk_widget_add_controller (view, shortcuts);
  g_signal_connect (view, "unrealize", G_CALLBACK (text_view_unrealize_cb), NULL);
  g_signal_connect (view, "copy-clipboard", G_CALLBACK (text_copy_clipboard_cb), NULL);

  return view;
}

/**
 * confab_markdown_view_lay_out_lines:
 * @view: a text view that has its width
 * @start: where the lines to lay out start
 * @end: where they end
 *
 * Lays out the lines from @start to @end as drawing them wants them.
 * GtkTextView measures a line with a layout that it throws away, and
 * draws it with another: text that is drawn as soon as it is added, as
 * the end of a streamed answer is, would be laid out twice.
 */
void
confab_markdown_view_lay_out_lines (GtkTextView       *view,
                                    const GtkTextIter *start,
                                    const GtkTextIter *end)
{
  GtkTextIter line = *start;

  gtk_text_iter_set_line_offset (&line, 0);

  do
    {
      GdkRectangle location;

      gtk_text_view_get_iter_location (view, &line, &location);
    }
  while (gtk_text_iter_forward_line (&line) && gtk_text_iter_compare (&line, end) <= 0);
}

/**
 * confab_markdown_view_append_prose:
 * @view: a text view that confab_markdown_view_create_text_view() made
 * @block: a paragraph or heading
 * @link_tags: where to add the tags made for links
 * @lay_out: whether to lay it out now, as it is to be drawn at once
 *
 * Appends @block to @view as a paragraph of its own, with tags for its
 * level, list marker, quotes and inline styles.
 */
void
confab_markdown_view_append_prose (GtkTextView               *view,
                                   const ConfabMarkdownBlock *block,
                                   GPtrArray                 *link_tags,
                                   gboolean                   lay_out)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  gboolean first = gtk_text_buffer_get_char_count (buffer) == 0;
  GtkTextIter start;
  GtkTextIter end;
  int start_offset;
  glong prefix_chars = 0;

  gtk_text_buffer_get_end_iter (buffer, &end);
  start_offset = gtk_text_iter_get_offset (&end);

  if (block->marker != NULL)
    {
      g_autofree char *marker = g_strconcat (block->marker, "\t", NULL);

      prefix_chars = g_utf8_strlen (marker, -1);
      gtk_text_buffer_insert (buffer, &end, marker, -1);
    }

  gtk_text_buffer_insert (buffer, &end, block->content.text->str, block->content.text->len);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, start_offset);

  gtk_text_buffer_apply_tag (buffer,
                             get_margin_tag (gtk_text_buffer_get_tag_table (buffer),
                                             block->quote_depth, block->list_depth, block->marker != NULL),
                             &start, &end);

  if (block->quote_depth > 0)
    gtk_text_buffer_apply_tag_by_name (buffer, "quote", &start, &end);

  if (block->kind == CONFAB_MARKDOWN_BLOCK_MATH)
    gtk_text_buffer_apply_tag_by_name (buffer, "math-display", &start, &end);

  if (block->kind == CONFAB_MARKDOWN_BLOCK_HEADING)
    {
      char name[] = "h0";

      name[1] = '0' + CLAMP (block->level, 1, 6);
      gtk_text_buffer_apply_tag_by_name (buffer, name, &start, &end);
    }

  if (!first)
    gtk_text_buffer_apply_tag_by_name (buffer,
                                       block->kind == CONFAB_MARKDOWN_BLOCK_HEADING ? "heading-gap" :
                                       block->tight ? "tight-gap" : "gap",
                                       &start, &end);

  apply_spans (buffer, start_offset + prefix_chars, &block->content, link_tags);

  /* Each paragraph ends its line, so that the next one starts on a line
   * of its own, empty till then: a text view lays out again a line that
   * changes, and a paragraph that is done does not change any more.
   * Its empty last line is not counted in its height (see
   * confab-markdown-view-layout.c).
   */
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, "\n", 1);

  /* Until a text view has its width, it lays out nothing. */
  if (lay_out && gtk_widget_get_width (GTK_WIDGET (view)) > 0)
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &start, start_offset);
      gtk_text_buffer_get_end_iter (buffer, &end);
      confab_markdown_view_lay_out_lines (view, &start, &end);
    }
}
