/* confab-markdown-group.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-markdown-group.h"
#include "confab-markdown-view-private.h"

/* The pieces a ConfabMarkdownView shows its Markdown in (text views,
 * code blocks, tables and rules, from top to bottom) are kept in groups
 * of about GROUP_PIECES, and the groups are the view's children.
 *
 * An answer of megabytes is thousands of pieces.  GTK measures and
 * allocates a widget again only when it or something in it asked to be,
 * so when a piece changes, as one does in every frame while an answer
 * arrives, the view measures and places its groups, and only the group
 * of that piece measures and places its pieces; with the pieces its
 * children, the view went through all of them in every layout.
 *
 * The functions here go through the pieces in their order, across the
 * groups, and add and take pieces, making and dropping groups.
 *
 * When all the pieces are taken away at once, as when the view is given
 * another answer, the groups leave: they are hidden at once, and stay
 * the view's first children, passed by, until they are taken out of it
 * one at a time (confab_markdown_group_take_out()); then their pieces
 * are freed a few at a time (confab_markdown_group_let_go_step()).
 * Taking thousands of widgets out of a window at once has GTK unrealize
 * and unroot each, some 90 ms for an answer of 10 MB.
 */

/* How many pieces a group is given before the next starts. */
#define GROUP_PIECES 64

struct _ConfabMarkdownGroup
{
  GtkWidget  parent_instance;

  guint      n_pieces;

  /* Whether a piece was added whose height depends on the width it is
   * measured for, as a table's does.
   */
  gboolean   trades_size;

  /* Whether some of the pieces may be child-visible: when not, and the
   * group is far from what shows, confab_markdown_viewport_map_near()
   * passes it by.
   */
  gboolean   maybe_shown;

  /* Where its last allocation placed the pieces, in the group. */
  GArray    *placed;

  /* Whether the view let go of it: hidden, to be freed. */
  gboolean   leaving;
};

G_DEFINE_FINAL_TYPE (ConfabMarkdownGroup, confab_markdown_group, GTK_TYPE_WIDGET)

static void
confab_markdown_group_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  confab_markdown_layout_measure (widget, CONFAB_MARKDOWN_GROUP (widget)->trades_size,
                                  orientation, for_size, minimum, natural);
}

static GtkSizeRequestMode
confab_markdown_group_get_request_mode (GtkWidget *widget)
{
  return confab_markdown_layout_get_request_mode (CONFAB_MARKDOWN_GROUP (widget)->trades_size);
}

static void
confab_markdown_group_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  ConfabMarkdownGroup *self = CONFAB_MARKDOWN_GROUP (widget);
  GtkWidget *view = gtk_widget_get_parent (widget);

  confab_markdown_layout_allocate_pieces (&CONFAB_MARKDOWN_VIEW (view)->layout, widget, self->placed, width);
}

static void
confab_markdown_group_dispose (GObject *object)
{
  ConfabMarkdownGroup *self = CONFAB_MARKDOWN_GROUP (object);
  GtkWidget *child;

  confab_markdown_placed_clear (self->placed);
  while ((child = gtk_widget_get_last_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->n_pieces = 0;

  G_OBJECT_CLASS (confab_markdown_group_parent_class)->dispose (object);
}

static void
confab_markdown_group_finalize (GObject *object)
{
  g_array_unref (CONFAB_MARKDOWN_GROUP (object)->placed);

  G_OBJECT_CLASS (confab_markdown_group_parent_class)->finalize (object);
}

static void
confab_markdown_group_class_init (ConfabMarkdownGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confab_markdown_group_dispose;
  object_class->finalize = confab_markdown_group_finalize;

  widget_class->get_request_mode = confab_markdown_group_get_request_mode;
  widget_class->measure = confab_markdown_group_measure;
  widget_class->size_allocate = confab_markdown_group_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "markdowngroup");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
confab_markdown_group_init (ConfabMarkdownGroup *self)
{
  self->placed = g_array_new (FALSE, FALSE, sizeof (ConfabMarkdownPlaced));
}

/* Where the last allocation placed the pieces of @self, in it. */
GArray *
confab_markdown_group_get_placed (ConfabMarkdownGroup *self)
{
  return self->placed;
}

guint
confab_markdown_group_get_n_pieces (ConfabMarkdownGroup *self)
{
  return self->n_pieces;
}

gboolean
confab_markdown_group_get_maybe_shown (ConfabMarkdownGroup *self)
{
  return self->maybe_shown;
}

void
confab_markdown_group_set_maybe_shown (ConfabMarkdownGroup *self,
                                       gboolean             maybe_shown)
{
  self->maybe_shown = maybe_shown;
}

/* The first group of @view that has not left. */
static GtkWidget *
first_group (GtkWidget *view)
{
  GtkWidget *leaving = CONFAB_MARKDOWN_VIEW (view)->last_leaving;

  return leaving != NULL ? gtk_widget_get_next_sibling (leaving) : gtk_widget_get_first_child (view);
}

static gboolean
is_leaving (GtkWidget *group)
{
  return CONFAB_IS_MARKDOWN_GROUP (group) && CONFAB_MARKDOWN_GROUP (group)->leaving;
}

/**
 * confab_markdown_pieces_get_first:
 * @view: a #ConfabMarkdownView
 *
 * Returns: (nullable): the first piece of @view
 */
GtkWidget *
confab_markdown_pieces_get_first (GtkWidget *view)
{
  GtkWidget *group = first_group (view);

  return group != NULL ? gtk_widget_get_first_child (group) : NULL;
}

/**
 * confab_markdown_pieces_get_last:
 * @view: a #ConfabMarkdownView
 *
 * Returns: (nullable): the last piece of @view
 */
GtkWidget *
confab_markdown_pieces_get_last (GtkWidget *view)
{
  GtkWidget *group = gtk_widget_get_last_child (view);

  return group != NULL && !is_leaving (group) ? gtk_widget_get_last_child (group) : NULL;
}

/**
 * confab_markdown_piece_get_next:
 * @piece: a piece of a #ConfabMarkdownView
 *
 * Returns: (nullable): the piece after @piece, in its group or the next
 */
GtkWidget *
confab_markdown_piece_get_next (GtkWidget *piece)
{
  GtkWidget *next = gtk_widget_get_next_sibling (piece);
  GtkWidget *group;

  if (next != NULL)
    return next;

  group = gtk_widget_get_parent (piece);
  if (group == NULL || (group = gtk_widget_get_next_sibling (group)) == NULL)
    return NULL;

  return gtk_widget_get_first_child (group);
}

/**
 * confab_markdown_piece_get_prev:
 * @piece: a piece of a #ConfabMarkdownView
 *
 * Returns: (nullable): the piece before @piece
 */
GtkWidget *
confab_markdown_piece_get_prev (GtkWidget *piece)
{
  GtkWidget *prev = gtk_widget_get_prev_sibling (piece);
  GtkWidget *group;

  if (prev != NULL)
    return prev;

  group = gtk_widget_get_parent (piece);
  if (group == NULL || (group = gtk_widget_get_prev_sibling (group)) == NULL || is_leaving (group))
    return NULL;

  return gtk_widget_get_last_child (group);
}

/**
 * confab_markdown_pieces_contain:
 * @view: a #ConfabMarkdownView
 * @piece: a widget
 *
 * Returns: whether @piece is a piece that @view shows: one of a group
 *   that is its child and has not left (the groups taken away keep
 *   their pieces until they are freed)
 */
gboolean
confab_markdown_pieces_contain (GtkWidget *view,
                                GtkWidget *piece)
{
  GtkWidget *group = gtk_widget_get_parent (piece);

  return group != NULL && gtk_widget_get_parent (group) == view && !is_leaving (group);
}

/**
 * confab_markdown_pieces_get_focus:
 * @view: a #ConfabMarkdownView
 *
 * Returns: (nullable): the piece that has the keyboard's focus, or
 *   holds what has it
 */
GtkWidget *
confab_markdown_pieces_get_focus (GtkWidget *view)
{
  GtkWidget *group = gtk_widget_get_focus_child (view);

  return group != NULL && !is_leaving (group) ? gtk_widget_get_focus_child (group) : NULL;
}

/* A new group, after @after or first of those that have not left. */
static ConfabMarkdownGroup *
add_group (GtkWidget *view,
           GtkWidget *after)
{
  GtkWidget *group = g_object_new (CONFAB_TYPE_MARKDOWN_GROUP, NULL);

  gtk_widget_insert_after (group, view, after != NULL ? after : CONFAB_MARKDOWN_VIEW (view)->last_leaving);

  return CONFAB_MARKDOWN_GROUP (group);
}

/**
 * confab_markdown_pieces_remove:
 * @view: a #ConfabMarkdownView
 * @piece: a piece of @view
 *
 * Takes @piece away, and its group when that holds nothing else.
 */
void
confab_markdown_pieces_remove (GtkWidget *view,
                               GtkWidget *piece)
{
  ConfabMarkdownGroup *group;

  if (!confab_markdown_pieces_contain (view, piece))
    return;

  group = CONFAB_MARKDOWN_GROUP (gtk_widget_get_parent (piece));
  gtk_widget_unparent (piece);
  if (--group->n_pieces == 0)
    gtk_widget_unparent (GTK_WIDGET (group));
}

/**
 * confab_markdown_pieces_insert:
 * @view: a #ConfabMarkdownView
 * @piece: a widget, a piece of @view or of no one
 * @after: (nullable): the piece of @view to put @piece after, or %NULL
 *   to put it first
 *
 * Puts @piece after @after, in the group of @after; in a new group when
 * that group is full and @after is its last piece, as when an answer
 * grows at its end.  A piece of @view that is moved to another group is
 * taken from its own first, which unrealizes it.
 */
void
confab_markdown_pieces_insert (GtkWidget *view,
                               GtkWidget *piece,
                               GtkWidget *after)
{
  ConfabMarkdownGroup *group;
  GtkWidget *parent = gtk_widget_get_parent (piece);

  g_return_if_fail (after == NULL || confab_markdown_pieces_contain (view, after));
  g_return_if_fail (piece != after);

  if (after != NULL)
    group = CONFAB_MARKDOWN_GROUP (gtk_widget_get_parent (after));
  else if ((group = (ConfabMarkdownGroup *) first_group (view)) == NULL)
    group = add_group (view, NULL);

  if (after != NULL && gtk_widget_get_next_sibling (after) == NULL && group->n_pieces >= GROUP_PIECES &&
      parent != GTK_WIDGET (group))
    {
      group = add_group (view, GTK_WIDGET (group));
      after = NULL;
    }

  /* Within its group, a piece is only moved. */
  if (parent != GTK_WIDGET (group))
    {
      if (parent != NULL)
        {
          g_object_ref (piece);
          if (confab_markdown_pieces_contain (view, piece))
            confab_markdown_pieces_remove (view, piece);
          else
            gtk_widget_unparent (piece);
          gtk_widget_insert_after (piece, GTK_WIDGET (group), after);
          g_object_unref (piece);
        }
      else
        {
          gtk_widget_insert_after (piece, GTK_WIDGET (group), after);
        }
      group->n_pieces++;
    }
  else
    {
      gtk_widget_insert_after (piece, GTK_WIDGET (group), after);
    }

  if (gtk_widget_get_request_mode (piece) != GTK_SIZE_REQUEST_CONSTANT_SIZE)
    group->trades_size = CONFAB_MARKDOWN_VIEW (view)->trades_size = TRUE;
  if (gtk_widget_get_child_visible (piece))
    group->maybe_shown = TRUE;
}

/**
 * confab_markdown_piece_show:
 * @piece: a piece of a #ConfabMarkdownView
 *
 * Makes @piece child-visible: mapped when the view is.
 */
void
confab_markdown_piece_show (GtkWidget *piece)
{
  GtkWidget *group = gtk_widget_get_parent (piece);

  gtk_widget_set_child_visible (piece, TRUE);
  if (CONFAB_IS_MARKDOWN_GROUP (group))
    CONFAB_MARKDOWN_GROUP (group)->maybe_shown = TRUE;
}

/**
 * confab_markdown_groups_leave:
 * @view: a #ConfabMarkdownView
 * @leaving: where to add the groups, each with a reference
 *
 * Takes away all the pieces of @view: their groups are hidden now, and
 * pass for taken away, until confab_markdown_group_take_out() takes
 * them out of @view.
 */
void
confab_markdown_groups_leave (GtkWidget *view,
                              GPtrArray *leaving)
{
  for (GtkWidget *group = first_group (view); group != NULL; group = gtk_widget_get_next_sibling (group))
    {
      ConfabMarkdownGroup *self = CONFAB_MARKDOWN_GROUP (group);

      self->leaving = TRUE;
      self->maybe_shown = FALSE;
      confab_markdown_placed_clear (self->placed);
      gtk_widget_set_visible (group, FALSE);
      g_ptr_array_add (leaving, g_object_ref (group));
      CONFAB_MARKDOWN_VIEW (view)->last_leaving = group;
    }
}

/**
 * confab_markdown_group_take_out:
 * @self: a group that left its view
 *
 * Takes @self out of its view, if it is still there.  Groups are taken
 * out in the order they left.
 */
void
confab_markdown_group_take_out (ConfabMarkdownGroup *self)
{
  GtkWidget *view = gtk_widget_get_parent (GTK_WIDGET (self));

  if (view == NULL)
    return;

  /* Those that left before it are gone. */
  if (CONFAB_MARKDOWN_VIEW (view)->last_leaving == GTK_WIDGET (self))
    CONFAB_MARKDOWN_VIEW (view)->last_leaving = NULL;
  gtk_widget_unparent (GTK_WIDGET (self));
}

/**
 * confab_markdown_group_let_go_step:
 * @self: a group taken out of its view
 *
 * Frees the first piece of @self.
 *
 * Returns: whether @self is empty
 */
gboolean
confab_markdown_group_let_go_step (ConfabMarkdownGroup *self)
{
  GtkWidget *piece = gtk_widget_get_first_child (GTK_WIDGET (self));

  confab_markdown_group_take_out (self);
  if (piece != NULL)
    gtk_widget_unparent (piece);

  return gtk_widget_get_first_child (GTK_WIDGET (self)) == NULL;
}
