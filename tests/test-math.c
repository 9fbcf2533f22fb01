/* test-math.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Math in answers: the TeX typesetter (what common formulas become in
 * Unicode, inline and displayed; that what it cannot typeset fails,
 * and that odd input never breaks it), and where the Markdown parser
 * finds math ($…$, $$…$$, \(…\), \[…\]; never currency nor code).
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "confab-markdown-parser.h"
#include "confab-math.h"

typedef struct
{
  const char *source;
  const char *expected;
} Case;

static char *
typeset (const char *source,
         gboolean    display)
{
  g_autoptr(ConfabMath) math = confab_math_typeset (source, strlen (source), display);

  if (math == NULL)
    return NULL;

  return g_strdup (math->text->str);
}

static void
check_cases (const Case *cases,
             guint       n_cases,
             gboolean    display)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *text = typeset (cases[i].source, display);

      if (g_strcmp0 (text, cases[i].expected) != 0)
        g_error ("%s typeset as\n%s\nnot\n%s", cases[i].source, text, cases[i].expected);
    }
}

static void
test_inline (void)
{
  static const Case cases[] = {
    { "x", "x" },
    { "x^2 + y^2 = z^2", "x² + y² = z²" },
    { "E = mc^2", "E = mc²" },
    { "a_1, a_2, \\ldots, a_n", "a₁, a₂, …, aₙ" },
    { "x_{i+1}^{n-1}", "xᵢ₊₁ⁿ⁻¹" },
    { "10^{-3}", "10⁻³" },
    { "x^23", "x²3" },
    { "\\alpha + \\beta \\leq \\gamma", "α + β ≤ γ" },
    { "\\Delta x \\to 0", "Δx → 0" },
    { "a \\cdot b \\times c \\div d", "a ⋅ b × c ÷ d" },
    { "x \\neq y \\approx z \\geq 0", "x ≠ y ≈ z ≥ 0" },
    { "A \\subseteq B \\cup C", "A ⊆ B ∪ C" },
    { "\\forall x \\in \\mathbb{R}", "∀x ∈ ℝ" },
    { "\\mathbb{N} \\subset \\mathbb{Z} \\subset \\mathbb{Q}", "ℕ ⊂ ℤ ⊂ ℚ" },
    { "\\mathbb{R}^n", "ℝⁿ" },
    { "\\mathbf{v} \\cdot \\mathbf{w}", "𝐯 ⋅ 𝐰" },
    { "\\mathcal{L}", "ℒ" },
    { "\\infty", "∞" },
    { "\\frac{1}{2}", "½" },
    { "\\frac{3}{4}", "¾" },
    { "\\frac{12}{35}", "¹²⁄₃₅" },
    { "\\frac{a}{b}", "a/b" },
    { "\\frac{a+b}{c}", "(a + b)/c" },
    { "\\frac{1}{x+1}", "1/(x + 1)" },
    { "\\dfrac{\\pi}{2}", "π/2" },
    { "\\sqrt{2}", "√2" },
    { "\\sqrt{x^2+1}", "√(x² + 1)" },
    { "\\sqrt[3]{8}", "∛8" },
    { "\\sqrt[n]{x}", "ⁿ√x" },
    { "\\sum_{i=1}^{n} i", "∑ᵢ₌₁ⁿ i" },
    { "\\prod_{k=1}^{n} k = n!", "∏ₖ₌₁ⁿ k = n!" },
    { "\\int_0^1 x\\,dx", "∫₀¹ x\xe2\x80\x89" "dx" },
    { "\\sin x + \\cos(x)", "sin x + cos(x)" },
    { "\\log_2 n", "log₂ n" },
    { "f(x) = -x", "f(x) = −x" },
    { "-\\sin\\theta", "−sin θ" },
    { "f'(x)", "f′(x)" },
    { "x^{\\prime}", "x′" },
    { "90^\\circ", "90°" },
    { "A^T", "Aᵀ" },
    { "A^{-1}", "A⁻¹" },
    { "\\text{if } x > 0", "if x > 0" },
    { "\\text{넓이} = \\pi r^2", "넓이 = πr²" },
    { "\\left( \\frac{a}{b} \\right)", "(a/b)" },
    { "\\left| x \\right|", "|x|" },
    { "\\langle u, v \\rangle", "⟨u, v⟩" },
    { "\\{1, 2, 3\\}", "{1, 2, 3}" },
    { "\\hat{x}", "x\xcc\x82" },
    { "\\vec{v}", "v\xe2\x83\x97" },
    { "\\overline{AB}", "A\xcc\x85" "B\xcc\x85" },
    { "a \\not= b", "a ≠ b" },
    { "a \\not\\in B", "a ∉ B" },
    { "\\binom{n}{k}", "C(n, k)" },
    { "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}", "(a, b; c, d)" },
    { "\\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}", "[1, 0; 0, 1]" },
    { "|x| = \\begin{cases} x & x \\ge 0 \\\\ -x & x < 0 \\end{cases}", "|x| = { x x ≥ 0; −x x < 0" },
    { "n \\equiv 1 \\pmod{4}", "n ≡ 1 (mod 4)" },
    { "\\operatorname{rank}(A)", "rank(A)" },
    { "e^{i\\pi} + 1 = 0", "eiπ + 1 = 0" },
    { "\\lim_{x \\to 0} \\frac{\\sin x}{x} = 1", "limx→0 (sin x)/x = 1" },
    { "a \\quad b", "a\xe2\x80\x83" "b" },
    { "\\displaystyle \\sum_i x_i", "∑ᵢ xᵢ" },
    { "\\textcolor{red}{x}", "x" },
    { "p \\implies q \\iff r", "p ⟹ q ⟺ r" },
    { "\\nabla \\cdot \\mathbf{E} = \\frac{\\rho}{\\varepsilon_0}", "∇ ⋅ 𝐄 = ρ/ε₀" },
  };

  check_cases (cases, G_N_ELEMENTS (cases), FALSE);
}

static void
test_display (void)
{
  static const Case cases[] = {
    { "E = mc^2", "E = mc²" },
    { "\\frac{a}{b}",
      " a \n"
      "───\n"
      " b " },
    { "x = \\frac{-b \\pm \\sqrt{b^2-4ac}}{2a}",
      "     −b ± √(b² − 4ac) \n"
      "x = ──────────────────\n"
      "            2a        " },
    { "\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}",
      " n       n(n + 1) \n"
      " ∑  i = ──────────\n"
      "i=1          2    " },
    { "\\lim_{x \\to 0} f(x)",
      "lim f(x)\n"
      "x→0     " },
    { "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}",
      "⎛a  b⎞\n"
      "⎝c  d⎠" },
    { "A = \\begin{bmatrix} 1 & 0 & 0 \\\\ 0 & \\cos\\theta & -\\sin\\theta \\\\ 0 & \\sin\\theta & \\cos\\theta \\end{bmatrix}",
      "    ⎡1    0      0   ⎤\n"
      "A = ⎢0  cos θ  −sin θ⎥\n"
      "    ⎣0  sin θ  cos θ ⎦" },
    { "\\det \\begin{vmatrix} a & b \\\\ c & d \\end{vmatrix} = ad - bc",
      "det │a  b│ = ad − bc\n"
      "    │c  d│          " },
    { "|x| = \\begin{cases} x & \\text{if } x \\ge 0 \\\\ -x & \\text{otherwise} \\end{cases}",
      "|x| = ⎧ x   if x ≥ 0 \n"
      "      ⎩ −x  otherwise" },
    { "\\begin{aligned} (a+b)^2 &= a^2 + 2ab + b^2 \\\\ &\\geq 4ab \\end{aligned}",
      "(a + b)² = a² + 2ab + b²\n"
      "         ≥ 4ab          " },
    { "\\left( \\frac{a}{b} \\right)^2",
      "⎛ a ⎞ \n"
      "⎜───⎟²\n"
      "⎝ b ⎠ " },
    { "\\binom{n}{k}",
      "⎛n⎞\n"
      "⎝k⎠" },
    { "\\begin{matrix} 1 & 2 & 3 \\end{matrix}", "1  2  3" },
  };

  check_cases (cases, G_N_ELEMENTS (cases), TRUE);
}

static void
check_span (const ConfabMath *math,
            guint             n,
            ConfabMathStyle   style,
            const char       *text)
{
  const ConfabMathSpan *span;

  g_assert_cmpuint (n, <, math->spans->len);
  span = &g_array_index (math->spans, ConfabMathSpan, n);
  g_assert_cmpint (span->style, ==, style);
  g_assert_cmpuint (span->end, <=, math->text->len);
  g_assert_cmpuint (span->end - span->start, ==, strlen (text));
  g_assert_cmpint (memcmp (math->text->str + span->start, text, strlen (text)), ==, 0);
}

static void
test_spans (void)
{
  g_autoptr(ConfabMath) variables = confab_math_typeset ("ab + \\sin x", 11, FALSE);
  g_autoptr(ConfabMath) super = confab_math_typeset ("x^q", 3, FALSE);
  g_autoptr(ConfabMath) sub = confab_math_typeset ("a_{bc}", 6, FALSE);
  g_autoptr(ConfabMath) grid = confab_math_typeset ("\\frac{1}{x}", 11, TRUE);

  /* Letters are variables, in italics; a function's name is not. */
  g_assert_cmpstr (variables->text->str, ==, "ab + sin x");
  g_assert_cmpuint (variables->spans->len, ==, 2);
  check_span (variables, 0, CONFAB_MATH_STYLE_VARIABLE, "ab");
  check_span (variables, 1, CONFAB_MATH_STYLE_VARIABLE, "x");
  g_assert_false (variables->grid);

  /* Unicode has no superscript q nor subscript b or c. */
  g_assert_cmpstr (super->text->str, ==, "xq");
  check_span (super, 0, CONFAB_MATH_STYLE_VARIABLE, "x");
  check_span (super, 1, CONFAB_MATH_STYLE_SUPERSCRIPT, "q");
  g_assert_cmpstr (sub->text->str, ==, "abc");
  check_span (sub, 1, CONFAB_MATH_STYLE_SUBSCRIPT, "bc");

  g_assert_true (grid->grid);
}

static void
test_fails (void)
{
  static const char *sources[] = {
    "",
    "   ",
    "\\unknowncommand{x}",
    "\\frac{a}",
    "\\frac{a}{b",
    "{x",
    "x}",
    "\\left( x",
    "x \\right)",
    "\\begin{pmatrix} a & b",
    "\\begin{pmatrix} a \\end{bmatrix}",
    "\\begin{tikzpicture}\\end{tikzpicture}",
    "x % a comment",
    "a # b",
    "x^",
    "\\sqrt[3",
    "\\",
    "\\text{a",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autoptr(ConfabMath) math = confab_math_typeset (sources[i], strlen (sources[i]), FALSE);

      if (math != NULL)
        g_error ("%s typeset as %s", sources[i], math->text->str);
    }
}

static void
check_math (const ConfabMath *math)
{
  if (math == NULL)
    return;

  g_assert_true (g_utf8_validate_len (math->text->str, math->text->len, NULL));
  g_assert_null (memchr (math->text->str, '\0', math->text->len));

  for (guint i = 0; i < math->spans->len; i++)
    {
      const ConfabMathSpan *span = &g_array_index (math->spans, ConfabMathSpan, i);

      g_assert_cmpuint (span->start, <, span->end);
      g_assert_cmpuint (span->end, <=, math->text->len);
      g_assert_true (span->start == 0 || ((guchar) math->text->str[span->start] & 0xc0) != 0x80);
      g_assert_true (span->end == math->text->len || ((guchar) math->text->str[span->end] & 0xc0) != 0x80);
    }

  /* Every line of a grid is as wide. */
  if (math->grid)
    {
      g_auto(GStrv) lines = g_strsplit (math->text->str, "\n", -1);
      glong width = -1;

      for (guint i = 0; lines[i] != NULL; i++)
        {
          glong columns = 0;

          for (const char *p = lines[i]; *p != '\0'; p = g_utf8_next_char (p))
            {
              gunichar c = g_utf8_get_char (p);

              if (!g_unichar_ismark (c) && !g_unichar_iszerowidth (c))
                columns += g_unichar_iswide (c) ? 2 : 1;
            }

          if (width >= 0)
            g_assert_cmpint (columns, ==, width);
          width = columns;
        }
    }
}

/* Odd input: random strings of TeX's pieces, unbalanced and deeply
 * nested; whatever comes back is well formed, and nothing recurses
 * without bound.
 */
static void
test_robust (void)
{
  static const char *pieces[] = {
    "{", "}", "^", "_", "&", "\\\\", "\\frac", "\\sqrt", "[", "]", "\\left(", "\\right)",
    "\\begin{pmatrix}", "\\end{pmatrix}", "\\begin{cases}", "\\end{cases}", "x", "2", "+", "=",
    "\\alpha", "\\sum", "\\text{", "\\mathbb{", "\\hat", "\\not", "\\binom", "\\overset", " ",
    "\\\\[", "\\", "$", "ε", "한", "\xff", "\\begin{aligned}", "\\end{aligned}", "\\substack{",
    "\\operatorname{", "\\int", "\\lim", "'", "\\,", "\\tag{",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);
  g_autoptr(GString) deep = g_string_new (NULL);

  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(GString) source = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 1, 24);

      for (guint j = 0; j < n; j++)
        g_string_append (source, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

      for (guint display = 0; display < 2; display++)
        {
          g_autoptr(ConfabMath) math = confab_math_typeset (source->str, source->len, display);

          check_math (math);
        }
    }

  /* Nesting deeper than it typesets fails, at once. */
  for (guint i = 0; i < 2000; i++)
    g_string_append (deep, "{x^");
  {
    g_autoptr(ConfabMath) math = confab_math_typeset (deep->str, deep->len, TRUE);

    g_assert_null (math);
  }

  g_string_truncate (deep, 0);
  for (guint i = 0; i < 1000; i++)
    g_string_append (deep, "\\frac{1}{");
  {
    g_autoptr(ConfabMath) math = confab_math_typeset (deep->str, deep->len, TRUE);

    g_assert_null (math);
  }

  /* Nested fractions up to the limit typeset, in lines. */
  g_string_truncate (deep, 0);
  for (guint i = 0; i < 8; i++)
    g_string_append (deep, "\\frac{1}{1+");
  g_string_append (deep, "x");
  for (guint i = 0; i < 8; i++)
    g_string_append (deep, "}");
  {
    g_autoptr(ConfabMath) math = confab_math_typeset (deep->str, deep->len, TRUE);

    g_assert_nonnull (math);
    g_assert_true (math->grid);
    check_math (math);
  }

  /* A long source is shown as it is. */
  g_string_truncate (deep, 0);
  while (deep->len <= CONFAB_MATH_MAX_SOURCE)
    g_string_append (deep, "x+");
  g_string_append (deep, "x");
  g_assert_null (confab_math_typeset (deep->str, deep->len, FALSE));

  /* A very wide matrix does not take unbounded room. */
  g_string_assign (deep, "\\begin{pmatrix}");
  for (guint i = 0; i < 1500; i++)
    g_string_append (deep, "x&");
  g_string_append (deep, "x\\end{pmatrix}");
  {
    g_autoptr(ConfabMath) math = confab_math_typeset (deep->str, deep->len, TRUE);

    check_math (math);
  }
}

/* Markdown */

typedef struct
{
  ConfabMarkdownStyle style;
  char *text;
  char *source;
} FoundSpan;

static void
found_span_clear (gpointer data)
{
  FoundSpan *found = data;

  g_free (found->text);
  g_free (found->source);
}

/* The formulas of @markdown: their spans' styles, texts and sources. */
static GArray *
find_formulas (const char *markdown,
               GString    *shown)
{
  g_autoptr(ConfabMarkdownDocument) document = confab_markdown_parse (markdown, strlen (markdown));
  GArray *found = g_array_new (FALSE, TRUE, sizeof (FoundSpan));

  g_array_set_clear_func (found, found_span_clear);

  for (guint i = 0; i < document->blocks->len; i++)
    {
      const ConfabMarkdownBlock *block = g_ptr_array_index (document->blocks, i);
      GPtrArray *inlines = g_ptr_array_new ();

      g_ptr_array_add (inlines, (gpointer) &block->content);
      if (block->cells != NULL)
        for (guint j = 0; j < block->cells->len; j++)
          g_ptr_array_add (inlines, g_ptr_array_index (block->cells, j));

      for (guint j = 0; j < inlines->len; j++)
        {
          const ConfabMarkdownInline *inl = g_ptr_array_index (inlines, j);

          for (guint k = 0; k < inl->spans->len; k++)
            {
              const ConfabMarkdownSpan *span = &g_array_index (inl->spans, ConfabMarkdownSpan, k);
              FoundSpan item = { span->style, NULL, NULL };

              if (span->style != CONFAB_MARKDOWN_STYLE_MATH &&
                  span->style != CONFAB_MARKDOWN_STYLE_MATH_GRID &&
                  span->style != CONFAB_MARKDOWN_STYLE_MATH_SOURCE)
                continue;

              g_assert_nonnull (span->source);
              item.text = g_strndup (inl->text->str + span->start, span->end - span->start);
              item.source = g_strdup (span->source);
              g_array_append_val (found, item);
            }
        }

      g_ptr_array_unref (inlines);
    }

  if (shown != NULL)
    confab_markdown_document_append_plain (document, shown);

  return found;
}

static void
test_markdown_delimiters (void)
{
  static const struct
  {
    const char *markdown;
    const char *text;
    const char *source;
  } cases[] = {
    { "Energy is $E = mc^2$.", "E = mc²", "$E = mc^2$" },
    { "Pythagoras: \\(a^2 + b^2 = c^2\\) holds.", "a² + b² = c²", "\\(a^2 + b^2 = c^2\\)" },
    { "$$\\sum_{i=1}^n i$$", " n   \n ∑  i\ni=1  ", "$$\\sum_{i=1}^n i$$" },
    { "\\[\nx_1 + x_2\n\\]", "x₁ + x₂", "\\[\nx_1 + x_2\n\\]" },
    { "*Stress:* **$\\sigma$**", "σ", "$\\sigma$" },
    { "A $5 bill and $x$.", "x", "$x$" },
    { "Escaped \\$ and $y$", "y", "$y$" },
    { "- item $x_1$", "x₁", "$x_1$" },
    { "# Heading $\\alpha$", "α", "$\\alpha$" },
    { "> quoted $\\beta$", "β", "$\\beta$" },
    { "> $$\n> x_1 +\n> y\n> $$", "x₁ + y", "$$\n> x_1 +\n> y\n> $$" },
    { "- a list:\n\n  \\[\n  - x\n  \\]", "−x", "\\[\n  - x\n  \\]" },
    { "\\(\\sqrt{2}\\)", "√2", "\\(\\sqrt{2}\\)" },
    { "\\(a \\\\ b\\)", "\\(a \\\\ b\\)", "\\(a \\\\ b\\)" },
    { "| a |\n|---|\n| $x^2$ |", "x²", "$x^2$" },
    { "Not typeset: $\\foo{x}$", "$\\foo{x}$", "$\\foo{x}$" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) found = find_formulas (cases[i].markdown, NULL);
      g_autofree char *text = NULL;

      if (found->len != 1)
        g_error ("%s has %u formulas", cases[i].markdown, found->len);

      /* Lines of a grid are U+2028 in a paragraph. */
      {
        g_auto(GStrv) lines = g_strsplit (g_array_index (found, FoundSpan, 0).text, "\xe2\x80\xa8", -1);

        text = g_strjoinv ("\n", lines);
      }
      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_cmpstr (g_array_index (found, FoundSpan, 0).source, ==, cases[i].source);
    }
}

/* Dollars that are not math stay as they are, and code stays code. */
static void
test_markdown_not_math (void)
{
  static const struct
  {
    const char *markdown;
    const char *plain;
  } cases[] = {
    { "It costs $5 and $10.", "It costs $5 and $10." },
    { "Between $5 and $10, or $20.", "Between $5 and $10, or $20." },
    { "Pay $ 5 $ now", "Pay $ 5 $ now" },
    { "From $3$4 on", "From $3$4 on" },
    { "Use `$x$` in code", "Use $x$ in code" },
    { "```\n$x$ and \\(y\\)\n```", "$x$ and \\(y\\)" },
    { "    indented $x$", "indented $x$" },
    { "Escaped \\$x\\$", "Escaped $x$" },
    { "$$$x$$$", "$$$x$$$" },
    { "[a link](https://example.com/$x$)", "a link" },
    { "two\n\n$$\nx\n\nz\n$$", "two\n\n$$ x\n\nz $$" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) plain = g_string_new (NULL);
      g_autoptr(GArray) found = find_formulas (cases[i].markdown, plain);

      /* An indented code block is code, whatever it shows. */
      if (g_str_has_prefix (cases[i].markdown, "    "))
        {
          g_assert_cmpstr (plain->str, ==, "indented $x$");
          continue;
        }

      if (found->len != 0)
        g_error ("%s has a formula: %s", cases[i].markdown, g_array_index (found, FoundSpan, 0).source);
      g_assert_cmpstr (plain->str, ==, cases[i].plain);
    }
}

static void
test_markdown_link (void)
{
  const char *markdown = "[cost](https://example.com/$5$/$6) and $x$";
  g_autoptr(ConfabMarkdownDocument) document = confab_markdown_parse (markdown, strlen (markdown));
  const ConfabMarkdownBlock *block = g_ptr_array_index (document->blocks, 0);
  gboolean link = FALSE;

  for (guint i = 0; i < block->content.spans->len; i++)
    {
      const ConfabMarkdownSpan *span = &g_array_index (block->content.spans, ConfabMarkdownSpan, i);

      if (span->style == CONFAB_MARKDOWN_STYLE_LINK)
        {
          g_assert_cmpstr (span->href, ==, "https://example.com/$5$/$6");
          link = TRUE;
        }
    }

  g_assert_true (link);
  g_assert_cmpstr (block->content.text->str, ==, "cost and x");
}

/* Display math is a block of its own, between the text around it. */
static void
test_markdown_display_block (void)
{
  const char *markdown = "The sum\n$$\n\\frac{a}{b}\n$$\nis a fraction, and\n\\[ x^2 \\]\nis a square.";
  g_autoptr(ConfabMarkdownDocument) document = confab_markdown_parse (markdown, strlen (markdown));
  static const struct
  {
    ConfabMarkdownBlockKind kind;
    const char *text;
  } expected[] = {
    { CONFAB_MARKDOWN_BLOCK_PARAGRAPH, "The sum" },
    { CONFAB_MARKDOWN_BLOCK_MATH, " a \xe2\x80\xa8───\xe2\x80\xa8 b " },
    { CONFAB_MARKDOWN_BLOCK_PARAGRAPH, "is a fraction, and" },
    { CONFAB_MARKDOWN_BLOCK_MATH, "x²" },
    { CONFAB_MARKDOWN_BLOCK_PARAGRAPH, "is a square." },
  };

  g_assert_cmpuint (document->blocks->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const ConfabMarkdownBlock *block = g_ptr_array_index (document->blocks, i);

      g_assert_cmpint (block->kind, ==, expected[i].kind);
      g_assert_cmpstr (block->content.text->str, ==, expected[i].text);
    }
}

/* Display math whose lines look like Markdown blocks stays one formula. */
static void
test_markdown_display_lines (void)
{
  const char *markdown = "$$\n\\begin{aligned}\na &= b \\\\\n- c &= d \\\\\n+ e &= f\n\\end{aligned}\n$$";
  g_autoptr(GArray) found = find_formulas (markdown, NULL);

  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, FoundSpan, 0).style, ==, CONFAB_MARKDOWN_STYLE_MATH_GRID);
  g_assert_cmpstr (g_array_index (found, FoundSpan, 0).source, ==, markdown);
}

/* The answers Gemini writes, whole: no dollar is left to see. */
static void
test_markdown_no_stray_dollars (void)
{
  static const char *answers[] = {
    "The quadratic formula is $x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}$, where $a \\neq 0$.",
    "For $n \\geq 1$:\n\n$$\\sum_{k=1}^{n} k^2 = \\frac{n(n+1)(2n+1)}{6}$$\n\nso $S_3 = 14$.",
    "**Euler:** $e^{i\\pi} + 1 = 0$ and $\\lim_{n\\to\\infty}(1 + 1/n)^n = e$.",
    "1. $f(x) = x^2$\n2. $f'(x) = 2x$\n3. $$\\int_0^1 x^2\\,dx = \\frac{1}{3}$$",
    "행렬 $A = \\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}$의 행렬식은 $\\det A = -2$예요.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(GString) plain = g_string_new (NULL);
      g_autoptr(GArray) found = find_formulas (answers[i], plain);

      g_assert_cmpuint (found->len, >, 0);
      if (strchr (plain->str, '$') != NULL)
        g_error ("%s\nshows\n%s", answers[i], plain->str);
      for (guint j = 0; j < found->len; j++)
        g_assert_cmpint (g_array_index (found, FoundSpan, j).style, !=, CONFAB_MARKDOWN_STYLE_MATH_SOURCE);
    }
}

/* While an answer streams, math that has begun and not ended waits. */
static void
test_markdown_pending (void)
{
  static const struct
  {
    const char *markdown;
    gssize pending;
  } cases[] = {
    { "Energy is $E = mc", 10 },
    { "Energy is $E = mc^2$ and", -1 },
    { "It costs $5", -1 },
    { "It costs $5 and $10", -1 },
    { "so \\(a \\neq", 3 },
    { "Sum:\n$$\n\\sum_{i=1}^n", 5 },
    { "Sum:\n\\[\n\\sum", 5 },
    { "Sum:\n$$\n\\sum\n$$\nso", -1 },
    { "a $", 2 },
    { "a \\", 2 },
    { "```sh\necho $HOME", -1 },
    { "`$x` and", -1 },
    { "$x$ then\n\nnew $y", 14 },
    { "old $y\n\nnew", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize length = strlen (cases[i].markdown);
      gsize pending = confab_markdown_find_pending_math (cases[i].markdown, length);

      if (pending != (cases[i].pending < 0 ? length : (gsize) cases[i].pending))
        g_error ("%s: pending at %" G_GSIZE_FORMAT, cases[i].markdown, pending);
    }
}

/* Math right next to a word's character is math, and the words around
 * it stay as written, on every md4c: md4c 0.5 pairs no dollar that
 * has a letter on its outer side, and then read "$의 행렬식은 $" as
 * the formula and the backslashes of the text around as escapes.
 */
static void
test_markdown_next_to_words (void)
{
  static const struct
  {
    const char *markdown;
    const char *shown;
    const char *sources[3];
  } cases[] = {
    { "행렬 $A = \\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}$의 행렬식은 $\\det A = -2$예요.",
      NULL,
      { "$A = \\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}$", "$\\det A = -2$" } },
    { "the $n$th term", "the nth term", { "$n$" } },
    { "x$y$z", "xyz", { "$y$" } },
    { "값은$x$이고 \\(y\\)는 $$z$$예요", "값은x이고 y는\n\nz\n\n예요", { "$x$", "\\(y\\)", "$$z$$" } },
    { "é$\\alpha$é", "éαé", { "$\\alpha$" } },
    { "a\xff$x$\xfe" "b", NULL, { "$x$" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) plain = g_string_new (NULL);
      g_autoptr(GArray) found = find_formulas (cases[i].markdown, plain);
      guint n_sources = 0;

      while (n_sources < G_N_ELEMENTS (cases[i].sources) && cases[i].sources[n_sources] != NULL)
        n_sources++;
      if (found->len != n_sources)
        g_error ("%s has %u formulas, not %u", cases[i].markdown, found->len, n_sources);
      for (guint j = 0; j < found->len; j++)
        {
          const FoundSpan *span = &g_array_index (found, FoundSpan, j);

          g_assert_cmpstr (span->source, ==, cases[i].sources[j]);
          g_assert_cmpint (span->style, !=, CONFAB_MARKDOWN_STYLE_MATH_SOURCE);
        }
      if (cases[i].shown != NULL)
        g_assert_cmpstr (plain->str, ==, cases[i].shown);
      g_assert_null (strchr (plain->str, '$'));
    }
}

/* md4c can report a formula inside a formula (found by fuzz-markdown:
 * display math in a quote, with a link whose address holds a $): the
 * inner one is part of the outer one, nothing is lost and nothing is
 * read twice.
 */
static void
test_markdown_nested (void)
{
  static const char *cases[] = {
    "\n> \\[\n$ $-_^[a]($)$ \\$\\s_{$ \\]",
    "> \\[\n> $x$ [a]($y$) \\]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) plain = g_string_new (NULL);
      g_autoptr(GArray) found = find_formulas (cases[i], plain);

      /* One formula, whose source is the whole of it, as written. */
      g_assert_cmpuint (found->len, ==, 1);
      g_assert_cmpstr (g_array_index (found, FoundSpan, 0).source, ==, strstr (cases[i], "\\["));
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/math/typeset/inline", test_inline);
  g_test_add_func ("/math/typeset/display", test_display);
  g_test_add_func ("/math/typeset/spans", test_spans);
  g_test_add_func ("/math/typeset/fails", test_fails);
  g_test_add_func ("/math/typeset/robust", test_robust);
  g_test_add_func ("/math/markdown/delimiters", test_markdown_delimiters);
  g_test_add_func ("/math/markdown/not-math", test_markdown_not_math);
  g_test_add_func ("/math/markdown/link", test_markdown_link);
  g_test_add_func ("/math/markdown/display-block", test_markdown_display_block);
  g_test_add_func ("/math/markdown/display-lines", test_markdown_display_lines);
  g_test_add_func ("/math/markdown/no-stray-dollars", test_markdown_no_stray_dollars);
  g_test_add_func ("/math/markdown/pending", test_markdown_pending);
  g_test_add_func ("/math/markdown/next-to-words", test_markdown_next_to_words);
  g_test_add_func ("/math/markdown/nested", test_markdown_nested);

  return g_test_run ();
}
