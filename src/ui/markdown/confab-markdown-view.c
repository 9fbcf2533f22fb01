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

/* Markdown rendered as a column of children: text views for the prose,
 * with tags for what is inline and for the layout of headings, lists
 * and quotes, and a widget of its own for each code block, table and
 * rule.  Nothing of the answer is ever markup.
 *
 * A streamed answer is cut where a block that is surely finished ends
 * (see confab_markdown_cutter_scan()).  What is before the last cut
 * is rendered once, for good; only the tail after it is parsed and
 * rendered again, each time the answer grows, reusing the tail's
 * widgets where it can.  The prose of the tail may continue the last
 * finished text view, after a mark.
 *
 * The finished parts wait in a queue.  When up to RENDER_AT_ONCE bytes
 * were added, they are cut and rendered at once; more, as an answer of
 * megabytes that arrives whole or opens from the history, is cut (which
 * costs md4c a parse of each part too) and rendered a little at a time
 * from an idle callback, for at most RENDER_STEP_MS each, so that the
 * window goes on drawing frames (and laying out what was added) in
 * between.  The tail waits until all of the source is cut and all the
 * parts are rendered.
 *
 * A step renders a block at a time, or a piece of a long paragraph
 * (see confab_markdown_render_block()), so a part or a tail of
 * megabytes, as one paragraph that nothing cuts, is rendered in steps
 * too.  While the view is mapped, the steps come one a frame, from a
 * tick callback: what a step added is laid out and drawn before the
 * next one adds more.
 */

/* What is rendered at once, in bytes of the source: more goes a step
 * at a time.
 */
#define RENDER_AT_ONCE (64 * 1024)

/* How long a step renders parts, and how many bytes of them at most: a
 * step adds children that GTK then measures and lays out in the next
 * frame, which costs as much again.
 */
#define RENDER_STEP_MS    6
#define RENDER_STEP_BYTES (24 * 1024)

/* How much more of the source a step cuts at a time, to the end of the
 * line there.
 */
#define RENDER_SCAN_BYTES (16 * 1024)

/* A tail longer than this is parsed on a worker: md4c takes some
 * 40 ms a megabyte.
 */
#define PARSE_APART (1024 * 1024)

/* The steps come after GDK's frames (GDK_PRIORITY_REDRAW) and before
 * the idle callbacks in which text views lay out what is not in view
 * yet (GtkTextView's own, at GDK_PRIORITY_REDRAW + 5).
 */
#define RENDER_PRIORITY (GDK_PRIORITY_REDRAW + 1)
struct _ConfabMarkdownView
{
  GtkWidget               parent_instance;

  GString                *source;
  ConfabMarkdownCutter    cutter;
  ConfabMarkdownDefinitions definitions;
  GString                *shown_definitions;
  gsize                   finished;
  GString                *finished_plain;
  ConfabMarkdownDocument *tail;

  /* Where the finished parts that wait to be rendered end, and how
   * much of the source the cutter was given.
   */
  GArray                 *parts;
  guint                   next_part;
  gsize                   scanned;
  guint                   render_id;
  guint                   tick_id;
  gboolean                in_tick;

  /* The part being rendered, a block or a piece of a long paragraph a
   * time, where it ends, and where in it rendering goes on.
   */
  ConfabMarkdownDocument *part;
  gsize                   part_end;
  guint                   part_block;
  gsize                   part_offset;

  /* Where rendering the tail goes on, when it is long: after the block
   * and offset in it, in the text view and after the widget given.
   */
  gboolean                tail_pending;
  gboolean                tail_parsing;
  gboolean                parse_wanted;
  guint                   parses_running;
  guint                   parse_serial;
  gsize                   tail_length;
  guint                   tail_block;
  gsize                   tail_offset;
  GtkTextView            *tail_text;
  GtkWidget              *tail_last;

  GPtrArray              *tail_widgets;
  GPtrArray              *tail_tags;
  GtkTextView            *open_text;
  GtkTextMark            *tail_mark;

  ConfabMarkdownViewport  viewport;
  ConfabMarkdownLayout    layout;

  gboolean                growing;
};

G_DEFINE_FINAL_TYPE (ConfabMarkdownView, confab_markdown_view, GTK_TYPE_WIDGET)

enum {
  ACTIVATE_LINK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
dark_changed_cb (ConfabMarkdownView *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (CONFAB_IS_MARKDOWN_CODE_BLOCK (child))
        confab_markdown_code_block_update_style (CONFAB_MARKDOWN_CODE_BLOCK (child));
      else if (GTK_IS_TEXT_VIEW (child))
        confab_markdown_view_update_tag_colors (gtk_text_buffer_get_tag_table (gtk_text_view_get_buffer (GTK_TEXT_VIEW (child))));
    }
}

/* Takes back what the tail showed; its widgets may be reused. */
static GPtrArray *
clear_tail (ConfabMarkdownView *self)
{
  GPtrArray *widgets = g_steal_pointer (&self->tail_widgets);

  /* Widgets taken for reuse leave a hole, which is not unreffed. */
  g_ptr_array_set_free_func (widgets, NULL);

  if (self->open_text != NULL)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->open_text);
      GtkTextIter start;
      GtkTextIter end;

      gtk_text_buffer_get_iter_at_mark (buffer, &start, self->tail_mark);
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_delete (buffer, &start, &end);
      confab_markdown_layout_changed (&self->layout, GTK_WIDGET (self->open_text));
    }

  for (guint i = 0; i < self->tail_tags->len; i++)
    {
      GtkTextTag *tag = g_ptr_array_index (self->tail_tags, i);

      gtk_text_tag_table_remove (g_object_get_data (G_OBJECT (tag), CONFAB_MARKDOWN_TABLE_KEY), tag);
    }
  g_ptr_array_set_size (self->tail_tags, 0);

  self->tail_widgets = g_ptr_array_new_with_free_func (g_object_unref);

  return widgets;
}

/* What is rendered so far stays: the tail starts after it. */
static void
finish_render (ConfabMarkdownView *self,
               ConfabMarkdownRender *render)
{
  if (self->open_text != NULL)
    {
      gtk_text_buffer_delete_mark (gtk_text_view_get_buffer (self->open_text), self->tail_mark);
      self->tail_mark = NULL;
    }

  self->open_text = render->text;

  if (self->open_text != NULL)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->open_text);
      GtkTextIter end;

      gtk_text_buffer_get_end_iter (buffer, &end);
      self->tail_mark = gtk_text_buffer_create_mark (buffer, NULL, &end, TRUE);
    }

  g_ptr_array_set_size (render->placed, 0);
  g_ptr_array_set_size (render->link_tags, 0);
}

static void cancel_step (ConfabMarkdownView *self);

/* Takes back all that is rendered. */
static void
clear_rendered (ConfabMarkdownView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_last_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_string_truncate (self->finished_plain, 0);
  confab_markdown_cutter_init (&self->cutter);
  self->finished = 0;
  g_array_set_size (self->parts, 0);
  self->next_part = 0;
  self->scanned = 0;
  cancel_step (self);
  g_clear_pointer (&self->part, confab_markdown_document_free);
  self->tail_pending = FALSE;
  self->tail_parsing = FALSE;
  self->parse_serial++;
  self->tail_text = NULL;
  self->tail_last = NULL;
  g_clear_pointer (&self->tail, confab_markdown_document_free);
  g_ptr_array_set_size (self->tail_widgets, 0);
  g_ptr_array_set_size (self->tail_tags, 0);
  self->open_text = NULL;
  self->tail_mark = NULL;
  g_ptr_array_set_size (self->layout.changed, 0);
}

static void
clear_all (ConfabMarkdownView *self)
{
  clear_rendered (self);

  g_string_truncate (self->source, 0);
  confab_markdown_definitions_clear (&self->definitions);
  confab_markdown_definitions_init (&self->definitions);
  g_string_truncate (self->shown_definitions, 0);
}

static gboolean render_step_cb (gpointer user_data);

/* Gives the cutter more of the source: all of it, or when @step, what
 * ends with the first line that ends RENDER_SCAN_BYTES further or more.
 * The cutter finds the same parts however the source is given to it.
 */
static void
scan_more (ConfabMarkdownView *self,
           gboolean            step)
{
  gsize limit = self->source->len;

  if (step && self->source->len - self->scanned > RENDER_SCAN_BYTES)
    {
      const char *from = self->source->str + self->scanned + RENDER_SCAN_BYTES;
      const char *newline = memchr (from, '\n', self->source->len - self->scanned - RENDER_SCAN_BYTES);

      if (newline != NULL)
        limit = newline + 1 - self->source->str;
    }

  confab_markdown_cutter_scan (&self->cutter, self->source->str, limit, self->parts);
  self->scanned = limit;
}

/* Whether some of the source waits to be cut or rendered as parts. */
static gboolean
parts_wait (ConfabMarkdownView *self)
{
  return self->part != NULL || self->next_part < self->parts->len || self->scanned < self->source->len;
}

/* How much of @block one call of confab_markdown_render_block()
 * renders from @offset, a piece of a long paragraph or all, in bytes
 * of a step.  A piece is a text view of prose only, which costs far
 * more to lay out than as many bytes of Markdown as answers go (code,
 * lists, short paragraphs): one is a step's worth.
 */
static gsize
rendered_size (const ConfabMarkdownBlock *block,
               gsize                      before,
               gsize                      after)
{
  if (after > before)
    return RENDER_STEP_BYTES;

  return block->content.text != NULL ? MAX (block->content.text->len, 1) : 1;
}

static gboolean render_tick_cb (GtkWidget     *widget,
                                GdkFrameClock *clock,
                                gpointer       user_data);

/* Has the next step come: with the next frame while the view is
 * mapped, so that what a step added is laid out and drawn before the
 * next step adds more; else from an idle callback.
 */
static void
schedule_step (ConfabMarkdownView *self)
{
  if (self->render_id != 0 || self->tick_id != 0)
    return;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), render_tick_cb, NULL, NULL);
      return;
    }

  /* After GDK's frames, before text views lay out in idle the lines
   * that nothing shows yet.
   */
  self->render_id = g_idle_add_full (RENDER_PRIORITY, render_step_cb, self, NULL);
  g_source_set_name_by_id (self->render_id, "[confab] render Markdown");
}

static void
cancel_step (ConfabMarkdownView *self)
{
  g_clear_handle_id (&self->render_id, g_source_remove);

  /* A tick callback that runs ends itself. */
  if (self->tick_id != 0 && !self->in_tick)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
}

/* Renders blocks of the tail, from where it stopped, until the end or
 * until a step's time or bytes are spent, when @step.  Returns whether
 * all of it is rendered.
 */
static gboolean
render_tail_blocks (ConfabMarkdownView   *self,
                    ConfabMarkdownRender *render,
                    gboolean              step,
                    gint64                deadline)
{
  gsize rendered = 0;

  while (self->tail_block < self->tail->blocks->len)
    {
      const ConfabMarkdownBlock *block = g_ptr_array_index (self->tail->blocks, self->tail_block);
      gsize before = self->tail_offset;

      if (step && rendered > 0 && (rendered >= RENDER_STEP_BYTES || g_get_monotonic_time () >= deadline))
        return FALSE;

      if (confab_markdown_render_block (render, block, &self->tail_offset))
        {
          self->tail_block++;
          self->tail_offset = 0;
        }
      rendered += rendered_size (block, before, self->tail_offset);
    }

  return TRUE;
}

/* Keeps what @render placed as the tail's. */
static void
keep_tail_widgets (ConfabMarkdownView   *self,
                   ConfabMarkdownRender *render)
{
  for (guint i = 0; i < render->placed->len; i++)
    g_ptr_array_add (self->tail_widgets, g_object_ref (g_ptr_array_index (render->placed, i)));
  for (guint i = 0; i < render->link_tags->len; i++)
    g_ptr_array_add (self->tail_tags, g_object_ref (g_ptr_array_index (render->link_tags, i)));

  self->tail_text = render->text;
  self->tail_last = render->last;
}

typedef struct
{
  char  *text;
  gsize  length;
  char  *definitions;
  guint  serial;
} TailParse;

static void
tail_parse_free (gpointer data)
{
  TailParse *parse = data;

  g_free (parse->text);
  g_free (parse->definitions);
  g_free (parse);
}

static void
parse_tail_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  TailParse *parse = task_data;
  g_autoptr(GString) definitions = g_string_new (parse->definitions);

  g_task_return_pointer (task,
                         confab_markdown_parse_part (parse->text, parse->length, definitions),
                         (GDestroyNotify) confab_markdown_document_free);
}

/* The long tail is parsed: it is rendered from the next step on, after
 * what is rendered for good.
 */
static void parse_tail_apart (ConfabMarkdownView *self,
                              gsize               length);

static void
tail_parsed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ConfabMarkdownView *self = CONFAB_MARKDOWN_VIEW (object);
  TailParse *parse = g_task_get_task_data (G_TASK (result));
  ConfabMarkdownDocument *document = g_task_propagate_pointer (G_TASK (result), NULL);

  self->parses_running--;

  /* The source changed, or the view went, since: the tail of now is
   * parsed next, if there is one to parse.
   */
  if (!self->tail_parsing || parse->serial != self->parse_serial)
    {
      g_clear_pointer (&document, confab_markdown_document_free);
      if (self->tail_parsing && self->parse_wanted)
        parse_tail_apart (self, self->tail_length);
      return;
    }

  self->tail_parsing = FALSE;
  g_clear_pointer (&self->tail, confab_markdown_document_free);
  self->tail = document;
  self->tail_block = 0;
  self->tail_offset = 0;
  self->tail_text = self->open_text;
  self->tail_last = gtk_widget_get_last_child (GTK_WIDGET (self));
  self->tail_pending = TRUE;
  schedule_step (self);
}

/* Parses the tail, of @length bytes, on a worker; once the worker is
 * done with a tail of before, as a streamed answer's grows.
 */
static void
parse_tail_apart (ConfabMarkdownView *self,
                  gsize               length)
{
  g_autoptr(GTask) task = NULL;
  TailParse *parse;

  self->tail_parsing = TRUE;
  self->tail_length = length;
  self->parse_serial++;
  self->parse_wanted = self->parses_running > 0;
  if (self->parse_wanted)
    return;

  task = g_task_new (self, NULL, tail_parsed_cb, NULL);
  parse = g_new0 (TailParse, 1);

  parse->text = g_strndup (self->source->str + self->finished, length);
  parse->length = length;
  parse->definitions = g_strdup (self->shown_definitions->str);
  parse->serial = self->parse_serial;
  self->parses_running++;

  g_task_set_source_tag (task, parse_tail_apart);
  g_task_set_name (task, "[confab] parse Markdown");
  g_task_set_task_data (task, parse, tail_parse_free);
  g_task_run_in_thread (task, parse_tail_thread);
}

/* A step of a long tail: its next blocks, after those rendered. */
static void
render_tail_step (ConfabMarkdownView *self)
{
  g_autoptr(GPtrArray) reuse = g_ptr_array_new ();
  ConfabMarkdownRender render = { 0 };

  render.view = GTK_WIDGET (self);
  render.layout = &self->layout;
  render.reuse = reuse;
  render.placed = g_ptr_array_new_with_free_func (g_object_unref);
  render.link_tags = g_ptr_array_new_with_free_func (g_object_unref);
  render.text = self->tail_text;
  render.last = self->tail_last;
  render.shows_end = confab_markdown_viewport_shows_end (&self->viewport);
  self->layout.lay_out = render.shows_end;

  self->tail_pending = !render_tail_blocks (self, &render, TRUE, g_get_monotonic_time () + RENDER_STEP_MS * 1000);
  keep_tail_widgets (self, &render);
  if (self->tail_pending)
    schedule_step (self);

  g_ptr_array_unref (render.placed);
  g_ptr_array_unref (render.link_tags);
}

/* Renders the finished parts that wait, those of a step only when
 * @step, and then the tail, once no part waits any more.
 */
static void
render (ConfabMarkdownView *self,
        gboolean            step)
{
  g_autoptr(GPtrArray) reuse = NULL;
  ConfabMarkdownRender render = { 0 };
  gint64 deadline = g_get_monotonic_time () + RENDER_STEP_MS * 1000;
  gsize scan_start = self->scanned;
  gsize rendered = 0;
  gsize tail_length;

  if (self->tail_pending)
    {
      render_tail_step (self);
      return;
    }

  reuse = clear_tail (self);

  render.view = GTK_WIDGET (self);
  render.layout = &self->layout;
  render.reuse = reuse;
  render.placed = g_ptr_array_new_with_free_func (g_object_unref);
  render.link_tags = g_ptr_array_new_with_free_func (g_object_unref);
  render.text = self->open_text;
  render.shows_end = confab_markdown_viewport_shows_end (&self->viewport);
  self->layout.lay_out = render.shows_end;
  render.last = reuse->len > 0 ?
                gtk_widget_get_prev_sibling (g_ptr_array_index (reuse, 0)) :
                gtk_widget_get_last_child (GTK_WIDGET (self));

  if (!step)
    scan_more (self, FALSE);

  /* Each finished part is rendered alone, the same way whether the
   * answer came whole or in pieces.
   */
  while (parts_wait (self))
    {
      if (step && (rendered > 0 || self->scanned > scan_start) &&
          (rendered >= RENDER_STEP_BYTES || g_get_monotonic_time () >= deadline))
        break;

      if (self->part == NULL && self->next_part == self->parts->len)
        {
          scan_more (self, TRUE);
          continue;
        }

      if (self->part == NULL)
        {
          self->part_end = g_array_index (self->parts, gsize, self->next_part);
          self->part = confab_markdown_parse_part (self->source->str + self->finished,
                                                   self->part_end - self->finished,
                                                   self->shown_definitions);
          self->part_block = 0;
          self->part_offset = 0;
          self->next_part++;
        }

      /* A block, or a piece of a long paragraph, at a time. */
      if (self->part_block < self->part->blocks->len)
        {
          const ConfabMarkdownBlock *block = g_ptr_array_index (self->part->blocks, self->part_block);
          gsize before = self->part_offset;

          if (confab_markdown_render_block (&render, block, &self->part_offset))
            {
              self->part_block++;
              self->part_offset = 0;
            }
          rendered += rendered_size (block, before, self->part_offset);
        }

      if (self->part_block == self->part->blocks->len)
        {
          confab_markdown_document_append_plain (self->part, self->finished_plain);
          self->finished = self->part_end;
          g_clear_pointer (&self->part, confab_markdown_document_free);
        }
    }

  finish_render (self, &render);

  if (parts_wait (self))
    {
      /* The tail comes after what still waits. */
      g_clear_pointer (&self->tail, confab_markdown_document_free);
      schedule_step (self);
    }
  else
    {
      g_array_set_size (self->parts, 0);
      self->next_part = 0;
      g_clear_handle_id (&self->render_id, g_source_remove);

      tail_length = self->source->len - self->finished;

      /* While the answer grows, a formula that has begun waits for its
       * end, rather than show its TeX till then.
       */
      if (self->growing)
        tail_length = confab_markdown_find_pending_math (self->source->str + self->finished, tail_length);

      g_clear_pointer (&self->tail, confab_markdown_document_free);

      /* A tail of megabytes, as one paragraph that nothing cuts, is
       * parsed on a worker, then rendered in steps.
       */
      if (tail_length > PARSE_APART)
        {
          parse_tail_apart (self, tail_length);
        }
      else
        {
          self->tail = confab_markdown_parse_part (self->source->str + self->finished, tail_length,
                                                   self->shown_definitions);
          self->tail_block = 0;
          self->tail_offset = 0;

          /* A long tail is rendered a step at a time too. */
          self->tail_pending = !render_tail_blocks (self, &render, tail_length > RENDER_AT_ONCE, deadline);
          keep_tail_widgets (self, &render);
          if (self->tail_pending)
            schedule_step (self);
        }
    }

  /* What the tail showed before and shows no more. */
  for (guint i = 0; i < reuse->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (reuse, i);

      if (widget == NULL)
        continue;

      if (gtk_widget_get_parent (widget) == GTK_WIDGET (self))
        gtk_widget_unparent (widget);
      g_object_unref (widget);
    }

  g_ptr_array_unref (render.placed);
  g_ptr_array_unref (render.link_tags);
}

static gboolean
render_step_cb (gpointer user_data)
{
  ConfabMarkdownView *self = user_data;

  self->render_id = 0;
  render (self, TRUE);

  return G_SOURCE_REMOVE;
}

/* A step a frame, while something waits. */
static gboolean
render_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  ConfabMarkdownView *self = CONFAB_MARKDOWN_VIEW (widget);

  self->in_tick = TRUE;
  render (self, TRUE);
  self->in_tick = FALSE;

  if (self->tick_id != 0 && (self->tail_pending || parts_wait (self)))
    return G_SOURCE_CONTINUE;

  self->tick_id = 0;

  return G_SOURCE_REMOVE;
}

/* Renders the source from where the finished part ends. */
static void
update (ConfabMarkdownView *self)
{
  gsize waiting;

  /* A reference in what is rendered for good may be a link now. */
  confab_markdown_definitions_scan (&self->definitions, self->source->str, self->source->len);
  if (!g_string_equal (self->definitions.found, self->shown_definitions))
    {
      clear_rendered (self);
      g_string_assign (self->shown_definitions, self->definitions.found->str);
    }

  /* A long tail that was being parsed or rendered is anew. */
  if (self->tail_pending)
    {
      self->tail_pending = FALSE;
      cancel_step (self);
    }
  if (self->tail_parsing)
    {
      self->tail_parsing = FALSE;
      self->parse_serial++;
    }

  /* While parts wait, the next step cuts and renders what was added
   * too.
   */
  if (self->render_id != 0 || self->tick_id != 0)
    return;

  waiting = self->source->len - self->scanned;
  if (self->next_part < self->parts->len)
    waiting += g_array_index (self->parts, gsize, self->parts->len - 1) - self->finished;
  render (self, waiting > RENDER_AT_ONCE);
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
  confab_markdown_layout_measure (widget, orientation, for_size, minimum, natural);
}

/* Text wraps: the view is as tall as its width makes it. */
static GtkSizeRequestMode
confab_markdown_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
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

  self->viewport.culled = confab_markdown_view_snapshot_near (widget, self->viewport.scrollable, snapshot);
}

static void
confab_markdown_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (confab_markdown_view_parent_class)->map (widget);

  confab_markdown_viewport_watch (&CONFAB_MARKDOWN_VIEW (widget)->viewport, widget);
  confab_markdown_layout_watch (&CONFAB_MARKDOWN_VIEW (widget)->layout, widget);
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
      cancel_step (self);
      schedule_step (self);
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
  GtkWidget *child;

  while ((child = gtk_widget_get_last_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  self->open_text = NULL;
  self->tail_mark = NULL;
  self->tail_text = NULL;
  self->tail_last = NULL;
  self->tail_pending = FALSE;
  self->tail_parsing = FALSE;
  self->parse_serial++;
  cancel_step (self);
  confab_markdown_viewport_forget (&self->viewport);
  confab_markdown_layout_clear (&self->layout);
  g_clear_pointer (&self->tail_widgets, g_ptr_array_unref);
  g_clear_pointer (&self->tail_tags, g_ptr_array_unref);

  G_OBJECT_CLASS (confab_markdown_view_parent_class)->dispose (object);
}

static void
confab_markdown_view_finalize (GObject *object)
{
  ConfabMarkdownView *self = CONFAB_MARKDOWN_VIEW (object);

  g_string_free (self->source, TRUE);
  g_string_free (self->shown_definitions, TRUE);
  confab_markdown_definitions_clear (&self->definitions);
  g_string_free (self->finished_plain, TRUE);
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

  g_string_append_len (self->source, text + self->source->len, size - self->source->len);

  update (self);
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
    update (self);
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

  if (parts_wait (self))
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
