/* confab-math-symbols.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-math-private.h"

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
const char *confab_math_functions_with_limits[] = {
  "lim", "liminf", "limsup", "max", "min", "sup", "inf", "det", "Pr", "gcd", "argmax", "argmin",
};
const guint confab_math_n_functions_with_limits = G_N_ELEMENTS (confab_math_functions_with_limits);

const char *confab_math_functions[] = {
  "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
  "coth", "log", "ln", "lg", "exp", "deg", "dim", "ker", "arg", "hom", "lcm", "sgn", "tr", "rank",
};
const guint confab_math_n_functions = G_N_ELEMENTS (confab_math_functions);

/* Commands that change nothing of the text. */
const char *confab_math_ignored[] = {
  "displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle", "limits", "nolimits",
  "nonumber", "notag", "hline", "hdashline", "middle", "big", "Big", "bigg", "Bigg", "bigl",
  "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr", "bigm", "Bigm", "left", "strut",
  "allowbreak", "mathstrut", "nobreak",
};
const guint confab_math_n_ignored = G_N_ELEMENTS (confab_math_ignored);

const Accent confab_math_accents[] = {
  { "hat", "\xcc\x82" }, { "widehat", "\xcc\x82" }, { "bar", "\xcc\x84" },
  { "overline", "\xcc\x85" }, { "vec", "\xe2\x83\x97" }, { "overrightarrow", "\xe2\x83\x97" },
  { "dot", "\xcc\x87" }, { "ddot", "\xcc\x88" }, { "tilde", "\xcc\x83" },
  { "widetilde", "\xcc\x83" }, { "underline", "\xcc\xb2" }, { "acute", "\xcc\x81" },
  { "grave", "\xcc\x80" }, { "breve", "\xcc\x86" }, { "check", "\xcc\x8c" },
};
const guint confab_math_n_accents = G_N_ELEMENTS (confab_math_accents);

const Environment confab_math_environments[] = {
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
const guint confab_math_n_environments = G_N_ELEMENTS (confab_math_environments);

/* Unicode's superscripts and subscripts, a pair of strings each. */
const char *confab_math_superscripts[] = {
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
const guint confab_math_n_superscripts = G_N_ELEMENTS (confab_math_superscripts);

const char *confab_math_subscripts[] = {
  "0", "₀", "1", "₁", "2", "₂", "3", "₃", "4", "₄", "5", "₅", "6", "₆", "7", "₇", "8", "₈",
  "9", "₉", "+", "₊", "−", "₋", "-", "₋", "=", "₌", "(", "₍", ")", "₎", "a", "ₐ", "e", "ₑ",
  "h", "ₕ", "i", "ᵢ", "j", "ⱼ", "k", "ₖ", "l", "ₗ", "m", "ₘ", "n", "ₙ", "o", "ₒ", "p", "ₚ",
  "r", "ᵣ", "s", "ₛ", "t", "ₜ", "u", "ᵤ", "v", "ᵥ", "x", "ₓ", "β", "ᵦ", "γ", "ᵧ", "ρ", "ᵨ",
  "ϕ", "ᵩ", "φ", "ᵩ", "χ", "ᵪ",
};
const guint confab_math_n_subscripts = G_N_ELEMENTS (confab_math_subscripts);

const VulgarFraction confab_math_vulgar_fractions[] = {
  { "1", "2", "½" }, { "1", "3", "⅓" }, { "2", "3", "⅔" }, { "1", "4", "¼" }, { "3", "4", "¾" },
  { "1", "5", "⅕" }, { "2", "5", "⅖" }, { "3", "5", "⅗" }, { "4", "5", "⅘" }, { "1", "6", "⅙" },
  { "5", "6", "⅚" }, { "1", "8", "⅛" }, { "3", "8", "⅜" }, { "5", "8", "⅝" }, { "7", "8", "⅞" },
};
const guint confab_math_n_vulgar_fractions = G_N_ELEMENTS (confab_math_vulgar_fractions);

const Symbol *
confab_math_find_symbol (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
    if (strcmp (symbols[i].name, name) == 0)
      return &symbols[i];

  return NULL;
}

gboolean
confab_math_in_list (const char  *name,
                     const char **list,
                     guint        n)
{
  for (guint i = 0; i < n; i++)
    if (strcmp (list[i], name) == 0)
      return TRUE;

  return FALSE;
}

/* @text in Unicode's superscripts or subscripts, or NULL. */
char *
confab_math_map_script (const char  *text,
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
