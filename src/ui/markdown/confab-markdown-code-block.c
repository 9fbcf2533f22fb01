/* confab-markdown-code-block.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "confab-markdown-code-block.h"

/* A code block of an answer: the code, highlighted by its language in
 * the light or dark style, scrolling sideways on its own, under a
 * header with the language and a button that copies the code.
 */
struct _ConfabMarkdownCodeBlock
{
  GtkWidget          parent_instance;

  GString           *code;
  char              *language;

  GtkWidget         *header_box;
  GtkLabel          *language_label;
  GtkWidget         *scrolled_window;
  GtkSourceView     *source_view;

  /* The height of a line of the code view's font, once known. */
  int                line_height;
};

G_DEFINE_FINAL_TYPE (ConfabMarkdownCodeBlock, confab_markdown_code_block, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CODE,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What fences say, and the GtkSourceView language meant, where the two
 * differ (GtkSourceView's "python" is Python 2) and guessing by a file
 * name does not find it.
 */
static const struct
{
  const char *name;
  const char *id;
} language_aliases[] = {
  { "bash", "sh" },
  { "c#", "csharp" },
  { "c++", "cpp" },
  { "console", "sh" },
  { "cs", "csharp" },
  { "dockerfile", "docker" },
  { "golang", "go" },
  { "javascript", "js" },
  { "jsonc", "json" },
  { "node", "js" },
  { "objective-c", "objc" },
  { "patch", "diff" },
  { "py", "python3" },
  { "python", "python3" },
  { "shell", "sh" },
  { "shellscript", "sh" },
  { "ts", "typescript" },
  { "tsx", "typescript-jsx" },
  { "yml", "yaml" },
  { "zsh", "sh" },
};

static GtkSourceLanguage *
find_language (const char *name)
{
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();
  g_autofree char *lower = NULL;
  g_autofree char *file_name = NULL;
  GtkSourceLanguage *language;

  if (name == NULL || name[0] == '\0')
    return NULL;

  lower = g_utf8_strdown (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (language_aliases); i++)
    if (strcmp (lower, language_aliases[i].name) == 0)
      return gtk_source_language_manager_get_language (manager, language_aliases[i].id);

  if ((language = gtk_source_language_manager_get_language (manager, lower)) != NULL)
    return language;

  /* "rs", "kt", "rb"… are file name extensions. */
  for (const char *p = lower; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '_')
      return NULL;

  file_name = g_strconcat ("code.", lower, NULL);

  return gtk_source_language_manager_guess_language (manager, file_name, NULL);
}

/**
 * confab_markdown_code_block_update_style:
 * @self: a #ConfabMarkdownCodeBlock
 *
 * Highlights the code in the light or dark style, whichever is in use.
 * Whoever shows code blocks calls it when that changes: one handler of
 * #AdwStyleManager:dark for each of thousands of code blocks would make
 * disposing them take quadratic time.
 */
void
confab_markdown_code_block_update_style (ConfabMarkdownCodeBlock *self)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme;

  scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "Adwaita-dark" : "Adwaita");
  if (scheme == NULL)
    scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "classic-dark" : "classic");

  gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (buffer), scheme);
}

/* The tooltip is set when it shows: on GTK 4.8, setting a tooltip's
 * text asks the X server where the pointer is, for each code block.
 */
static gboolean
copy_query_tooltip_cb (GtkWidget  *widget,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       gpointer    user_data)
{
  gtk_tooltip_set_text (tooltip, _("Copy Code"));

  return TRUE;
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ConfabMarkdownCodeBlock *self = CONFAB_MARKDOWN_CODE_BLOCK (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->code->str);
  gtk_widget_activate_action (widget, "win.toast", "s", _("Code copied"));
}

/* GTK 4.8's text view lays its lines out after it is first measured,
 * in idles, and grows its height without asking to be measured again:
 * the block would keep the height of the lines laid out first (three or
 * so), cut off the rest and never scroll to it.  So the block asks for
 * the height of all its lines from the start (see
 * confab_markdown_code_block_update_height()), and when the vertical
 * adjustment learns a greater height (a line in a taller fallback font),
 * for that.
 */
/* Has the code view ask for the height of all its lines, one line of
 * its font each (it wraps none), whether it has laid them out yet or
 * not: counting lines is cheap, laying out a long code block is not.
 */
static void
confab_markdown_code_block_update_height (ConfabMarkdownCodeBlock *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->source_view);
  int lines = gtk_text_buffer_get_line_count (gtk_text_view_get_buffer (view));

  /* Measured once, not for every streamed piece of code; a font that
   * changes later is caught by confab_markdown_code_block_upper_cb().
   */
  if (self->line_height == 0)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (view), "Xg");

      pango_layout_get_pixel_size (layout, NULL, &self->line_height);
    }

  gtk_widget_set_size_request (GTK_WIDGET (view), -1,
                               lines * self->line_height +
                               gtk_text_view_get_top_margin (view) +
                               gtk_text_view_get_bottom_margin (view));
}

static void
confab_markdown_code_block_upper_cb (ConfabMarkdownCodeBlock *self,
                                     GParamSpec              *pspec,
                                     GtkAdjustment           *adjustment)
{
  if (self->source_view != NULL &&
      gtk_adjustment_get_upper (adjustment) > gtk_widget_get_height (GTK_WIDGET (self->source_view)))
    gtk_widget_queue_resize (GTK_WIDGET (self->source_view));
}

static void
confab_markdown_code_block_dispose (GObject *object)
{
  ConfabMarkdownCodeBlock *self = CONFAB_MARKDOWN_CODE_BLOCK (object);

  g_clear_pointer (&self->header_box, gtk_widget_unparent);
  g_clear_pointer (&self->scrolled_window, gtk_widget_unparent);
  self->language_label = NULL;
  self->source_view = NULL;

  G_OBJECT_CLASS (confab_markdown_code_block_parent_class)->dispose (object);
}

static void
confab_markdown_code_block_finalize (GObject *object)
{
  ConfabMarkdownCodeBlock *self = CONFAB_MARKDOWN_CODE_BLOCK (object);

  g_string_free (self->code, TRUE);
  g_free (self->language);

  G_OBJECT_CLASS (confab_markdown_code_block_parent_class)->finalize (object);
}

static void
confab_markdown_code_block_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  ConfabMarkdownCodeBlock *self = CONFAB_MARKDOWN_CODE_BLOCK (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code->str);
      break;

    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_markdown_code_block_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  ConfabMarkdownCodeBlock *self = CONFAB_MARKDOWN_CODE_BLOCK (object);
  const char *string;

  switch (prop_id)
    {
    case PROP_CODE:
      string = g_value_get_string (value);
      confab_markdown_code_block_set_code (self, string ? string : "", string ? strlen (string) : 0);
      break;

    case PROP_LANGUAGE:
      confab_markdown_code_block_set_language (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_markdown_code_block_class_init (ConfabMarkdownCodeBlockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confab_markdown_code_block_dispose;
  object_class->finalize = confab_markdown_code_block_finalize;
  object_class->get_property = confab_markdown_code_block_get_property;
  object_class->set_property = confab_markdown_code_block_set_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_source_init ();

  gtk_widget_class_install_action (widget_class, "code.copy", NULL, copy_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "codeblock");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* The children are made in code rather than from a template: an answer
 * can have hundreds of code blocks, and GtkBuilder took twice as long
 * as the widgets themselves.
 */
static void
confab_markdown_code_block_init (ConfabMarkdownCodeBlock *self)
{
  GtkLayoutManager *layout;
  GtkTextBuffer *buffer;
  GtkTextView *view;
  GtkWidget *button;

  self->code = g_string_new (NULL);

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  self->header_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (self->header_box, "code-header");
  gtk_widget_set_parent (self->header_box, GTK_WIDGET (self));

  self->language_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->language_label), "code-language");
  gtk_widget_set_hexpand (GTK_WIDGET (self->language_label), TRUE);
  gtk_label_set_xalign (self->language_label, 0.0f);
  gtk_label_set_ellipsize (self->language_label, PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (self->language_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->language_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->language_label), "dim-label");
  gtk_box_append (GTK_BOX (self->header_box), GTK_WIDGET (self->language_label));

  button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_name (button, "copy-code-button");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "code.copy");
  gtk_widget_set_has_tooltip (button, TRUE);
  g_signal_connect (button, "query-tooltip", G_CALLBACK (copy_query_tooltip_cb), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy Code"),
                                  -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "code-copy");
  gtk_box_append (GTK_BOX (self->header_box), button);

  self->scrolled_window = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled_window),
                                  GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_widget_set_parent (self->scrolled_window, GTK_WIDGET (self));

  self->source_view = GTK_SOURCE_VIEW (gtk_source_view_new ());
  view = GTK_TEXT_VIEW (self->source_view);
  gtk_widget_set_name (GTK_WIDGET (view), "code-view");
  gtk_text_view_set_editable (view, FALSE);
  gtk_text_view_set_cursor_visible (view, FALSE);
  gtk_text_view_set_monospace (view, TRUE);
  gtk_text_view_set_wrap_mode (view, GTK_WRAP_NONE);
  gtk_text_view_set_left_margin (view, 12);
  gtk_text_view_set_right_margin (view, 12);
  gtk_text_view_set_top_margin (view, 8);
  gtk_text_view_set_bottom_margin (view, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Code"),
                                  -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled_window), GTK_WIDGET (view));
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view)), "notify::upper",
                           G_CALLBACK (confab_markdown_code_block_upper_cb), self, G_CONNECT_SWAPPED);

  buffer = gtk_text_view_get_buffer (view);
  gtk_text_buffer_set_enable_undo (buffer, FALSE);
  gtk_source_buffer_set_highlight_matching_brackets (GTK_SOURCE_BUFFER (buffer), FALSE);

  confab_markdown_code_block_update_style (self);
}

/* One step of loading, at idle, what every code block uses: GtkSourceView
 * reads the definitions of all its languages and all its styles the
 * first time either is asked for, some 50 and 25 ms (more on a busy
 * machine), which the first code block of an answer would otherwise
 * hold the main loop for.
 */
static gboolean
preload_cb (gpointer user_data)
{
  static guint step;

  switch (step++)
    {
    case 0:
      gtk_source_language_manager_get_language_ids (gtk_source_language_manager_get_default ());
      return G_SOURCE_CONTINUE;

    default:
      gtk_source_style_scheme_manager_get_scheme_ids (gtk_source_style_scheme_manager_get_default ());
      return G_SOURCE_REMOVE;
    }
}

/**
 * confab_markdown_code_block_preload:
 *
 * Loads GtkSourceView's languages and styles from idle callbacks, once,
 * before any code block needs them.
 */
void
confab_markdown_code_block_preload (void)
{
  static gboolean preloading;

  if (preloading)
    return;

  preloading = TRUE;
  g_source_set_name_by_id (g_idle_add_full (G_PRIORITY_LOW, preload_cb, NULL, NULL),
                           "[confab] load GtkSourceView's languages");
}

GtkWidget *
confab_markdown_code_block_new (void)
{
  return g_object_new (CONFAB_TYPE_MARKDOWN_CODE_BLOCK, NULL);
}

/**
 * confab_markdown_code_block_get_code:
 * @self: a #ConfabMarkdownCodeBlock
 *
 * Returns: the code shown, which is what Copy puts on the clipboard
 */
const char *
confab_markdown_code_block_get_code (ConfabMarkdownCodeBlock *self)
{
  g_return_val_if_fail (CONFAB_IS_MARKDOWN_CODE_BLOCK (self), NULL);

  return self->code->str;
}

/**
 * confab_markdown_code_block_set_code:
 * @self: a #ConfabMarkdownCodeBlock
 * @code: the code, valid UTF-8
 * @length: the length of @code in bytes
 *
 * Shows @code.  When it only adds to what is shown, as the code of a
 * streamed answer does, just the new end is inserted.
 */
void
confab_markdown_code_block_set_code (ConfabMarkdownCodeBlock *self,
                                     const char              *code,
                                     gsize                    length)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (CONFAB_IS_MARKDOWN_CODE_BLOCK (self));
  g_return_if_fail (code != NULL || length == 0);

  if (length == self->code->len && memcmp (code, self->code->str, length) == 0)
    return;

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));

  if (length > self->code->len && memcmp (code, self->code->str, self->code->len) == 0)
    {
      GtkTextIter end;

      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, code + self->code->len, length - self->code->len);
      g_string_append_len (self->code, code + self->code->len, length - self->code->len);
    }
  else
    {
      gtk_text_buffer_set_text (buffer, code, length);
      g_string_truncate (self->code, 0);
      g_string_append_len (self->code, code, length);
    }

  confab_markdown_code_block_update_height (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
}

/**
 * confab_markdown_code_block_get_language:
 * @self: a #ConfabMarkdownCodeBlock
 *
 * Returns: (nullable): the language as the code fence named it
 */
const char *
confab_markdown_code_block_get_language (ConfabMarkdownCodeBlock *self)
{
  g_return_val_if_fail (CONFAB_IS_MARKDOWN_CODE_BLOCK (self), NULL);

  return self->language;
}

/**
 * confab_markdown_code_block_set_language:
 * @self: a #ConfabMarkdownCodeBlock
 * @language: (nullable): the language as the code fence names it
 *
 * Highlights the code as @language, when GtkSourceView knows it, and
 * shows the name in the header.
 */
void
confab_markdown_code_block_set_language (ConfabMarkdownCodeBlock *self,
                                         const char              *language)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (CONFAB_IS_MARKDOWN_CODE_BLOCK (self));

  if (language != NULL && language[0] == '\0')
    language = NULL;

  if (g_strcmp0 (language, self->language) == 0)
    return;

  g_free (self->language);
  self->language = g_strdup (language);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer), find_language (language));
  gtk_label_set_text (self->language_label, language ? language : "");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

/**
 * confab_markdown_code_block_get_language_id:
 * @self: a #ConfabMarkdownCodeBlock
 *
 * Returns: (nullable): the id of the GtkSourceView language the code is
 *   highlighted as, or %NULL when it is plain
 */
const char *
confab_markdown_code_block_get_language_id (ConfabMarkdownCodeBlock *self)
{
  GtkSourceLanguage *language;

  g_return_val_if_fail (CONFAB_IS_MARKDOWN_CODE_BLOCK (self), NULL);

  language = gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view))));

  return language ? gtk_source_language_get_id (language) : NULL;
}
