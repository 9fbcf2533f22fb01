/* confab-markdown-view-private.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "confab-markdown-group.h"
#include "confab-markdown-parser.h"
#include "confab-markdown-view.h"

G_BEGIN_DECLS

/* How far each level of block quotes is indented, and how deep. */
#define CONFAB_MARKDOWN_QUOTE_STEP      20
#define CONFAB_MARKDOWN_MAX_QUOTE_DEPTH 4

/* The data key of how many block quotes a child of the view is in. */
#define CONFAB_MARKDOWN_QUOTE_KEY "confab-quote-depth"

/* The data key of a text view that goes on with the paragraph of the
 * one before it, with no space between them.
 */
#define CONFAB_MARKDOWN_CONTINUED_KEY "confab-continued"

/* The data key of a new child that the last layout of a frame left to
 * the next frame: it is not shown until then.
 */
#define CONFAB_MARKDOWN_DEFERRED_KEY "confab-deferred"

/* The data key of a link tag's text tag table. */
#define CONFAB_MARKDOWN_TABLE_KEY "confab-table"

/* The scrolling ancestor of a mapped view, whether the view's last
 * snapshot left out children that were far from what it shows, and the
 * frame clock whose layouts say which children are near enough to be
 * mapped.
 */
typedef struct
{
  GtkWidget     *view;
  GtkWidget     *scrollable;
  GtkAdjustment *vadjustment;
  gboolean       culled;
  GdkFrameClock *clock;
  gulong         layout_id;
} ConfabMarkdownViewport;

void       confab_markdown_viewport_watch         (ConfabMarkdownViewport    *viewport,
                                                   GtkWidget                 *view);
void       confab_markdown_viewport_forget        (ConfabMarkdownViewport    *viewport);
void       confab_markdown_viewport_map_near      (ConfabMarkdownViewport    *viewport);
void       confab_markdown_view_hide_piece        (GtkWidget                 *piece);
void       confab_markdown_viewport_scroll_to     (ConfabMarkdownViewport    *viewport,
                                                   GtkWidget                 *child);

/* A child as the last allocation of its parent placed it, from top to
 * bottom, with a reference: a group of the view, or a piece of a group.
 */
typedef struct
{
  GtkWidget *child;
  int        y;
  int        height;
} ConfabMarkdownPlaced;

void       confab_markdown_placed_clear           (GArray                    *placed);

/* The frame clock of a mapped view, the text views whose text changed
 * since they were allocated, those allocated taller than they ask, to
 * lay out their text (in the next frame, when this one has no layout
 * left for it), and where the groups were placed.
 */
typedef struct
{
  GtkWidget     *view;
  GdkFrameClock *clock;
  gulong         layout_id;
  guint          next_frame_id;
  GPtrArray     *changed;
  GPtrArray     *resized;
  GArray        *placed;
  gboolean       lay_out;    /* the changed ones, as they are drawn at once */
  gsize          added;      /* bytes of text added since the last allocation */
  double         ms_per_byte;
  guint          n_allocated; /* pieces the groups placed, counted for tests */
} ConfabMarkdownLayout;

void       confab_markdown_layout_init            (ConfabMarkdownLayout      *layout);
void       confab_markdown_layout_clear           (ConfabMarkdownLayout      *layout);
void       confab_markdown_layout_changed         (ConfabMarkdownLayout      *layout,
                                                   GtkWidget                 *text_view);
void       confab_markdown_layout_watch           (ConfabMarkdownLayout      *layout,
                                                   GtkWidget                 *view);
void       confab_markdown_layout_forget          (ConfabMarkdownLayout      *layout);
void       confab_markdown_layout_drop_placed     (ConfabMarkdownLayout      *layout);
void       confab_markdown_layout_restart         (ConfabMarkdownLayout      *layout);
void       confab_markdown_layout_added           (ConfabMarkdownLayout      *layout,
                                                   gsize                      bytes);
double     confab_markdown_layout_get_ms_per_byte (ConfabMarkdownLayout      *layout);
GtkSizeRequestMode confab_markdown_layout_get_request_mode (gboolean trades_size);
void       confab_markdown_layout_measure         (GtkWidget                 *widget,
                                                   gboolean                   trades_size,
                                                   GtkOrientation             orientation,
                                                   int                        for_size,
                                                   int                       *minimum,
                                                   int                       *natural);
void       confab_markdown_layout_allocate        (ConfabMarkdownLayout      *layout,
                                                   GtkWidget                 *view,
                                                   int                        width);
void       confab_markdown_layout_allocate_pieces (ConfabMarkdownLayout      *layout,
                                                   GtkWidget                 *group,
                                                   GArray                    *placed,
                                                   int                        width);

/* Where a part is rendered into the view: the widgets of the tail
 * that can be used again, those placed, the last of them, the text view
 * prose goes on in, and the link tags made.
 */
typedef struct
{
  GtkWidget            *view;
  ConfabMarkdownLayout *layout;
  GPtrArray            *reuse;
  guint                 reuse_index;
  GPtrArray            *placed;
  GtkWidget            *last;
  GtkTextView          *text;
  GPtrArray            *link_tags;
  gboolean              shows_end;
} ConfabMarkdownRender;

void       confab_markdown_render_document        (ConfabMarkdownRender         *render,
                                                   const ConfabMarkdownDocument *document);
gboolean   confab_markdown_render_block           (ConfabMarkdownRender         *render,
                                                   const ConfabMarkdownBlock    *block,
                                                   gsize                        *offset);

GtkWidget *confab_markdown_view_create_text_view  (void);
void       confab_markdown_view_update_tag_colors (GtkTextTagTable           *table);
void       confab_markdown_view_lay_out_lines     (GtkTextView               *view,
                                                   const GtkTextIter         *start,
                                                   const GtkTextIter         *end);
void       confab_markdown_view_append_prose      (GtkTextView               *view,
                                                   const ConfabMarkdownBlock *block,
                                                   GPtrArray                 *link_tags,
                                                   gboolean                   lay_out);
gboolean   confab_markdown_viewport_shows_end     (ConfabMarkdownViewport    *viewport);
GtkWidget *confab_markdown_view_create_table      (const ConfabMarkdownBlock *block);
int        confab_markdown_view_get_block_margin  (const ConfabMarkdownBlock *block);
void       confab_markdown_view_open_link         (GtkWidget                 *widget,
                                                   const char                *href);
void       confab_markdown_view_activate_link     (GtkWidget                 *widget,
                                                   const char                *href);
gboolean   confab_markdown_view_snapshot_near     (GtkWidget                 *widget,
                                                   ConfabMarkdownLayout      *layout,
                                                   GtkWidget                 *scrollable,
                                                   GtkSnapshot               *snapshot);

/* The state of a ConfabMarkdownView, shared by its part-files. */
struct _ConfabMarkdownView
{
  GtkWidget               parent_instance;

  /* The Markdown shown; when source_bytes is set, a GString of the
   * view's own (not GLib's) whose text is that of the bytes, shared
   * (confab_markdown_view_set_bytes()), and copied before it changes.
   */
  GString                *source;
  GBytes                 *source_bytes;
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

  /* What a long tail showed before it was parsed again, shown until
   * the steps that render it anew replace it, from the index given.
   */
  GPtrArray              *tail_reuse;
  guint                   tail_reuse_index;
  GtkTextView            *open_text;
  GtkTextMark            *tail_mark;

  ConfabMarkdownViewport  viewport;
  ConfabMarkdownLayout    layout;

  gboolean                growing;

  /* Whether a child was placed whose height depends on the width it is
   * measured for, as a table's does, since the children were last all
   * taken away.
   */
  gboolean                trades_size;

  /* The last of the groups taken away that are still children, hidden
   * and first (confab_markdown_groups_leave()).
   */
  GtkWidget              *last_leaving;
};

void       confab_markdown_view_update            (ConfabMarkdownView        *self);
void       confab_markdown_view_clear_rendered    (ConfabMarkdownView        *self);
void       confab_markdown_view_schedule_step     (ConfabMarkdownView        *self);
void       confab_markdown_view_cancel_step       (ConfabMarkdownView        *self);
gboolean   confab_markdown_view_parts_wait        (ConfabMarkdownView        *self);
void       confab_markdown_view_take_children     (ConfabMarkdownView        *self);
void       confab_markdown_view_drop_tail_reuse   (ConfabMarkdownView        *self,
                                                   guint                      end);

G_END_DECLS
