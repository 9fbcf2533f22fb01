/* confab-markdown-view-steps.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-markdown-parser.h"
#include "confab-markdown-view-private.h"

/* How a ConfabMarkdownView renders its source: in finished parts and
 * a tail, at once or a step at a time.
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
 * from an idle callback, for about RENDER_STEP_MS each, so that the
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

/* A step renders at least RENDER_STEP_MIN_BYTES of text (four pieces
 * of a long paragraph, or 32 blocks that add less), then more while
 * what it took and what laying out the text it added will take in the
 * frame (as the layout measures it, see
 * confab_markdown_layout_allocate()) stay under RENDER_STEP_MS, up to
 * RENDER_STEP_MAX_BYTES.
 */
#define RENDER_STEP_MS        12
#define RENDER_STEP_MIN_BYTES (16 * 1024)
#define RENDER_STEP_MAX_BYTES (256 * 1024)

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

/**
 * confab_markdown_view_drop_tail_reuse:
 * @self: a #ConfabMarkdownView
 * @end: up to which index, or %G_MAXUINT for all
 *
 * Takes away the widgets of the long tail before that the steps
 * rendering it anew skipped, before @end, or all that are left.
 */
void
confab_markdown_view_drop_tail_reuse (ConfabMarkdownView *self,
                                      guint               end)
{
  if (self->tail_reuse == NULL)
    return;

  for (guint i = 0; i < MIN (end, self->tail_reuse->len); i++)
    {
      GtkWidget *widget = g_steal_pointer (&self->tail_reuse->pdata[i]);

      if (widget == NULL)
        continue;
      confab_markdown_pieces_remove (GTK_WIDGET (self), widget);
      g_object_unref (widget);
    }

  if (end == G_MAXUINT)
    {
      g_clear_pointer (&self->tail_reuse, g_ptr_array_unref);
      self->tail_reuse_index = 0;
    }
}

/* Takes back what the tail showed; its widgets may be reused. */
static GPtrArray *
clear_tail (ConfabMarkdownView *self)
{
  GPtrArray *widgets = g_steal_pointer (&self->tail_widgets);

  /* Widgets taken for reuse leave a hole, which is not unreffed. */
  g_ptr_array_set_free_func (widgets, NULL);

  /* Those of the long tail before that no step replaced yet come after
   * those the steps placed.
   */
  if (self->tail_reuse != NULL)
    {
      for (guint i = self->tail_reuse_index; i < self->tail_reuse->len; i++)
        if (self->tail_reuse->pdata[i] != NULL)
          g_ptr_array_add (widgets, g_steal_pointer (&self->tail_reuse->pdata[i]));
      confab_markdown_view_drop_tail_reuse (self, G_MAXUINT);
    }

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

/* Takes back all that is rendered. */
void
confab_markdown_view_clear_rendered (ConfabMarkdownView *self)
{
  confab_markdown_view_take_children (self);

  g_string_truncate (self->finished_plain, 0);
  confab_markdown_cutter_init (&self->cutter);
  self->finished = 0;
  g_array_set_size (self->parts, 0);
  self->next_part = 0;
  self->scanned = 0;
  confab_markdown_view_cancel_step (self);
  g_clear_pointer (&self->part, confab_markdown_document_free);
  self->tail_pending = FALSE;
  self->tail_parsing = FALSE;
  self->parse_serial++;
  self->tail_text = NULL;
  self->tail_last = NULL;
  g_clear_pointer (&self->tail, confab_markdown_document_free);
  g_ptr_array_set_size (self->tail_widgets, 0);
  g_ptr_array_set_size (self->tail_tags, 0);
  confab_markdown_view_drop_tail_reuse (self, G_MAXUINT);
  self->open_text = NULL;
  self->tail_mark = NULL;
  confab_markdown_layout_restart (&self->layout);
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
gboolean
confab_markdown_view_parts_wait (ConfabMarkdownView *self)
{
  return self->part != NULL || self->next_part < self->parts->len || self->scanned < self->source->len;
}

/* What a block counts in a step, however little text it adds to lay
 * out: a table, a rule, or a piece of a paragraph that shows what it
 * showed before.
 */
#define RENDER_BLOCK_BYTES 512

/* Whether a step that started at @started and rendered @rendered bytes
 * has spent its time, with what the frame will take to lay that out.
 */
static gboolean
step_spent (ConfabMarkdownView *self,
            gsize               rendered,
            gint64              started)
{
  double took_ms;

  if (rendered < RENDER_STEP_MIN_BYTES)
    return FALSE;
  if (rendered >= RENDER_STEP_MAX_BYTES)
    return TRUE;

  took_ms = (g_get_monotonic_time () - started) / 1000.0;

  return took_ms + rendered * confab_markdown_layout_get_ms_per_byte (&self->layout) >= RENDER_STEP_MS;
}

static gboolean render_tick_cb (GtkWidget     *widget,
                                GdkFrameClock *clock,
                                gpointer       user_data);

/* Has the next step come: with the next frame while the view is
 * mapped, so that what a step added is laid out and drawn before the
 * next step adds more; else from an idle callback.
 */
void
confab_markdown_view_schedule_step (ConfabMarkdownView *self)
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

void
confab_markdown_view_cancel_step (ConfabMarkdownView *self)
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
                    gint64                started)
{
  gsize rendered = 0;

  while (self->tail_block < self->tail->blocks->len)
    {
      const ConfabMarkdownBlock *block = g_ptr_array_index (self->tail->blocks, self->tail_block);
      gsize added = self->layout.added;

      if (step && step_spent (self, rendered, started))
        return FALSE;

      if (confab_markdown_render_block (render, block, &self->tail_offset))
        {
          self->tail_block++;
          self->tail_offset = 0;
        }
      rendered += MAX (self->layout.added - added, RENDER_BLOCK_BYTES);
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

/* What the worker parses: the tail, in bytes the view's source shares
 * or in a copy of its own.
 */
typedef struct
{
  GBytes *bytes;
  char   *text;
  gsize   length;
  char   *definitions;
  guint   serial;
} TailParse;

static void
tail_parse_free (gpointer data)
{
  TailParse *parse = data;

  if (parse->bytes != NULL)
    g_bytes_unref (parse->bytes);
  else
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
  self->tail_last = confab_markdown_pieces_get_last (GTK_WIDGET (self));

  /* What the tail showed before stays until a step replaces it. */
  confab_markdown_view_drop_tail_reuse (self, G_MAXUINT);
  self->tail_reuse = g_steal_pointer (&self->tail_widgets);
  g_ptr_array_set_free_func (self->tail_reuse, NULL);
  self->tail_widgets = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->tail_reuse->len; i++)
    if (confab_markdown_pieces_contain (GTK_WIDGET (self), self->tail_reuse->pdata[i]))
      {
        self->tail_last = confab_markdown_piece_get_prev (self->tail_reuse->pdata[i]);
        break;
      }

  self->tail_pending = TRUE;
  confab_markdown_view_schedule_step (self);
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

  if (self->source_bytes != NULL)
    {
      parse->bytes = g_bytes_ref (self->source_bytes);
      parse->text = self->source->str + self->finished;
    }
  else
    {
      parse->text = g_strndup (self->source->str + self->finished, length);
    }
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
  render.reuse = self->tail_reuse != NULL ? self->tail_reuse : reuse;
  render.reuse_index = self->tail_reuse_index;
  render.placed = g_ptr_array_new_with_free_func (g_object_unref);
  render.link_tags = g_ptr_array_new_with_free_func (g_object_unref);
  render.text = self->tail_text;
  render.last = self->tail_last;
  render.shows_end = confab_markdown_viewport_shows_end (&self->viewport);
  self->layout.lay_out = render.shows_end;

  self->tail_pending = !render_tail_blocks (self, &render, TRUE, g_get_monotonic_time ());
  keep_tail_widgets (self, &render);

  /* What the tail showed before, up to what the step replaced, or all
   * once the tail is rendered.
   */
  self->tail_reuse_index = render.reuse_index;
  confab_markdown_view_drop_tail_reuse (self, self->tail_pending ? render.reuse_index : G_MAXUINT);
  if (self->tail_pending)
    confab_markdown_view_schedule_step (self);

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
  gint64 started = g_get_monotonic_time ();
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
                confab_markdown_piece_get_prev (g_ptr_array_index (reuse, 0)) :
                confab_markdown_pieces_get_last (GTK_WIDGET (self));

  if (!step)
    scan_more (self, FALSE);

  /* Each finished part is rendered alone, the same way whether the
   * answer came whole or in pieces.
   */
  while (confab_markdown_view_parts_wait (self))
    {
      /* What was only cut, not rendered yet, counts by its time. */
      if (step && rendered == 0 && self->scanned > scan_start &&
          g_get_monotonic_time () - started >= RENDER_STEP_MS * 1000)
        break;
      if (step && step_spent (self, rendered, started))
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
          gsize added = self->layout.added;

          if (confab_markdown_render_block (&render, block, &self->part_offset))
            {
              self->part_block++;
              self->part_offset = 0;
            }
          rendered += MAX (self->layout.added - added, RENDER_BLOCK_BYTES);
        }

      if (self->part_block == self->part->blocks->len)
        {
          confab_markdown_document_append_plain (self->part, self->finished_plain);
          self->finished = self->part_end;
          g_clear_pointer (&self->part, confab_markdown_document_free);
        }
    }

  finish_render (self, &render);

  if (confab_markdown_view_parts_wait (self))
    {
      /* The tail comes after what still waits. */
      g_clear_pointer (&self->tail, confab_markdown_document_free);
      confab_markdown_view_schedule_step (self);
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

          /* What the tail showed stays till then, as the tail of a
           * streamed answer grows.
           */
          for (guint i = 0; i < reuse->len; i++)
            {
              GtkWidget *widget = g_steal_pointer (&reuse->pdata[i]);

              if (widget != NULL && confab_markdown_pieces_contain (GTK_WIDGET (self), widget))
                g_ptr_array_add (self->tail_widgets, widget);
              else if (widget != NULL)
                g_object_unref (widget);
            }
        }
      else
        {
          self->tail = confab_markdown_parse_part (self->source->str + self->finished, tail_length,
                                                   self->shown_definitions);
          self->tail_block = 0;
          self->tail_offset = 0;

          /* A long tail is rendered a step at a time too. */
          self->tail_pending = !render_tail_blocks (self, &render, tail_length > RENDER_AT_ONCE, started);
          keep_tail_widgets (self, &render);
          if (self->tail_pending)
            confab_markdown_view_schedule_step (self);
        }
    }

  /* What the tail showed before and shows no more. */
  for (guint i = 0; i < reuse->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (reuse, i);

      if (widget == NULL)
        continue;

      confab_markdown_pieces_remove (GTK_WIDGET (self), widget);
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

  if (self->tick_id != 0 && (self->tail_pending || confab_markdown_view_parts_wait (self)))
    return G_SOURCE_CONTINUE;

  self->tick_id = 0;

  return G_SOURCE_REMOVE;
}

/* Renders the source from where the finished part ends. */
void
confab_markdown_view_update (ConfabMarkdownView *self)
{
  gsize waiting;

  /* A reference in what is rendered for good may be a link now. */
  confab_markdown_definitions_scan (&self->definitions, self->source->str, self->source->len);
  if (!g_string_equal (self->definitions.found, self->shown_definitions))
    {
      confab_markdown_view_clear_rendered (self);
      g_string_assign (self->shown_definitions, self->definitions.found->str);
    }

  /* A long tail that was being parsed or rendered is anew. */
  if (self->tail_pending)
    {
      self->tail_pending = FALSE;
      confab_markdown_view_cancel_step (self);
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
