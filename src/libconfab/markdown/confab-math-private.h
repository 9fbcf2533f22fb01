/* confab-math-private.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "confab-math.h"

G_BEGIN_DECLS

/* Shared by the typesetter's parts: confab-math-symbols.c (the tables
 * of commands and scripts), confab-math-parse.c and
 * confab-math-parse-command.c (TeX into a tree of nodes),
 * confab-math-box.c and confab-math-layout.c (the tree into a grid of
 * character cells) and confab-math.c (the entry points).
 */

#define MAX_DEPTH  24
#define MAX_NODES  4096
#define MAX_WIDTH  2048
#define MAX_HEIGHT 64
#define MAX_CELLS  (64 * 1024)
#define CELL_BYTES 16

#define STYLE_VARIABLE    (1 << CONFAB_MATH_STYLE_VARIABLE)
#define STYLE_SUPERSCRIPT (1 << CONFAB_MATH_STYLE_SUPERSCRIPT)
#define STYLE_SUBSCRIPT   (1 << CONFAB_MATH_STYLE_SUBSCRIPT)

typedef enum
{
  NODE_ROW,
  NODE_ATOM,
  NODE_SCRIPT,
  NODE_FRAC,
  NODE_SQRT,
  NODE_FENCED,
  NODE_GRID,
  NODE_ACCENT,
  NODE_BINOM,
} NodeKind;

typedef enum
{
  CLASS_ORD,
  CLASS_VAR,
  CLASS_NUM,
  CLASS_BIN,
  CLASS_REL,
  CLASS_OPEN,
  CLASS_CLOSE,
  CLASS_PUNCT,
  CLASS_OP,
  CLASS_FUNC,
  CLASS_TEXT,
  CLASS_SPACE,
} AtomClass;

typedef enum
{
  GRID_MATRIX,
  GRID_CASES,
  GRID_ALIGNED,
  GRID_STACK,
} GridKind;

typedef enum
{
  FONT_NONE,
  FONT_UPRIGHT,
  FONT_BOLD,
  FONT_DOUBLE_STRUCK,
  FONT_SCRIPT,
  FONT_FRAKTUR,
} Font;

typedef struct _Node Node;

/* children: a row's items; a script's base, subscript and superscript;
 * a fraction's numerator and denominator; a root's body and index; a
 * fence's or an accent's body; a grid's rows, rows of cells.  Absent
 * ones are NULL.
 */
struct _Node
{
  NodeKind   kind;
  AtomClass  klass;
  char      *text;
  char      *open;
  char      *close;
  GPtrArray *children;
  GridKind   grid;
  gboolean   limits;
  gboolean   linear;
};

typedef enum
{
  STOP_END,
  STOP_BRACE,
  STOP_AMPERSAND,
  STOP_NEW_ROW,
  STOP_RIGHT,
  STOP_END_ENVIRONMENT,
} Stop;

typedef struct
{
  const char *p;
  const char *end;
  guint       depth;
  guint       nodes;
  gboolean    failed;
} Parser;

typedef struct
{
  const char *name;
  const char *text;
  AtomClass   klass;
} Symbol;

typedef struct
{
  const char *name;
  const char *mark;
} Accent;

typedef struct
{
  const char *name;
  GridKind    grid;
  const char *open;
  const char *close;
} Environment;

typedef struct
{
  const char *numerator;
  const char *denominator;
  const char *fraction;
} VulgarFraction;

typedef struct
{
  char   text[CELL_BYTES];
  guint8 style;
} Cell;

typedef struct
{
  guint  width;
  guint  height;
  guint  baseline;
  Cell  *cells;
} Box;

typedef struct
{
  gboolean display;
  gboolean compact;
  gboolean failed;
} Layout;

/* confab-math-symbols.c */

extern const char *confab_math_functions_with_limits[];
extern const guint confab_math_n_functions_with_limits;
extern const char *confab_math_functions[];
extern const guint confab_math_n_functions;
extern const char *confab_math_ignored[];
extern const guint confab_math_n_ignored;
extern const char *confab_math_superscripts[];
extern const guint confab_math_n_superscripts;
extern const char *confab_math_subscripts[];
extern const guint confab_math_n_subscripts;
extern const Accent confab_math_accents[];
extern const guint confab_math_n_accents;
extern const Environment confab_math_environments[];
extern const guint confab_math_n_environments;
extern const VulgarFraction confab_math_vulgar_fractions[];
extern const guint confab_math_n_vulgar_fractions;

const Symbol *
confab_math_find_symbol (const char *name);

gboolean
confab_math_in_list (const char  *name,
                     const char **list,
                     guint        n);

char *
confab_math_map_script (const char  *text,
                        const char **table,
                        guint        n);

/* confab-math-parse.c */

Node *
confab_math_atom_new (Parser     *parser,
                      AtomClass   klass,
                      const char *text,
                      gssize      length);

Node *
confab_math_node_child (const Node *node,
                        guint       i);

void
confab_math_node_free (gpointer data);

Node *
confab_math_node_new (Parser   *parser,
                      NodeKind  kind);

Node *
confab_math_parse_argument (Parser *parser);

Node *
confab_math_parse_row (Parser *parser,
                       Stop   *stop);

char *
confab_math_read_braced (Parser *parser);

char *
confab_math_read_command (Parser *parser);

char *
confab_math_read_delimiter (Parser *parser);

void
confab_math_skip_spaces (Parser *parser);

char *
confab_math_unescape_text (const char *text);

/* confab-math-parse-command.c */

Node *
confab_math_parse_command (Parser *parser);

/* confab-math-box.c */

void
confab_math_box_blit (Box       *to,
                      const Box *from,
                      guint      x,
                      guint      y);

Box *
confab_math_box_fence (Layout     *layout,
                       Box        *body,
                       const char *open,
                       const char *close);

void
confab_math_box_free (Box *box);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Box, confab_math_box_free)

Box *
confab_math_box_join (Layout    *layout,
                      GPtrArray *boxes);

Box *
confab_math_box_join2 (Layout *layout,
                       Box    *left,
                       Box    *right);

char *
confab_math_box_line_text (const Box *box,
                           guint8    *styles);

Box *
confab_math_box_new (Layout *layout,
                     guint   width,
                     guint   height,
                     guint   baseline);

Box *
confab_math_box_stack (Layout *layout,
                       Box    *top,
                       Box    *middle,
                       Box    *bottom,
                       guint   baseline_part);

Box *
confab_math_box_text (Layout     *layout,
                      const char *text,
                      guint8      style);

/* confab-math-layout.c */

Box *
confab_math_layout_node (Layout     *layout,
                         const Node *node);

G_END_DECLS
