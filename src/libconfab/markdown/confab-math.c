/* confab-math.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-math.h"

/* A subset of TeX's math typeset in Unicode: the source is parsed into
 * a small tree (rows of atoms, scripts, fractions, roots, fences,
 * grids), then laid out in a grid of character cells.  Inline math is
 * one line: fractions become a/b, scripts Unicode's superscript and
 * subscript characters where it has them all, else a span that the
 * view raises or lowers.  Display math may take several lines, for
 * stacked fractions, matrices and limits, and is then shown in a
 * monospace font.  Anything unknown makes the whole formula fail: it
 * is then shown as its source.
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

static const Symbol symbols[] = {
  /* Greek */
  { "alpha", "α", CLASS_VAR }, { "beta", "β", CLASS_VAR }, { "gamma", "γ", CLASS_VAR },
  { "delta", "δ", CLASS_VAR }, { "epsilon", "ϵ", CLASS_VAR }, { "varepsilon", "ε", CLASS_VAR },
  { "zeta", "ζ", CLASS_VAR }, { "eta", "η", CLASS_VAR }, { "theta", "θ", CLASS_VAR },
  { "vartheta", "ϑ", CLASS_VAR }, { "iota", "ι", CLASS_VAR }, { "kappa", "κ", CLASS_VAR },
  { "lambda", "λ", CLASS_VAR }, { "mu", "μ", CLASS_VAR }, { "nu", "ν", CLASS_VAR },
  { "xi", "ξ", CLASS_VAR }, { "omicron", "ο", CLASS_VAR }, { "pi", "π", CLASS_VAR },
  { "varpi", "ϖ", CLASS_VAR }, { "rho", "ρ", CLASS_VAR }, { "varrho", "ϱ", CLASS_VAR },
  { "sigma", "σ", CLASS_VAR }, { "varsigma", "ς", CLASS_VAR }, { "tau", "τ", CLASS_VAR },
  { "upsilon", "υ", CLASS_VAR }, { "phi", "ϕ", CLASS_VAR }, { "varphi", "φ", CLASS_VAR },
  { "chi", "χ", CLASS_VAR }, { "psi", "ψ", CLASS_VAR }, { "omega", "ω", CLASS_VAR },
  { "Gamma", "Γ", CLASS_ORD }, { "Delta", "Δ", CLASS_ORD }, { "Theta", "Θ", CLASS_ORD },
  { "Lambda", "Λ", CLASS_ORD }, { "Xi", "Ξ", CLASS_ORD }, { "Pi", "Π", CLASS_ORD },
  { "Sigma", "Σ", CLASS_ORD }, { "Upsilon", "Υ", CLASS_ORD }, { "Phi", "Φ", CLASS_ORD },
  { "Psi", "Ψ", CLASS_ORD }, { "Omega", "Ω", CLASS_ORD },
  /* Binary operators */
  { "cdot", "⋅", CLASS_BIN }, { "times", "×", CLASS_BIN }, { "div", "÷", CLASS_BIN },
  { "pm", "±", CLASS_BIN }, { "mp", "∓", CLASS_BIN }, { "ast", "∗", CLASS_BIN },
  { "star", "⋆", CLASS_BIN }, { "circ", "∘", CLASS_BIN }, { "bullet", "∙", CLASS_BIN },
  { "cap", "∩", CLASS_BIN }, { "cup", "∪", CLASS_BIN }, { "wedge", "∧", CLASS_BIN },
  { "vee", "∨", CLASS_BIN }, { "land", "∧", CLASS_BIN }, { "lor", "∨", CLASS_BIN },
  { "oplus", "⊕", CLASS_BIN }, { "otimes", "⊗", CLASS_BIN }, { "ominus", "⊖", CLASS_BIN },
  { "odot", "⊙", CLASS_BIN }, { "setminus", "∖", CLASS_BIN }, { "bmod", "mod", CLASS_BIN },
  { "dagger", "†", CLASS_ORD }, { "ddagger", "‡", CLASS_ORD },
  /* Relations */
  { "leq", "≤", CLASS_REL }, { "le", "≤", CLASS_REL }, { "geq", "≥", CLASS_REL },
  { "ge", "≥", CLASS_REL }, { "leqslant", "⩽", CLASS_REL }, { "geqslant", "⩾", CLASS_REL },
  { "neq", "≠", CLASS_REL }, { "ne", "≠", CLASS_REL }, { "approx", "≈", CLASS_REL },
  { "equiv", "≡", CLASS_REL }, { "sim", "∼", CLASS_REL }, { "simeq", "≃", CLASS_REL },
  { "cong", "≅", CLASS_REL }, { "propto", "∝", CLASS_REL }, { "ll", "≪", CLASS_REL },
  { "gg", "≫", CLASS_REL }, { "in", "∈", CLASS_REL }, { "notin", "∉", CLASS_REL },
  { "ni", "∋", CLASS_REL }, { "subset", "⊂", CLASS_REL }, { "subseteq", "⊆", CLASS_REL },
  { "supset", "⊃", CLASS_REL }, { "supseteq", "⊇", CLASS_REL }, { "subsetneq", "⊊", CLASS_REL },
  { "to", "→", CLASS_REL }, { "rightarrow", "→", CLASS_REL }, { "leftarrow", "←", CLASS_REL },
  { "gets", "←", CLASS_REL }, { "Rightarrow", "⇒", CLASS_REL }, { "Leftarrow", "⇐", CLASS_REL },
  { "implies", "⟹", CLASS_REL }, { "impliedby", "⟸", CLASS_REL }, { "iff", "⟺", CLASS_REL },
  { "leftrightarrow", "↔", CLASS_REL }, { "Leftrightarrow", "⇔", CLASS_REL },
  { "longrightarrow", "⟶", CLASS_REL }, { "longleftarrow", "⟵", CLASS_REL },
  { "Longrightarrow", "⟹", CLASS_REL }, { "Longleftrightarrow", "⟺", CLASS_REL },
  { "mapsto", "↦", CLASS_REL }, { "uparrow", "↑", CLASS_REL }, { "downarrow", "↓", CLASS_REL },
  { "perp", "⊥", CLASS_REL }, { "parallel", "∥", CLASS_REL }, { "mid", "∣", CLASS_REL },
  { "models", "⊨", CLASS_REL }, { "vdash", "⊢", CLASS_REL }, { "coloneqq", "≔", CLASS_REL },
  { "doteq", "≐", CLASS_REL }, { "prec", "≺", CLASS_REL }, { "succ", "≻", CLASS_REL },
  { "preceq", "⪯", CLASS_REL }, { "succeq", "⪰", CLASS_REL }, { "asymp", "≍", CLASS_REL },
  { "triangleq", "≜", CLASS_REL }, { "nmid", "∤", CLASS_REL },
  /* Others */
  { "infty", "∞", CLASS_ORD }, { "partial", "∂", CLASS_ORD }, { "nabla", "∇", CLASS_ORD },
  { "forall", "∀", CLASS_ORD }, { "exists", "∃", CLASS_ORD }, { "nexists", "∄", CLASS_ORD },
  { "emptyset", "∅", CLASS_ORD }, { "varnothing", "∅", CLASS_ORD }, { "hbar", "ℏ", CLASS_ORD },
  { "ell", "ℓ", CLASS_ORD }, { "Re", "ℜ", CLASS_ORD }, { "Im", "ℑ", CLASS_ORD },
  { "aleph", "ℵ", CLASS_ORD }, { "angle", "∠", CLASS_ORD }, { "triangle", "△", CLASS_ORD },
  { "degree", "°", CLASS_ORD }, { "prime", "′", CLASS_ORD }, { "cdots", "⋯", CLASS_ORD },
  { "ldots", "…", CLASS_ORD }, { "dots", "…", CLASS_ORD }, { "dotsc", "…", CLASS_ORD },
  { "dotsb", "⋯", CLASS_ORD }, { "vdots", "⋮", CLASS_ORD }, { "ddots", "⋱", CLASS_ORD },
  { "therefore", "∴", CLASS_REL }, { "because", "∵", CLASS_REL }, { "neg", "¬", CLASS_ORD },
  { "lnot", "¬", CLASS_ORD }, { "square", "□", CLASS_ORD }, { "checkmark", "✓", CLASS_ORD },
  { "top", "⊤", CLASS_ORD }, { "bot", "⊥", CLASS_ORD }, { "imath", "ı", CLASS_VAR },
  { "jmath", "ȷ", CLASS_VAR }, { "wp", "℘", CLASS_ORD }, { "mho", "℧", CLASS_ORD },
  { "backslash", "\\", CLASS_ORD }, { "colon", ":", CLASS_PUNCT }, { "surd", "√", CLASS_ORD },
  /* Delimiters */
  { "langle", "⟨", CLASS_OPEN }, { "rangle", "⟩", CLASS_CLOSE }, { "lfloor", "⌊", CLASS_OPEN },
  { "rfloor", "⌋", CLASS_CLOSE }, { "lceil", "⌈", CLASS_OPEN }, { "rceil", "⌉", CLASS_CLOSE },
  { "lvert", "|", CLASS_OPEN }, { "rvert", "|", CLASS_CLOSE }, { "lVert", "‖", CLASS_OPEN },
  { "rVert", "‖", CLASS_CLOSE }, { "vert", "|", CLASS_ORD }, { "Vert", "‖", CLASS_ORD },
  { "lbrace", "{", CLASS_OPEN }, { "rbrace", "}", CLASS_CLOSE }, { "lbrack", "[", CLASS_OPEN },
  { "rbrack", "]", CLASS_CLOSE },
  /* Spaces */
  { "quad", "\xe2\x80\x83", CLASS_SPACE }, { "qquad", "\xe2\x80\x83\xe2\x80\x83", CLASS_SPACE },
  { "enspace", "\xe2\x80\x82", CLASS_SPACE }, { "thinspace", "\xe2\x80\x89", CLASS_SPACE },
  /* Big operators */
  { "sum", "∑", CLASS_OP }, { "prod", "∏", CLASS_OP }, { "coprod", "∐", CLASS_OP },
  { "int", "∫", CLASS_OP }, { "iint", "∬", CLASS_OP }, { "iiint", "∭", CLASS_OP },
  { "oint", "∮", CLASS_OP }, { "bigcup", "⋃", CLASS_OP }, { "bigcap", "⋂", CLASS_OP },
  { "bigoplus", "⨁", CLASS_OP }, { "bigotimes", "⨂", CLASS_OP }, { "bigvee", "⋁", CLASS_OP },
  { "bigwedge", "⋀", CLASS_OP }, { "bigsqcup", "⨆", CLASS_OP },
};

/* Function names, set upright; the first ones take limits below. */
static const char *functions_with_limits[] = {
  "lim", "liminf", "limsup", "max", "min", "sup", "inf", "det", "Pr", "gcd", "argmax", "argmin",
};

static const char *functions[] = {
  "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
  "coth", "log", "ln", "lg", "exp", "deg", "dim", "ker", "arg", "hom", "lcm", "sgn", "tr", "rank",
};

/* Commands that change nothing of the text. */
static const char *ignored[] = {
  "displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle", "limits", "nolimits",
  "nonumber", "notag", "hline", "hdashline", "middle", "big", "Big", "bigg", "Bigg", "bigl",
  "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr", "bigm", "Bigm", "left", "strut",
  "allowbreak", "mathstrut", "nobreak",
};

static const struct
{
  const char *name;
  const char *mark;
} accents[] = {
  { "hat", "\xcc\x82" }, { "widehat", "\xcc\x82" }, { "bar", "\xcc\x84" },
  { "overline", "\xcc\x85" }, { "vec", "\xe2\x83\x97" }, { "overrightarrow", "\xe2\x83\x97" },
  { "dot", "\xcc\x87" }, { "ddot", "\xcc\x88" }, { "tilde", "\xcc\x83" },
  { "widetilde", "\xcc\x83" }, { "underline", "\xcc\xb2" }, { "acute", "\xcc\x81" },
  { "grave", "\xcc\x80" }, { "breve", "\xcc\x86" }, { "check", "\xcc\x8c" },
};

static const struct
{
  const char *name;
  GridKind    grid;
  const char *open;
  const char *close;
} environments[] = {
  { "matrix", GRID_MATRIX, "", "" }, { "smallmatrix", GRID_MATRIX, "", "" },
  { "array", GRID_MATRIX, "", "" }, { "pmatrix", GRID_MATRIX, "(", ")" },
  { "bmatrix", GRID_MATRIX, "[", "]" }, { "Bmatrix", GRID_MATRIX, "{", "}" },
  { "vmatrix", GRID_MATRIX, "|", "|" }, { "Vmatrix", GRID_MATRIX, "‖", "‖" },
  { "cases", GRID_CASES, "{", "" }, { "dcases", GRID_CASES, "{", "" },
  { "rcases", GRID_CASES, "", "}" }, { "aligned", GRID_ALIGNED, "", "" },
  { "align", GRID_ALIGNED, "", "" }, { "align*", GRID_ALIGNED, "", "" },
  { "alignat", GRID_ALIGNED, "", "" }, { "alignat*", GRID_ALIGNED, "", "" },
  { "split", GRID_ALIGNED, "", "" }, { "gather", GRID_ALIGNED, "", "" },
  { "gather*", GRID_ALIGNED, "", "" }, { "gathered", GRID_ALIGNED, "", "" },
  { "eqnarray", GRID_ALIGNED, "", "" }, { "eqnarray*", GRID_ALIGNED, "", "" },
  { "multline", GRID_ALIGNED, "", "" }, { "multline*", GRID_ALIGNED, "", "" },
};

/* Unicode's superscripts and subscripts, a pair of strings each. */
static const char *superscripts[] = {
  "0", "⁰", "1", "¹", "2", "²", "3", "³", "4", "⁴", "5", "⁵", "6", "⁶", "7", "⁷", "8", "⁸",
  "9", "⁹", "+", "⁺", "−", "⁻", "-", "⁻", "=", "⁼", "(", "⁽", ")", "⁾", "a", "ᵃ", "b", "ᵇ",
  "c", "ᶜ", "d", "ᵈ", "e", "ᵉ", "f", "ᶠ", "g", "ᵍ", "h", "ʰ", "i", "ⁱ", "j", "ʲ", "k", "ᵏ",
  "l", "ˡ", "m", "ᵐ", "n", "ⁿ", "o", "ᵒ", "p", "ᵖ", "r", "ʳ", "s", "ˢ", "t", "ᵗ", "u", "ᵘ",
  "v", "ᵛ", "w", "ʷ", "x", "ˣ", "y", "ʸ", "z", "ᶻ", "A", "ᴬ", "B", "ᴮ", "D", "ᴰ", "E", "ᴱ",
  "G", "ᴳ", "H", "ᴴ", "I", "ᴵ", "J", "ᴶ", "K", "ᴷ", "L", "ᴸ", "M", "ᴹ", "N", "ᴺ", "O", "ᴼ",
  "P", "ᴾ", "R", "ᴿ", "T", "ᵀ", "U", "ᵁ", "V", "ⱽ", "W", "ᵂ", "α", "ᵅ", "β", "ᵝ", "γ", "ᵞ",
  "δ", "ᵟ", "ε", "ᵋ", "ϵ", "ᵋ", "θ", "ᶿ", "ι", "ᶥ", "ϕ", "ᵠ", "φ", "ᵠ", "χ", "ᵡ", "′", "′",
  "″", "″", "∘", "°", "°", "°", "⊤", "ᵀ", "∗", "*",
};

static const char *subscripts[] = {
  "0", "₀", "1", "₁", "2", "₂", "3", "₃", "4", "₄", "5", "₅", "6", "₆", "7", "₇", "8", "₈",
  "9", "₉", "+", "₊", "−", "₋", "-", "₋", "=", "₌", "(", "₍", ")", "₎", "a", "ₐ", "e", "ₑ",
  "h", "ₕ", "i", "ᵢ", "j", "ⱼ", "k", "ₖ", "l", "ₗ", "m", "ₘ", "n", "ₙ", "o", "ₒ", "p", "ₚ",
  "r", "ᵣ", "s", "ₛ", "t", "ₜ", "u", "ᵤ", "v", "ᵥ", "x", "ₓ", "β", "ᵦ", "γ", "ᵧ", "ρ", "ᵨ",
  "ϕ", "ᵩ", "φ", "ᵩ", "χ", "ᵪ",
};

static const struct
{
  const char *numerator;
  const char *denominator;
  const char *fraction;
} vulgar_fractions[] = {
  { "1", "2", "½" }, { "1", "3", "⅓" }, { "2", "3", "⅔" }, { "1", "4", "¼" }, { "3", "4", "¾" },
  { "1", "5", "⅕" }, { "2", "5", "⅖" }, { "3", "5", "⅗" }, { "4", "5", "⅘" }, { "1", "6", "⅙" },
  { "5", "6", "⅚" }, { "1", "8", "⅛" }, { "3", "8", "⅜" }, { "5", "8", "⅝" }, { "7", "8", "⅞" },
};

/* Tree */

static void
node_free (gpointer data)
{
  Node *node = data;

  if (node == NULL)
    return;

  g_free (node->text);
  g_free (node->open);
  g_free (node->close);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node);
}

static Node *
node_new (Parser   *parser,
          NodeKind  kind)
{
  Node *node = g_new0 (Node, 1);

  /* Atoms, the most, have no children. */
  node->kind = kind;
  if (kind != NODE_ATOM)
    node->children = g_ptr_array_new_with_free_func (node_free);

  if (++parser->nodes > MAX_NODES)
    parser->failed = TRUE;

  return node;
}

static Node *
atom_new (Parser     *parser,
          AtomClass   klass,
          const char *text,
          gssize      length)
{
  Node *node = node_new (parser, NODE_ATOM);

  node->klass = klass;
  node->text = length < 0 ? g_strdup (text) : g_strndup (text, length);

  return node;
}

static Node *
node_child (const Node *node,
            guint       i)
{
  return node->children != NULL && i < node->children->len ? g_ptr_array_index (node->children, i) : NULL;
}

/* Parsing */

static Node *parse_row      (Parser *parser,
                             Stop   *stop);
static Node *parse_argument (Parser *parser);

static void
skip_spaces (Parser *parser)
{
  while (parser->p < parser->end && g_ascii_isspace (*parser->p))
    parser->p++;
}

static gboolean
looking_at_command (Parser     *parser,
                    const char *name)
{
  gsize length = strlen (name);

  return (gsize) (parser->end - parser->p) > length &&
         parser->p[0] == '\\' &&
         memcmp (parser->p + 1, name, length) == 0 &&
         (parser->p + 1 + length == parser->end || !g_ascii_isalpha (parser->p[1 + length]));
}

/* The name of the command at the backslash of @parser, which it moves
 * past: letters, or one other character.
 */
static char *
read_command (Parser *parser)
{
  const char *start = ++parser->p;

  if (parser->p >= parser->end)
    {
      parser->failed = TRUE;
      return g_strdup ("");
    }

  if (!g_ascii_isalpha (*parser->p))
    {
      parser->p++;
      return g_strndup (start, 1);
    }

  while (parser->p < parser->end && g_ascii_isalpha (*parser->p))
    parser->p++;

  /* \operatorname* and the starred environments' names. */
  if (parser->p < parser->end && *parser->p == '*')
    parser->p++;

  return g_strndup (start, parser->p - start);
}

/* The text between braces at @parser, unparsed; NULL when there are
 * none.
 */
static char *
read_braced (Parser *parser)
{
  const char *start;
  guint depth = 1;

  skip_spaces (parser);
  if (parser->p >= parser->end || *parser->p != '{')
    {
      parser->failed = TRUE;
      return NULL;
    }

  start = ++parser->p;
  while (parser->p < parser->end)
    {
      if (*parser->p == '\\' && parser->p + 1 < parser->end)
        parser->p++;
      else if (*parser->p == '{')
        depth++;
      else if (*parser->p == '}' && --depth == 0)
        {
          char *text = g_strndup (start, parser->p - start);

          parser->p++;
          return text;
        }
      parser->p++;
    }

  parser->failed = TRUE;
  return NULL;
}

/* The text of \text{…}: its escapes undone. */
static char *
unescape_text (const char *text)
{
  GString *string = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0' && strchr ("{}_%$&#\\ ,;", p[1]) != NULL)
        {
          p++;
          if (*p == ',' || *p == ';')
            g_string_append (string, "\xe2\x80\x89");
          else if (*p == '\\')
            g_string_append_c (string, ' ');
          else
            g_string_append_c (string, *p);
        }
      else if (*p == '~')
        g_string_append (string, "\xc2\xa0");
      else if (*p == '{' || *p == '}')
        continue;
      else if ((guchar) *p < 0x20)
        g_string_append_c (string, ' ');
      else
        g_string_append_c (string, *p);
    }

  return g_string_free (string, FALSE);
}

static const Symbol *
find_symbol (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
    if (strcmp (symbols[i].name, name) == 0)
      return &symbols[i];

  return NULL;
}

static gboolean
in_list (const char  *name,
         const char **list,
         guint        n)
{
  for (guint i = 0; i < n; i++)
    if (strcmp (list[i], name) == 0)
      return TRUE;

  return FALSE;
}

/* A delimiter after \left, \right or \big: its text, "" for ".". */
static char *
read_delimiter (Parser *parser)
{
  skip_spaces (parser);

  if (parser->p >= parser->end)
    {
      parser->failed = TRUE;
      return g_strdup ("");
    }

  if (*parser->p == '\\')
    {
      g_autofree char *name = read_command (parser);
      const Symbol *symbol;

      if (strcmp (name, "{") == 0 || strcmp (name, "}") == 0)
        return g_strdup (name);
      if (strcmp (name, "|") == 0)
        return g_strdup ("‖");
      if ((symbol = find_symbol (name)) != NULL)
        return g_strdup (symbol->text);

      parser->failed = TRUE;
      return g_strdup ("");
    }

  if (strchr ("()[]|/<>", *parser->p) != NULL)
    {
      char c = *parser->p++;

      if (c == '<')
        return g_strdup ("⟨");
      if (c == '>')
        return g_strdup ("⟩");
      return g_strndup (&c, 1);
    }

  if (*parser->p == '.')
    {
      parser->p++;
      return g_strdup ("");
    }

  parser->failed = TRUE;
  return g_strdup ("");
}

static Node *
parse_group (Parser *parser)
{
  Stop stop;
  Node *row;

  /* At the opening brace. */
  parser->p++;
  row = parse_row (parser, &stop);
  if (stop != STOP_BRACE)
    parser->failed = TRUE;
  else
    parser->p++;

  return row;
}

/* Gives the atoms of @node the letters of @font. */
static void
apply_font (Node *node,
            Font  font)
{
  if (node == NULL)
    return;

  if (node->kind == NODE_ATOM && node->text != NULL &&
      (node->klass == CLASS_VAR || node->klass == CLASS_NUM || node->klass == CLASS_ORD))
    {
      GString *text = g_string_new (NULL);

      for (const char *p = node->text; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          gunichar mapped = c;

          if (font == FONT_BOLD)
            {
              if (c >= 'A' && c <= 'Z')
                mapped = 0x1d400 + (c - 'A');
              else if (c >= 'a' && c <= 'z')
                mapped = 0x1d41a + (c - 'a');
              else if (c >= '0' && c <= '9')
                mapped = 0x1d7ce + (c - '0');
            }
          else if (font == FONT_DOUBLE_STRUCK)
            {
              static const gunichar exceptions[] = { 'C', 0x2102, 'H', 0x210d, 'N', 0x2115, 'P', 0x2119,
                                                     'Q', 0x211a, 'R', 0x211d, 'Z', 0x2124 };

              if (c >= 'A' && c <= 'Z')
                mapped = 0x1d538 + (c - 'A');
              else if (c >= 'a' && c <= 'z')
                mapped = 0x1d552 + (c - 'a');
              else if (c >= '0' && c <= '9')
                mapped = 0x1d7d8 + (c - '0');
              for (guint i = 0; i < G_N_ELEMENTS (exceptions); i += 2)
                if (c == exceptions[i])
                  mapped = exceptions[i + 1];
            }
          else if (font == FONT_SCRIPT)
            {
              static const gunichar exceptions[] = { 'B', 0x212c, 'E', 0x2130, 'F', 0x2131, 'H', 0x210b,
                                                     'I', 0x2110, 'L', 0x2112, 'M', 0x2133, 'R', 0x211b,
                                                     'e', 0x212f, 'g', 0x210a, 'o', 0x2134 };

              if (c >= 'A' && c <= 'Z')
                mapped = 0x1d49c + (c - 'A');
              else if (c >= 'a' && c <= 'z')
                mapped = 0x1d4b6 + (c - 'a');
              for (guint i = 0; i < G_N_ELEMENTS (exceptions); i += 2)
                if (c == exceptions[i])
                  mapped = exceptions[i + 1];
            }
          else if (font == FONT_FRAKTUR)
            {
              static const gunichar exceptions[] = { 'C', 0x212d, 'H', 0x210c, 'I', 0x2111, 'R', 0x211c,
                                                     'Z', 0x2128 };

              if (c >= 'A' && c <= 'Z')
                mapped = 0x1d504 + (c - 'A');
              else if (c >= 'a' && c <= 'z')
                mapped = 0x1d51e + (c - 'a');
              for (guint i = 0; i < G_N_ELEMENTS (exceptions); i += 2)
                if (c == exceptions[i])
                  mapped = exceptions[i + 1];
            }

          g_string_append_unichar (text, mapped);
        }

      g_free (node->text);
      node->text = g_string_free (text, FALSE);
      if (node->klass == CLASS_VAR)
        node->klass = CLASS_ORD;
      return;
    }

  for (guint i = 0; node->children != NULL && i < node->children->len; i++)
    apply_font (g_ptr_array_index (node->children, i), font);
}

static Node *
parse_environment (Parser *parser)
{
  g_autofree char *name = read_braced (parser);
  g_autofree char *end_name = NULL;
  Node *grid;
  Node *row;
  guint i;

  if (name == NULL)
    return NULL;

  if (strcmp (name, "equation") == 0 || strcmp (name, "equation*") == 0 ||
      strcmp (name, "displaymath") == 0)
    {
      Stop stop;
      Node *body = parse_row (parser, &stop);

      if (stop != STOP_END_ENVIRONMENT)
        parser->failed = TRUE;
      else
        {
          g_free (read_command (parser));
          g_free (read_braced (parser));
        }
      return body;
    }

  for (i = 0; i < G_N_ELEMENTS (environments); i++)
    if (strcmp (environments[i].name, name) == 0)
      break;

  if (i == G_N_ELEMENTS (environments))
    {
      parser->failed = TRUE;
      return NULL;
    }

  /* The column specification of an array, or an alignat's count. */
  skip_spaces (parser);
  if ((strcmp (name, "array") == 0 || g_str_has_prefix (name, "alignat")) &&
      parser->p < parser->end && *parser->p == '{')
    g_free (read_braced (parser));

  grid = node_new (parser, NODE_GRID);
  grid->grid = environments[i].grid;
  grid->open = g_strdup (environments[i].open);
  grid->close = g_strdup (environments[i].close);
  row = node_new (parser, NODE_ROW);
  g_ptr_array_add (grid->children, row);

  while (!parser->failed)
    {
      Stop stop;
      Node *cell = parse_row (parser, &stop);

      g_ptr_array_add (row->children, cell);

      if (stop == STOP_AMPERSAND)
        {
          parser->p++;
        }
      else if (stop == STOP_NEW_ROW)
        {
          g_free (read_command (parser));
          skip_spaces (parser);
          /* Space asked for between the rows: \\[2pt]. */
          if (parser->p < parser->end && *parser->p == '[')
            {
              while (parser->p < parser->end && *parser->p != ']')
                parser->p++;
              if (parser->p < parser->end)
                parser->p++;
            }
          row = node_new (parser, NODE_ROW);
          g_ptr_array_add (grid->children, row);
        }
      else if (stop == STOP_END_ENVIRONMENT)
        {
          g_free (read_command (parser));
          end_name = read_braced (parser);
          if (g_strcmp0 (end_name, name) != 0)
            parser->failed = TRUE;
          break;
        }
      else
        {
          parser->failed = TRUE;
        }
    }

  /* A last \\ leaves an empty row. */
  if (grid->children->len > 1)
    {
      Node *last = g_ptr_array_index (grid->children, grid->children->len - 1);

      if (last->children->len == 1 && ((Node *) g_ptr_array_index (last->children, 0))->children->len == 0)
        g_ptr_array_set_size (grid->children, grid->children->len - 1);
    }

  return grid;
}

static Node *
parse_command (Parser *parser)
{
  g_autofree char *name = read_command (parser);
  const Symbol *symbol;

  if (parser->failed)
    return NULL;

  /* One character that is not a letter. */
  if (!g_ascii_isalpha (name[0]))
    {
      switch (name[0])
        {
        case ',':
          return atom_new (parser, CLASS_SPACE, "\xe2\x80\x89", -1);
        case ':':
        case ';':
        case '>':
          return atom_new (parser, CLASS_SPACE, "\xe2\x80\x85", -1);
        case ' ':
          return atom_new (parser, CLASS_SPACE, " ", -1);
        case '!':
          return atom_new (parser, CLASS_SPACE, "", -1);
        case '{':
          return atom_new (parser, CLASS_OPEN, "{", -1);
        case '}':
          return atom_new (parser, CLASS_CLOSE, "}", -1);
        case '|':
          return atom_new (parser, CLASS_ORD, "‖", -1);
        case '$':
        case '%':
        case '&':
        case '#':
        case '_':
          return atom_new (parser, CLASS_ORD, name, -1);
        default:
          parser->failed = TRUE;
          return NULL;
        }
    }

  if ((symbol = find_symbol (name)) != NULL)
    {
      Node *atom = atom_new (parser, symbol->klass, symbol->text, -1);

      atom->limits = symbol->klass == CLASS_OP && !g_str_has_suffix (name, "int");
      return atom;
    }

  if (in_list (name, functions_with_limits, G_N_ELEMENTS (functions_with_limits)))
    {
      Node *atom = atom_new (parser, CLASS_FUNC, name, -1);

      atom->limits = TRUE;
      return atom;
    }

  if (in_list (name, functions, G_N_ELEMENTS (functions)))
    return atom_new (parser, CLASS_FUNC, name, -1);

  if (strcmp (name, "frac") == 0 || strcmp (name, "dfrac") == 0 || strcmp (name, "tfrac") == 0 ||
      strcmp (name, "cfrac") == 0)
    {
      Node *frac = node_new (parser, NODE_FRAC);

      g_ptr_array_add (frac->children, parse_argument (parser));
      g_ptr_array_add (frac->children, parse_argument (parser));
      frac->linear = name[0] == 't';
      return frac;
    }

  if (strcmp (name, "binom") == 0 || strcmp (name, "dbinom") == 0 || strcmp (name, "tbinom") == 0 ||
      strcmp (name, "choose") == 0)
    {
      Node *binom = node_new (parser, NODE_BINOM);

      if (strcmp (name, "choose") == 0)
        parser->failed = TRUE;
      g_ptr_array_add (binom->children, parse_argument (parser));
      g_ptr_array_add (binom->children, parse_argument (parser));
      return binom;
    }

  if (strcmp (name, "sqrt") == 0)
    {
      Node *sqrt = node_new (parser, NODE_SQRT);
      Node *index = NULL;

      skip_spaces (parser);
      if (parser->p < parser->end && *parser->p == '[')
        {
          const char *start = ++parser->p;
          Parser inner;
          Stop stop;

          while (parser->p < parser->end && *parser->p != ']')
            parser->p++;
          if (parser->p >= parser->end)
            {
              parser->failed = TRUE;
              return sqrt;
            }
          inner = (Parser) { start, parser->p, parser->depth + 1, parser->nodes, FALSE };
          index = parse_row (&inner, &stop);
          parser->nodes = inner.nodes;
          if (inner.failed || stop != STOP_END)
            parser->failed = TRUE;
          parser->p++;
        }

      g_ptr_array_add (sqrt->children, parse_argument (parser));
      g_ptr_array_add (sqrt->children, index);
      return sqrt;
    }

  if (strcmp (name, "text") == 0 || strcmp (name, "textrm") == 0 || strcmp (name, "textnormal") == 0 ||
      strcmp (name, "mbox") == 0 || strcmp (name, "textbf") == 0 || strcmp (name, "textit") == 0 ||
      strcmp (name, "textsf") == 0 || strcmp (name, "texttt") == 0 || strcmp (name, "emph") == 0 ||
      strcmp (name, "textup") == 0 || strcmp (name, "hbox") == 0)
    {
      g_autofree char *text = read_braced (parser);
      g_autofree char *unescaped = text != NULL ? unescape_text (text) : NULL;

      return atom_new (parser, CLASS_TEXT, unescaped != NULL ? unescaped : "", -1);
    }

  if (strcmp (name, "operatorname") == 0 || strcmp (name, "operatorname*") == 0)
    {
      g_autofree char *text = read_braced (parser);
      g_autofree char *unescaped = text != NULL ? unescape_text (text) : NULL;
      Node *atom = atom_new (parser, CLASS_FUNC, unescaped != NULL ? unescaped : "", -1);

      atom->limits = name[strlen (name) - 1] == '*';
      return atom;
    }

  if (strcmp (name, "mathrm") == 0 || strcmp (name, "mathsf") == 0 || strcmp (name, "mathtt") == 0 ||
      strcmp (name, "mathit") == 0 || strcmp (name, "mathbf") == 0 || strcmp (name, "boldsymbol") == 0 ||
      strcmp (name, "bm") == 0 || strcmp (name, "mathbb") == 0 || strcmp (name, "mathcal") == 0 ||
      strcmp (name, "mathscr") == 0 || strcmp (name, "mathfrak") == 0 || strcmp (name, "mathnormal") == 0)
    {
      Node *body = parse_argument (parser);
      Font font = FONT_NONE;

      if (strcmp (name, "mathrm") == 0 || strcmp (name, "mathsf") == 0 || strcmp (name, "mathtt") == 0)
        font = FONT_UPRIGHT;
      else if (strcmp (name, "mathbf") == 0 || strcmp (name, "boldsymbol") == 0 || strcmp (name, "bm") == 0)
        font = FONT_BOLD;
      else if (strcmp (name, "mathbb") == 0)
        font = FONT_DOUBLE_STRUCK;
      else if (strcmp (name, "mathcal") == 0 || strcmp (name, "mathscr") == 0)
        font = FONT_SCRIPT;
      else if (strcmp (name, "mathfrak") == 0)
        font = FONT_FRAKTUR;

      if (font != FONT_NONE)
        apply_font (body, font);
      return body;
    }

  for (guint i = 0; i < G_N_ELEMENTS (accents); i++)
    if (strcmp (accents[i].name, name) == 0)
      {
        Node *accent = node_new (parser, NODE_ACCENT);

        accent->text = g_strdup (accents[i].mark);
        accent->limits = strcmp (name, "overline") == 0 || strcmp (name, "underline") == 0;
        g_ptr_array_add (accent->children, parse_argument (parser));
        return accent;
      }

  if (strcmp (name, "left") == 0)
    {
      Node *fenced = node_new (parser, NODE_FENCED);
      Stop stop;

      fenced->open = read_delimiter (parser);
      g_ptr_array_add (fenced->children, parse_row (parser, &stop));
      if (stop != STOP_RIGHT)
        {
          parser->failed = TRUE;
          return fenced;
        }
      g_free (read_command (parser));
      fenced->close = read_delimiter (parser);
      return fenced;
    }

  if (g_str_has_prefix (name, "big") || g_str_has_prefix (name, "Big") || strcmp (name, "middle") == 0)
    {
      if (in_list (name, ignored, G_N_ELEMENTS (ignored)))
        {
          g_autofree char *delimiter = read_delimiter (parser);
          gsize length = strlen (name);
          AtomClass klass = name[length - 1] == 'l' ? CLASS_OPEN : name[length - 1] == 'r' ? CLASS_CLOSE : CLASS_ORD;

          if (klass == CLASS_ORD && (strcmp (delimiter, "(") == 0 || strcmp (delimiter, "[") == 0))
            klass = CLASS_OPEN;
          else if (klass == CLASS_ORD && (strcmp (delimiter, ")") == 0 || strcmp (delimiter, "]") == 0))
            klass = CLASS_CLOSE;
          return atom_new (parser, klass, delimiter, -1);
        }
    }

  if (strcmp (name, "not") == 0)
    {
      static const char *negations[] = { "=", "≠", "∈", "∉", "<", "≮", ">", "≯", "≡", "≢",
                                         "⊂", "⊄", "⊆", "⊈", "∃", "∄", "∼", "≁", "≤", "≰", "≥", "≱" };
      Node *next = parse_argument (parser);

      if (next != NULL && next->kind == NODE_ATOM)
        {
          for (guint i = 0; i < G_N_ELEMENTS (negations); i += 2)
            if (strcmp (next->text, negations[i]) == 0)
              {
                g_free (next->text);
                next->text = g_strdup (negations[i + 1]);
                return next;
              }

          {
            char *negated = g_strconcat (next->text, "\xcc\xb8", NULL);

            g_free (next->text);
            next->text = negated;
          }
        }
      return next;
    }

  if (strcmp (name, "overset") == 0 || strcmp (name, "stackrel") == 0 || strcmp (name, "underset") == 0)
    {
      Node *script = node_new (parser, NODE_SCRIPT);
      Node *over = parse_argument (parser);
      Node *base = parse_argument (parser);
      gboolean under = name[0] == 'u';

      g_ptr_array_add (script->children, base);
      g_ptr_array_add (script->children, under ? over : NULL);
      g_ptr_array_add (script->children, under ? NULL : over);
      script->limits = TRUE;
      return script;
    }

  if (strcmp (name, "overbrace") == 0 || strcmp (name, "underbrace") == 0 ||
      strcmp (name, "boxed") == 0 || strcmp (name, "phantom") == 0 || strcmp (name, "hphantom") == 0 ||
      strcmp (name, "vphantom") == 0 || strcmp (name, "mathop") == 0 || strcmp (name, "mathbin") == 0 ||
      strcmp (name, "mathrel") == 0 || strcmp (name, "mathord") == 0 || strcmp (name, "displaylimits") == 0)
    {
      Node *body = parse_argument (parser);

      if (g_str_has_suffix (name, "phantom"))
        {
          node_free (body);
          return atom_new (parser, CLASS_SPACE, "", -1);
        }
      if (body != NULL && (g_str_has_suffix (name, "brace") || strcmp (name, "mathop") == 0))
        {
          body->klass = CLASS_OP;
          body->limits = TRUE;
        }
      return body;
    }

  if (strcmp (name, "substack") == 0)
    {
      Node *stack;
      Parser inner;
      g_autofree char *text = read_braced (parser);
      g_autofree char *wrapped = NULL;

      if (text == NULL)
        return NULL;
      /* As one column of a grid. */
      wrapped = g_strdup_printf ("{matrix}%s\\end{matrix}", text);
      inner = (Parser) { wrapped, wrapped + strlen (wrapped), parser->depth + 1, parser->nodes, FALSE };
      stack = parse_environment (&inner);
      parser->nodes = inner.nodes;
      if (inner.failed || stack == NULL)
        parser->failed = TRUE;
      else
        stack->grid = GRID_STACK;
      return stack;
    }

  if (strcmp (name, "pmod") == 0 || strcmp (name, "mod") == 0)
    {
      Node *row = node_new (parser, NODE_ROW);
      Node *argument = parse_argument (parser);

      if (name[0] == 'p')
        {
          g_ptr_array_add (row->children, atom_new (parser, CLASS_SPACE, " ", -1));
          g_ptr_array_add (row->children, atom_new (parser, CLASS_OPEN, "(", -1));
        }
      else
        {
          g_ptr_array_add (row->children, atom_new (parser, CLASS_SPACE, " ", -1));
        }
      g_ptr_array_add (row->children, atom_new (parser, CLASS_TEXT, "mod ", -1));
      g_ptr_array_add (row->children, argument);
      if (name[0] == 'p')
        g_ptr_array_add (row->children, atom_new (parser, CLASS_CLOSE, ")", -1));
      return row;
    }

  if (strcmp (name, "color") == 0)
    {
      g_free (read_braced (parser));
      return atom_new (parser, CLASS_SPACE, "", -1);
    }

  if (strcmp (name, "textcolor") == 0 || strcmp (name, "colorbox") == 0)
    {
      g_free (read_braced (parser));
      return parse_argument (parser);
    }

  if (strcmp (name, "label") == 0)
    {
      g_free (read_braced (parser));
      return atom_new (parser, CLASS_SPACE, "", -1);
    }

  if (strcmp (name, "tag") == 0 || strcmp (name, "tag*") == 0)
    {
      g_autofree char *text = read_braced (parser);
      g_autofree char *tag = text != NULL ? g_strdup_printf ("\xe2\x80\x83(%s)", text) : NULL;

      return atom_new (parser, CLASS_TEXT, tag != NULL ? tag : "", -1);
    }

  if (strcmp (name, "begin") == 0)
    return parse_environment (parser);

  if (in_list (name, ignored, G_N_ELEMENTS (ignored)))
    return atom_new (parser, CLASS_SPACE, "", -1);

  parser->failed = TRUE;
  return NULL;
}

/* One character or command, or a group in braces. */
static Node *
parse_atom (Parser *parser)
{
  const char *p;
  gunichar c;

  skip_spaces (parser);
  if (parser->p >= parser->end)
    {
      parser->failed = TRUE;
      return NULL;
    }

  p = parser->p;

  if (*p == '{')
    return parse_group (parser);

  if (*p == '\\')
    return parse_command (parser);

  if (g_ascii_isalpha (*p))
    {
      parser->p++;
      return atom_new (parser, CLASS_VAR, p, 1);
    }

  if (g_ascii_isdigit (*p))
    {
      while (parser->p < parser->end &&
             (g_ascii_isdigit (*parser->p) ||
              (*parser->p == '.' && parser->p + 1 < parser->end && g_ascii_isdigit (parser->p[1]))))
        parser->p++;
      return atom_new (parser, CLASS_NUM, p, parser->p - p);
    }

  if (strchr ("#%$^_&}", *p) != NULL)
    {
      parser->failed = TRUE;
      return NULL;
    }

  if ((guchar) *p < 0x80)
    {
      parser->p++;
      switch (*p)
        {
        case '+':
          return atom_new (parser, CLASS_BIN, "+", -1);
        case '-':
          return atom_new (parser, CLASS_BIN, "−", -1);
        case '*':
          return atom_new (parser, CLASS_BIN, "∗", -1);
        case '=':
        case '<':
        case '>':
        case ':':
          return atom_new (parser, CLASS_REL, p, 1);
        case '(':
        case '[':
          return atom_new (parser, CLASS_OPEN, p, 1);
        case ')':
        case ']':
          return atom_new (parser, CLASS_CLOSE, p, 1);
        case ',':
        case ';':
          return atom_new (parser, CLASS_PUNCT, p, 1);
        case '~':
          return atom_new (parser, CLASS_SPACE, "\xc2\xa0", -1);
        case '\'':
          return atom_new (parser, CLASS_ORD, "′", -1);
        default:
          if (g_ascii_isprint (*p))
            return atom_new (parser, CLASS_ORD, p, 1);
          parser->failed = TRUE;
          return NULL;
        }
    }

  /* A character of its own: α written as it is, or Hangul. */
  c = g_utf8_get_char_validated (p, parser->end - p);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      parser->failed = TRUE;
      return NULL;
    }
  parser->p = g_utf8_next_char (p);

  return atom_new (parser, g_unichar_isalpha (c) && !g_unichar_iswide (c) ? CLASS_VAR : CLASS_ORD,
                   p, parser->p - p);
}

static Node *
parse_argument (Parser *parser)
{
  Node *node;

  skip_spaces (parser);
  if (parser->p >= parser->end || *parser->p == '}' || *parser->p == '&')
    {
      parser->failed = TRUE;
      return NULL;
    }

  /* A script of one digit: x^23 is x² 3. */
  if (g_ascii_isdigit (*parser->p))
    {
      node = atom_new (parser, CLASS_NUM, parser->p, 1);
      parser->p++;
      return node;
    }

  if (++parser->depth > MAX_DEPTH)
    {
      parser->failed = TRUE;
      return NULL;
    }
  node = parse_atom (parser);
  parser->depth--;

  return node;
}

static Node *
parse_row (Parser *parser,
           Stop   *stop)
{
  Node *row = node_new (parser, NODE_ROW);

  *stop = STOP_END;

  if (++parser->depth > MAX_DEPTH)
    {
      parser->failed = TRUE;
      return row;
    }

  while (!parser->failed)
    {
      Node *item;

      skip_spaces (parser);
      if (parser->p >= parser->end)
        break;

      if (*parser->p == '}')
        {
          *stop = STOP_BRACE;
          break;
        }
      if (*parser->p == '&')
        {
          *stop = STOP_AMPERSAND;
          break;
        }
      if (looking_at_command (parser, "\\") || looking_at_command (parser, "cr"))
        {
          *stop = STOP_NEW_ROW;
          break;
        }
      if (parser->end - parser->p >= 2 && parser->p[0] == '\\' && parser->p[1] == '\\')
        {
          *stop = STOP_NEW_ROW;
          break;
        }
      if (looking_at_command (parser, "right"))
        {
          *stop = STOP_RIGHT;
          break;
        }
      if (looking_at_command (parser, "end"))
        {
          *stop = STOP_END_ENVIRONMENT;
          break;
        }

      if (*parser->p == '^' || *parser->p == '_')
        {
          gboolean super = *parser->p == '^';
          guint slot = super ? 2 : 1;
          Node *base = row->children->len > 0 ? g_ptr_array_index (row->children, row->children->len - 1) : NULL;
          Node *script;

          parser->p++;

          if (base != NULL && base->kind == NODE_SCRIPT && node_child (base, slot) == NULL)
            {
              script = base;
            }
          else
            {
              script = node_new (parser, NODE_SCRIPT);
              if (base != NULL)
                {
                  /* The row lets go of its last item for the script. */
                  row->children->pdata[row->children->len - 1] = NULL;
                  g_ptr_array_set_size (row->children, row->children->len - 1);
                  script->limits = base->limits;
                }
              g_ptr_array_add (script->children, base != NULL ? base : atom_new (parser, CLASS_ORD, "", -1));
              g_ptr_array_add (script->children, NULL);
              g_ptr_array_add (script->children, NULL);
              g_ptr_array_add (row->children, script);
            }

          script->children->pdata[slot] = parse_argument (parser);
          continue;
        }

      item = parse_atom (parser);
      if (item != NULL)
        g_ptr_array_add (row->children, item);
    }

  parser->depth--;

  return row;
}

/* Layout: a grid of character cells */

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

static void
box_free (Box *box)
{
  if (box == NULL)
    return;

  g_free (box->cells);
  g_free (box);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Box, box_free)

static Box *
box_new (Layout *layout,
         guint   width,
         guint   height,
         guint   baseline)
{
  Box *box = g_new0 (Box, 1);

  if (width > MAX_WIDTH || height > MAX_HEIGHT || (gsize) width * height > MAX_CELLS)
    {
      layout->failed = TRUE;
      width = 0;
      height = 1;
      baseline = 0;
    }

  box->width = width;
  box->height = MAX (height, 1);
  box->baseline = MIN (baseline, box->height - 1);
  box->cells = g_new0 (Cell, (gsize) MAX (width, 1) * box->height);

  for (gsize i = 0; i < (gsize) width * box->height; i++)
    box->cells[i].text[0] = ' ';

  return box;
}

static Cell *
box_cell (Box   *box,
          guint  x,
          guint  y)
{
  return &box->cells[(gsize) y * box->width + x];
}

/* How many columns @c takes in a monospace font. */
static guint
char_columns (gunichar c)
{
  if (g_unichar_ismark (c) || g_unichar_iszerowidth (c))
    return 0;

  return g_unichar_iswide (c) ? 2 : 1;
}

static Box *
box_text (Layout     *layout,
          const char *text,
          guint8      style)
{
  guint width = 0;
  Box *box;
  guint x = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += char_columns (g_utf8_get_char (p));

  box = box_new (layout, width, 1, 0);
  if (layout->failed)
    return box;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gsize length = g_utf8_next_char (p) - p;
      guint columns = char_columns (c);

      if (columns == 0)
        {
          /* A mark goes with the character before it, as it fits. */
          if (x > 0)
            {
              Cell *cell = box_cell (box, x - 1, 0);
              gsize used;

              if (cell->text[0] == '\0' && x > 1)
                cell = box_cell (box, x - 2, 0);
              used = strlen (cell->text);
              if (used + length < CELL_BYTES)
                {
                  memcpy (cell->text + used, p, length);
                  cell->text[used + length] = '\0';
                }
            }
          continue;
        }

      memset (box_cell (box, x, 0)->text, 0, CELL_BYTES);
      memcpy (box_cell (box, x, 0)->text, p, length);
      box_cell (box, x, 0)->style = style;
      /* The second column of a wide character has no text. */
      if (columns == 2)
        box_cell (box, x + 1, 0)->text[0] = '\0';
      x += columns;
    }

  return box;
}

static void
box_blit (Box       *to,
          const Box *from,
          guint      x,
          guint      y)
{
  for (guint j = 0; j < from->height && y + j < to->height; j++)
    for (guint i = 0; i < from->width && x + i < to->width; i++)
      *box_cell (to, x + i, y + j) = from->cells[(gsize) j * from->width + i];
}

/* The boxes of @boxes side by side, on one baseline; takes them. */
static Box *
box_join (Layout    *layout,
          GPtrArray *boxes)
{
  guint above = 0;
  guint below = 0;
  guint width = 0;
  guint x = 0;
  Box *box;

  for (guint i = 0; i < boxes->len; i++)
    {
      Box *part = g_ptr_array_index (boxes, i);

      above = MAX (above, part->baseline);
      below = MAX (below, part->height - part->baseline - 1);
      width += part->width;
    }

  box = box_new (layout, width, above + below + 1, above);
  if (!layout->failed)
    for (guint i = 0; i < boxes->len; i++)
      {
        Box *part = g_ptr_array_index (boxes, i);

        box_blit (box, part, x, above - part->baseline);
        x += part->width;
      }

  g_ptr_array_unref (boxes);

  return box;
}

static Box *
box_join2 (Layout *layout,
           Box    *left,
           Box    *right)
{
  GPtrArray *boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) box_free);

  g_ptr_array_add (boxes, left);
  g_ptr_array_add (boxes, right);

  return box_join (layout, boxes);
}

/* The text of a box of one line; NULL when it has more. */
static char *
box_line_text (const Box *box,
               guint8    *styles)
{
  GString *text;

  if (box->height != 1)
    return NULL;

  text = g_string_new (NULL);
  if (styles != NULL)
    *styles = 0;

  for (guint i = 0; i < box->width; i++)
    {
      g_string_append (text, box->cells[i].text);
      if (styles != NULL)
        *styles |= box->cells[i].style;
    }

  return g_string_free (text, FALSE);
}

/* A delimiter as tall as @height: pieces of Unicode's brackets. */
static Box *
box_delimiter (Layout     *layout,
               const char *delimiter,
               guint       height,
               guint       baseline)
{
  static const char *pieces[] = {
    /* delimiter, top, middle, bottom, extension */
    "(", "⎛", "⎜", "⎝", "⎜",
    ")", "⎞", "⎟", "⎠", "⎟",
    "[", "⎡", "⎢", "⎣", "⎢",
    "]", "⎤", "⎥", "⎦", "⎥",
    "{", "⎧", "⎨", "⎩", "⎪",
    "}", "⎫", "⎬", "⎭", "⎪",
    "|", "│", "│", "│", "│",
    "‖", "‖", "‖", "‖", "‖",
    "⌈", "⎡", "⎢", "⎢", "⎢",
    "⌉", "⎤", "⎥", "⎥", "⎥",
    "⌊", "⎢", "⎢", "⎣", "⎢",
    "⌋", "⎥", "⎥", "⎦", "⎥",
  };
  Box *box;
  guint i;

  if (delimiter == NULL || delimiter[0] == '\0')
    return box_new (layout, 0, height, baseline);

  if (height <= 1)
    return box_text (layout, delimiter, 0);

  for (i = 0; i < G_N_ELEMENTS (pieces); i += 5)
    if (strcmp (pieces[i], delimiter) == 0)
      break;

  box = box_new (layout, 1, height, baseline);
  if (layout->failed)
    return box;

  for (guint y = 0; y < height; y++)
    {
      const char *piece;

      if (i == G_N_ELEMENTS (pieces))
        piece = y == baseline ? delimiter : " ";
      else if (y == 0)
        piece = pieces[i + 1];
      else if (y == height - 1)
        piece = pieces[i + 3];
      else if (y == (height - 1) / 2 && height > 2 && (delimiter[0] == '{' || delimiter[0] == '}'))
        piece = pieces[i + 2];
      else
        piece = pieces[i + 4];

      if (strlen (piece) < CELL_BYTES && char_columns (g_utf8_get_char (piece)) == 1)
        {
          memset (box_cell (box, 0, y)->text, 0, CELL_BYTES);
          strcpy (box_cell (box, 0, y)->text, piece);
        }
    }

  return box;
}

static Box *
box_fence (Layout     *layout,
           Box        *body,
           const char *open,
           const char *close)
{
  GPtrArray *boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) box_free);

  g_ptr_array_add (boxes, box_delimiter (layout, open, body->height, body->baseline));
  g_ptr_array_add (boxes, body);
  g_ptr_array_add (boxes, box_delimiter (layout, close, body->height, body->baseline));

  return box_join (layout, boxes);
}

/* @top over @bottom, centred, with the baseline at @top's or a line
 * between; takes both.
 */
static Box *
box_stack (Layout *layout,
           Box    *top,
           Box    *middle,
           Box    *bottom,
           guint   baseline_part)
{
  Box *parts[3] = { top, middle, bottom };
  guint width = 0;
  guint height = 0;
  guint baseline = 0;
  guint y = 0;
  Box *box;

  for (guint i = 0; i < 3; i++)
    if (parts[i] != NULL)
      {
        width = MAX (width, parts[i]->width);
        if (i == baseline_part)
          baseline = height + parts[i]->baseline;
        height += parts[i]->height;
      }

  box = box_new (layout, width, height, baseline);
  for (guint i = 0; i < 3; i++)
    if (parts[i] != NULL)
      {
        if (!layout->failed)
          box_blit (box, parts[i], (width - parts[i]->width + 1) / 2, y);
        y += parts[i]->height;
        box_free (parts[i]);
      }

  return box;
}

static Box *layout_node (Layout     *layout,
                         const Node *node);

static AtomClass
node_class (const Node *node)
{
  if (node == NULL)
    return CLASS_ORD;

  switch (node->kind)
    {
    case NODE_ATOM:
      return node->klass;
    case NODE_SCRIPT:
      return node_class (node_child (node, 0));
    case NODE_ROW:
      if (node->klass == CLASS_OP)
        return CLASS_OP;
      return node->children->len == 1 ? node_class (node_child (node, 0)) : CLASS_ORD;
    default:
      return CLASS_ORD;
    }
}

static Box *
layout_row (Layout     *layout,
            const Node *node)
{
  GPtrArray *boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) box_free);
  AtomClass previous = CLASS_SPACE;
  gboolean first = TRUE;
  gboolean sign = FALSE;

  for (guint i = 0; i < node->children->len; i++)
    {
      const Node *item = g_ptr_array_index (node->children, i);
      AtomClass klass = node_class (item);
      gboolean space = FALSE;
      gboolean after_sign = sign;

      if (item == NULL)
        continue;

      if (klass != CLASS_SPACE)
        sign = FALSE;

      /* A binary operator without an operand before it is a sign, with
       * nothing between it and what it is of.
       */
      if (klass == CLASS_BIN &&
          (first || previous == CLASS_BIN || previous == CLASS_REL || previous == CLASS_OPEN ||
           previous == CLASS_PUNCT || previous == CLASS_OP))
        {
          klass = CLASS_ORD;
          sign = TRUE;
        }

      if (!layout->compact && !first && !after_sign && klass != CLASS_SPACE && previous != CLASS_SPACE)
        {
          if ((klass == CLASS_BIN || klass == CLASS_REL) && previous != CLASS_OPEN)
            space = TRUE;
          else if ((previous == CLASS_BIN || previous == CLASS_REL) &&
                   klass != CLASS_CLOSE && klass != CLASS_PUNCT)
            space = TRUE;
          else if (previous == CLASS_PUNCT && klass != CLASS_CLOSE)
            space = TRUE;
          else if ((previous == CLASS_OP || previous == CLASS_FUNC) &&
                   klass != CLASS_OPEN && klass != CLASS_PUNCT && klass != CLASS_CLOSE)
            space = TRUE;
          else if ((klass == CLASS_OP || klass == CLASS_FUNC) &&
                   (previous == CLASS_VAR || previous == CLASS_NUM || previous == CLASS_ORD ||
                    previous == CLASS_CLOSE || previous == CLASS_FUNC))
            space = TRUE;
        }

      if (space)
        g_ptr_array_add (boxes, box_text (layout, " ", 0));

      g_ptr_array_add (boxes, layout_node (layout, item));
      if (klass != CLASS_SPACE)
        {
          previous = klass;
          first = FALSE;
        }
    }

  return box_join (layout, boxes);
}

/* @text in Unicode's superscripts or subscripts, or NULL. */
static char *
map_script (const char  *text,
            const char **table,
            guint        n)
{
  GString *mapped = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gsize length = g_utf8_next_char (p) - p;
      guint i;

      for (i = 0; i < n; i += 2)
        if (strlen (table[i]) == length && memcmp (table[i], p, length) == 0)
          break;

      if (i == n)
        {
          g_string_free (mapped, TRUE);
          return NULL;
        }
      g_string_append (mapped, table[i + 1]);
    }

  return g_string_free (mapped, FALSE);
}

static Box *
layout_script_part (Layout     *layout,
                    const Node *node,
                    gboolean    super)
{
  Layout inner = { layout->display, TRUE, FALSE };
  g_autoptr(Box) box = layout_node (&inner, node);
  g_autofree char *text = NULL;
  g_autofree char *mapped = NULL;
  guint8 styles = 0;

  if (inner.failed)
    layout->failed = TRUE;

  if ((text = box_line_text (box, &styles)) != NULL &&
      (styles & (STYLE_SUPERSCRIPT | STYLE_SUBSCRIPT)) == 0 &&
      (mapped = map_script (text,
                            super ? superscripts : subscripts,
                            super ? G_N_ELEMENTS (superscripts) : G_N_ELEMENTS (subscripts))) != NULL)
    return box_text (layout, mapped, 0);

  /* A span that the view shows smaller, raised or lowered. */
  if (box->height == 1)
    for (guint i = 0; i < box->width; i++)
      box->cells[i].style = super ? STYLE_SUPERSCRIPT : STYLE_SUBSCRIPT;

  return g_steal_pointer (&box);
}

static Box *
layout_script (Layout     *layout,
               const Node *node)
{
  const Node *base_node = node_child (node, 0);
  const Node *sub_node = node_child (node, 1);
  const Node *super_node = node_child (node, 2);
  Box *base = layout_node (layout, base_node);
  Box *sub = NULL;
  Box *super = NULL;
  gboolean limits = node->limits || (base_node != NULL && base_node->limits);

  /* Limits below and above, in display math. */
  if (limits && layout->display)
    {
      Layout inner = { TRUE, TRUE, FALSE };
      Box *above = super_node != NULL ? layout_node (&inner, super_node) : NULL;
      Box *below = sub_node != NULL ? layout_node (&inner, sub_node) : NULL;

      if (inner.failed)
        layout->failed = TRUE;
      return box_stack (layout, above, base, below, 1);
    }

  if (sub_node != NULL)
    sub = layout_script_part (layout, sub_node, FALSE);
  if (super_node != NULL)
    super = layout_script_part (layout, super_node, TRUE);

  /* Scripts that are one line each go after the base, in the line. */
  if ((sub == NULL || (sub->height == 1 && (base->height == 1 || sub->cells[0].style == 0))) &&
      (super == NULL || (super->height == 1 && (base->height == 1 || super->cells[0].style == 0))))
    {
      if (sub != NULL)
        base = box_join2 (layout, base, sub);
      if (super != NULL)
        base = box_join2 (layout, base, super);
      return base;
    }

  /* Else the scripts go above and below the base's corner. */
  {
    guint width = MAX (sub != NULL ? sub->width : 0, super != NULL ? super->width : 0);
    guint super_height = super != NULL ? super->height : 0;
    guint sub_height = sub != NULL ? sub->height : 0;
    Box *box = box_new (layout, base->width + width, super_height + base->height + sub_height,
                        super_height + base->baseline);

    if (!layout->failed)
      {
        box_blit (box, base, 0, super_height);
        if (super != NULL)
          {
            for (guint i = 0; i < super->width * super->height; i++)
              super->cells[i].style = 0;
            box_blit (box, super, base->width, 0);
          }
        if (sub != NULL)
          {
            for (guint i = 0; i < sub->width * sub->height; i++)
              sub->cells[i].style = 0;
            box_blit (box, sub, base->width, super_height + base->height);
          }
      }

    box_free (base);
    box_free (sub);
    box_free (super);

    return box;
  }
}

/* Whether @node is a number or a row of one. */
static const char *
number_text (const Node *node)
{
  if (node != NULL && node->kind == NODE_ROW && node->children->len == 1)
    node = node_child (node, 0);

  if (node != NULL && node->kind == NODE_ATOM && node->klass == CLASS_NUM &&
      strchr (node->text, '.') == NULL)
    return node->text;

  return NULL;
}

/* Whether @node shows as one item, that a/b needs no parentheses around. */
static gboolean
is_simple (const Node *node)
{
  if (node == NULL)
    return TRUE;

  if (node->kind == NODE_ROW)
    {
      if (node->children->len == 0)
        return TRUE;
      if (node->children->len > 1)
        return FALSE;
      return is_simple (node_child (node, 0));
    }

  return node->kind == NODE_ATOM || node->kind == NODE_SCRIPT || node->kind == NODE_FENCED ||
         node->kind == NODE_SQRT || node->kind == NODE_ACCENT || node->kind == NODE_GRID;
}

static Box *
layout_parenthesized (Layout     *layout,
                      const Node *node)
{
  Box *box = layout_node (layout, node);

  if (is_simple (node))
    return box;

  return box_fence (layout, box, "(", ")");
}

static Box *
layout_frac (Layout     *layout,
             const Node *node)
{
  const Node *numerator = node_child (node, 0);
  const Node *denominator = node_child (node, 1);
  const char *top = number_text (numerator);
  const char *bottom = number_text (denominator);

  if (layout->display && !node->linear)
    {
      Box *over = layout_node (layout, numerator);
      Box *under = layout_node (layout, denominator);
      guint width = MAX (over->width, under->width) + 2;
      GString *rule = g_string_new (NULL);
      Box *line;

      for (guint i = 0; i < width && i < MAX_WIDTH; i++)
        g_string_append (rule, "─");
      line = box_text (layout, rule->str, 0);
      g_string_free (rule, TRUE);

      return box_stack (layout, over, line, under, 1);
    }

  /* ½, or ¹²⁄₃₅ */
  if (top != NULL && bottom != NULL)
    {
      g_autofree char *super = NULL;
      g_autofree char *sub = NULL;
      g_autofree char *fraction = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (vulgar_fractions); i++)
        if (strcmp (vulgar_fractions[i].numerator, top) == 0 &&
            strcmp (vulgar_fractions[i].denominator, bottom) == 0)
          return box_text (layout, vulgar_fractions[i].fraction, 0);

      super = map_script (top, superscripts, G_N_ELEMENTS (superscripts));
      sub = map_script (bottom, subscripts, G_N_ELEMENTS (subscripts));
      fraction = g_strconcat (super, "⁄", sub, NULL);

      return box_text (layout, fraction, 0);
    }

  {
    GPtrArray *boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) box_free);

    g_ptr_array_add (boxes, layout_parenthesized (layout, numerator));
    g_ptr_array_add (boxes, box_text (layout, "/", 0));
    g_ptr_array_add (boxes, layout_parenthesized (layout, denominator));

    return box_join (layout, boxes);
  }
}

static Box *
layout_sqrt (Layout     *layout,
             const Node *node)
{
  const Node *body = node_child (node, 0);
  const Node *index = node_child (node, 1);
  const char *degree = number_text (index);
  GPtrArray *boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) box_free);
  Box *inside = layout_node (layout, body);

  if (g_strcmp0 (degree, "3") == 0)
    g_ptr_array_add (boxes, box_text (layout, "∛", 0));
  else if (g_strcmp0 (degree, "4") == 0)
    g_ptr_array_add (boxes, box_text (layout, "∜", 0));
  else
    {
      if (index != NULL)
        g_ptr_array_add (boxes, layout_script_part (layout, index, TRUE));
      g_ptr_array_add (boxes, box_text (layout, "√", 0));
    }

  if (is_simple (body) && inside->height == 1)
    g_ptr_array_add (boxes, inside);
  else
    g_ptr_array_add (boxes, box_fence (layout, inside, "(", ")"));

  return box_join (layout, boxes);
}

static Box *
layout_grid_linear (Layout     *layout,
                    const Node *node)
{
  GPtrArray *boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) box_free);
  const char *cell_separator = node->grid == GRID_MATRIX ? ", " : node->grid == GRID_STACK ? ", " : " ";
  const char *row_separator = node->grid == GRID_STACK ? ", " : "; ";

  for (guint r = 0; r < node->children->len; r++)
    {
      const Node *row = g_ptr_array_index (node->children, r);

      if (r > 0)
        g_ptr_array_add (boxes, box_text (layout, row_separator, 0));

      for (guint c = 0; c < row->children->len; c++)
        {
          if (c > 0)
            g_ptr_array_add (boxes, box_text (layout, node->grid == GRID_ALIGNED && c % 2 == 1 ? " " : cell_separator, 0));
          g_ptr_array_add (boxes, layout_node (layout, g_ptr_array_index (row->children, c)));
        }
    }

  if (node->grid == GRID_CASES)
    g_ptr_array_insert (boxes, 0, box_text (layout, " ", 0));

  return box_fence (layout, box_join (layout, boxes), node->open, node->close);
}

static Box *
layout_grid (Layout     *layout,
             const Node *node)
{
  guint n_rows = node->children->len;
  guint n_columns = 0;
  g_autofree guint *widths = NULL;
  g_autofree guint *above = NULL;
  g_autofree guint *below = NULL;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func ((GDestroyNotify) box_free);
  guint width = 0;
  guint height = 0;
  Box *box;
  guint y = 0;

  if (!layout->display)
    return layout_grid_linear (layout, node);

  for (guint r = 0; r < n_rows; r++)
    n_columns = MAX (n_columns, ((Node *) g_ptr_array_index (node->children, r))->children->len);

  if (n_columns == 0 || n_rows == 0 || n_columns > MAX_WIDTH)
    return box_fence (layout, box_new (layout, 0, 1, 0), node->open, node->close);

  widths = g_new0 (guint, n_columns);
  above = g_new0 (guint, n_rows);
  below = g_new0 (guint, n_rows);

  for (guint r = 0; r < n_rows && !layout->failed; r++)
    {
      const Node *row = g_ptr_array_index (node->children, r);

      for (guint c = 0; c < n_columns; c++)
        {
          Box *cell = c < row->children->len ? layout_node (layout, g_ptr_array_index (row->children, c))
                                             : box_new (layout, 0, 1, 0);

          widths[c] = MAX (widths[c], cell->width);
          above[r] = MAX (above[r], cell->baseline);
          below[r] = MAX (below[r], cell->height - cell->baseline - 1);
          g_ptr_array_add (cells, cell);
        }
    }

  if (layout->failed)
    return box_new (layout, 0, 1, 0);

  for (guint c = 0; c < n_columns; c++)
    width += widths[c] + (c > 0 ? (node->grid == GRID_ALIGNED && c % 2 == 1 ? 1 : 2) : 0);
  for (guint r = 0; r < n_rows; r++)
    height += above[r] + below[r] + 1;

  box = box_new (layout, width, height, (height - 1) / 2);

  for (guint r = 0; r < n_rows && !layout->failed; r++)
    {
      guint x = 0;

      for (guint c = 0; c < n_columns; c++)
        {
          Box *cell = g_ptr_array_index (cells, r * n_columns + c);
          guint offset;

          if (c > 0)
            x += node->grid == GRID_ALIGNED && c % 2 == 1 ? 1 : 2;

          if (node->grid == GRID_CASES || node->grid == GRID_STACK)
            offset = 0;
          else if (node->grid == GRID_ALIGNED)
            offset = c % 2 == 0 && n_columns > 1 ? widths[c] - cell->width : 0;
          else
            offset = (widths[c] - cell->width) / 2;

          box_blit (box, cell, x + offset, y + above[r] - cell->baseline);
          x += widths[c];
        }
      y += above[r] + below[r] + 1;
    }

  /* The baseline of a grid of one row is its row's. */
  if (n_rows == 1)
    box->baseline = above[0];

  if (node->grid == GRID_CASES)
    box = box_join2 (layout, box_text (layout, " ", 0), box);

  return box_fence (layout, box, node->open, node->close);
}

static Box *
layout_accent (Layout     *layout,
               const Node *node)
{
  Box *box = layout_node (layout, node_child (node, 0));
  gsize length = strlen (node->text);

  if (box->height != 1 || box->width == 0)
    return box;

  /* Over every character for a line over or under, else over the last. */
  for (guint i = box->width; i-- > 0; )
    {
      Cell *cell = &box->cells[i];
      gsize used = strlen (cell->text);

      if (cell->text[0] == '\0' || cell->text[0] == ' ')
        continue;

      if (used + length < CELL_BYTES)
        strcat (cell->text, node->text);

      if (!node->limits)
        break;
    }

  return box;
}

static Box *
layout_node (Layout     *layout,
             const Node *node)
{
  if (node == NULL || layout->failed)
    return box_new (layout, 0, 1, 0);

  switch (node->kind)
    {
    case NODE_ATOM:
      return box_text (layout, node->text, node->klass == CLASS_VAR ? STYLE_VARIABLE : 0);

    case NODE_ROW:
      return layout_row (layout, node);

    case NODE_SCRIPT:
      return layout_script (layout, node);

    case NODE_FRAC:
      return layout_frac (layout, node);

    case NODE_SQRT:
      return layout_sqrt (layout, node);

    case NODE_FENCED:
      return box_fence (layout, layout_node (layout, node_child (node, 0)), node->open, node->close);

    case NODE_GRID:
      return layout_grid (layout, node);

    case NODE_ACCENT:
      return layout_accent (layout, node);

    case NODE_BINOM:
      {
        GPtrArray *boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) box_free);

        if (layout->display)
          {
            Box *stack = box_stack (layout,
                                    layout_node (layout, node_child (node, 0)),
                                    NULL,
                                    layout_node (layout, node_child (node, 1)),
                                    0);

            return box_fence (layout, stack, "(", ")");
          }

        g_ptr_array_add (boxes, box_text (layout, "C(", 0));
        g_ptr_array_add (boxes, layout_node (layout, node_child (node, 0)));
        g_ptr_array_add (boxes, box_text (layout, ", ", 0));
        g_ptr_array_add (boxes, layout_node (layout, node_child (node, 1)));
        g_ptr_array_add (boxes, box_text (layout, ")", 0));
        return box_join (layout, boxes);
      }

    default:
      layout->failed = TRUE;
      return box_new (layout, 0, 1, 0);
    }
}

/* Output */

static void
add_spans (ConfabMath *math,
           const Box  *box,
           guint       line,
           gsize       line_start,
           GArray     *open_starts)
{
  gsize offset = line_start;

  for (guint style = 0; style < 3; style++)
    g_array_index (open_starts, gssize, style) = -1;

  for (guint i = 0; i <= box->width; i++)
    {
      const Cell *cell = i < box->width ? &box->cells[(gsize) line * box->width + i] : NULL;

      for (guint style = 0; style < 3; style++)
        {
          gssize *start = &g_array_index (open_starts, gssize, style);
          gboolean has = cell != NULL && (cell->style & (1 << style)) != 0 && cell->text[0] != '\0';

          /* A wide character's second column continues its span. */
          if (cell != NULL && cell->text[0] == '\0')
            continue;

          if (has && *start < 0)
            *start = offset;
          else if (!has && *start >= 0)
            {
              ConfabMathSpan span = { style, *start, offset };

              g_array_append_val (math->spans, span);
              *start = -1;
            }
        }

      if (cell != NULL)
        offset += strlen (cell->text);
    }
}

static gint
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const ConfabMathSpan *x = a;
  const ConfabMathSpan *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->end < y->end ? -1 : x->end > y->end ? 1 : 0;
}

/**
 * confab_math_typeset:
 * @source: the TeX of a formula, without its delimiters
 * @length: the length of @source in bytes
 * @display: whether it is display math, which may take several lines
 *
 * Typesets a formula in Unicode text.
 *
 * Returns: (transfer full) (nullable): the formula, or %NULL when it
 *   uses what is not typeset (an unknown command, an environment,
 *   unbalanced braces), is empty, or is too long or too deep
 */
ConfabMath *
confab_math_typeset (const char *source,
                     gsize       length,
                     gboolean    display)
{
  Parser parser = { source, source + length, 0, 0, FALSE };
  Layout layout = { display, FALSE, FALSE };
  g_autoptr(GArray) open_starts = NULL;
  ConfabMath *math;
  Node *tree;
  Stop stop;
  Box *box;

  g_return_val_if_fail (source != NULL || length == 0, NULL);

  if (length == 0 || length > CONFAB_MATH_MAX_SOURCE ||
      !g_utf8_validate_len (source, length, NULL))
    return NULL;

  tree = parse_row (&parser, &stop);
  if (parser.failed || stop != STOP_END || tree->children->len == 0)
    {
      node_free (tree);
      return NULL;
    }

  box = layout_node (&layout, tree);
  node_free (tree);

  if (layout.failed || box->width == 0)
    {
      box_free (box);
      return NULL;
    }

  math = g_new0 (ConfabMath, 1);
  math->text = g_string_new (NULL);
  math->spans = g_array_new (FALSE, FALSE, sizeof (ConfabMathSpan));
  math->grid = box->height > 1;
  open_starts = g_array_sized_new (FALSE, TRUE, sizeof (gssize), 3);
  g_array_set_size (open_starts, 3);

  for (guint y = 0; y < box->height; y++)
    {
      gsize line_start;

      if (y > 0)
        g_string_append_c (math->text, '\n');
      line_start = math->text->len;

      for (guint x = 0; x < box->width; x++)
        g_string_append (math->text, box->cells[(gsize) y * box->width + x].text);

      add_spans (math, box, y, line_start, open_starts);
    }

  /* One line has no space around it. */
  if (!math->grid)
    {
      gsize leading = 0;

      while (leading < math->text->len && math->text->str[leading] == ' ')
        leading++;
      while (math->text->len > leading && math->text->str[math->text->len - 1] == ' ')
        g_string_truncate (math->text, math->text->len - 1);
      if (leading > 0)
        {
          g_string_erase (math->text, 0, leading);
          for (guint i = 0; i < math->spans->len; i++)
            {
              ConfabMathSpan *span = &g_array_index (math->spans, ConfabMathSpan, i);

              span->start = span->start > leading ? span->start - leading : 0;
              span->end = span->end > leading ? span->end - leading : 0;
            }
        }
      for (guint i = math->spans->len; i-- > 0; )
        {
          ConfabMathSpan *span = &g_array_index (math->spans, ConfabMathSpan, i);

          span->end = MIN (span->end, math->text->len);
          if (span->start >= span->end)
            g_array_remove_index (math->spans, i);
        }
    }

  g_array_sort (math->spans, compare_spans);
  box_free (box);

  if (math->text->len == 0)
    {
      confab_math_free (math);
      return NULL;
    }

  return math;
}

void
confab_math_free (ConfabMath *math)
{
  if (math == NULL)
    return;

  g_string_free (math->text, TRUE);
  g_array_unref (math->spans);
  g_free (math);
}
