/* confab-math.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Formulas longer than this many bytes are shown as their source. */
#define CONFAB_MATH_MAX_SOURCE 4096

typedef enum
{
  CONFAB_MATH_STYLE_VARIABLE,
  CONFAB_MATH_STYLE_SUPERSCRIPT,
  CONFAB_MATH_STYLE_SUBSCRIPT,
} ConfabMathStyle;

/**
 * ConfabMathSpan:
 * @style: what the text of the span is: a variable, shown in italics,
 *   or a script that Unicode has no characters for, shown smaller and
 *   raised or lowered
 * @start: its first byte in the text of its #ConfabMath
 * @end: the byte after its last
 */
typedef struct
{
  ConfabMathStyle style;
  guint           start;
  guint           end;
}
ConfabMathSpan;

/**
 * ConfabMath:
 * @text: the formula typeset in Unicode, valid UTF-8; lines apart by
 *   "\n" when @grid
 * @spans: the #ConfabMathSpan of @text, in order
 * @grid: whether @text is laid out in lines and columns (stacked
 *   fractions, matrices, limits below and above), to be shown in a
 *   monospace font; every line then has the same width in columns
 */
typedef struct
{
  GString  *text;
  GArray   *spans;
  gboolean  grid;
} ConfabMath;

ConfabMath *confab_math_typeset (const char *source,
                                 gsize       length,
                                 gboolean    display);
void        confab_math_free    (ConfabMath *math);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConfabMath, confab_math_free)

G_END_DECLS
