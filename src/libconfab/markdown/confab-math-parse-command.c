/* confab-math-parse-command.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-math-private.h"

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
  g_autofree char *name = confab_math_read_braced (parser);
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
      Node *body = confab_math_parse_row (parser, &stop);

      if (stop != STOP_END_ENVIRONMENT)
        parser->failed = TRUE;
      else
        {
          g_free (confab_math_read_command (parser));
          g_free (confab_math_read_braced (parser));
        }
      return body;
    }

  for (i = 0; i < confab_math_n_environments; i++)
    if (strcmp (confab_math_environments[i].name, name) == 0)
      break;

  if (i == confab_math_n_environments)
    {
      parser->failed = TRUE;
      return NULL;
    }

  /* The column specification of an array, or an alignat's count. */
  confab_math_skip_spaces (parser);
  if ((strcmp (name, "array") == 0 || g_str_has_prefix (name, "alignat")) &&
      parser->p < parser->end && *parser->p == '{')
    g_free (confab_math_read_braced (parser));

  grid = confab_math_node_new (parser, NODE_GRID);
  grid->grid = confab_math_environments[i].grid;
  grid->open = g_strdup (confab_math_environments[i].open);
  grid->close = g_strdup (confab_math_environments[i].close);
  row = confab_math_node_new (parser, NODE_ROW);
  g_ptr_array_add (grid->children, row);

  while (!parser->failed)
    {
      Stop stop;
      Node *cell = confab_math_parse_row (parser, &stop);

      g_ptr_array_add (row->children, cell);

      if (stop == STOP_AMPERSAND)
        {
          parser->p++;
        }
      else if (stop == STOP_NEW_ROW)
        {
          g_free (confab_math_read_command (parser));
          confab_math_skip_spaces (parser);
          /* Space asked for between the rows: \\[2pt]. */
          if (parser->p < parser->end && *parser->p == '[')
            {
              while (parser->p < parser->end && *parser->p != ']')
                parser->p++;
              if (parser->p < parser->end)
                parser->p++;
            }
          row = confab_math_node_new (parser, NODE_ROW);
          g_ptr_array_add (grid->children, row);
        }
      else if (stop == STOP_END_ENVIRONMENT)
        {
          g_free (confab_math_read_command (parser));
          end_name = confab_math_read_braced (parser);
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

Node *
confab_math_parse_command (Parser *parser)
{
  g_autofree char *name = confab_math_read_command (parser);
  const Symbol *symbol;

  if (parser->failed)
    return NULL;

  /* One character that is not a letter. */
  if (!g_ascii_isalpha (name[0]))
    {
      switch (name[0])
        {
        case ',':
          return confab_math_atom_new (parser, CLASS_SPACE, "\xe2\x80\x89", -1);
        case ':':
        case ';':
        case '>':
          return confab_math_atom_new (parser, CLASS_SPACE, "\xe2\x80\x85", -1);
        case ' ':
          return confab_math_atom_new (parser, CLASS_SPACE, " ", -1);
        case '!':
          return confab_math_atom_new (parser, CLASS_SPACE, "", -1);
        case '{':
          return confab_math_atom_new (parser, CLASS_OPEN, "{", -1);
        case '}':
          return confab_math_atom_new (parser, CLASS_CLOSE, "}", -1);
        case '|':
          return confab_math_atom_new (parser, CLASS_ORD, "‖", -1);
        case '$':
        case '%':
        case '&':
        case '#':
        case '_':
          return confab_math_atom_new (parser, CLASS_ORD, name, -1);
        default:
          parser->failed = TRUE;
          return NULL;
        }
    }

  if ((symbol = confab_math_find_symbol (name)) != NULL)
    {
      Node *atom = confab_math_atom_new (parser, symbol->klass, symbol->text, -1);

      atom->limits = symbol->klass == CLASS_OP && !g_str_has_suffix (name, "int");
      return atom;
    }

  if (confab_math_in_list (name, confab_math_functions_with_limits, confab_math_n_functions_with_limits))
    {
      Node *atom = confab_math_atom_new (parser, CLASS_FUNC, name, -1);

      atom->limits = TRUE;
      return atom;
    }

  if (confab_math_in_list (name, confab_math_functions, confab_math_n_functions))
    return confab_math_atom_new (parser, CLASS_FUNC, name, -1);

  if (strcmp (name, "frac") == 0 || strcmp (name, "dfrac") == 0 || strcmp (name, "tfrac") == 0 ||
      strcmp (name, "cfrac") == 0)
    {
      Node *frac = confab_math_node_new (parser, NODE_FRAC);

      g_ptr_array_add (frac->children, confab_math_parse_argument (parser));
      g_ptr_array_add (frac->children, confab_math_parse_argument (parser));
      frac->linear = name[0] == 't';
      return frac;
    }

  if (strcmp (name, "binom") == 0 || strcmp (name, "dbinom") == 0 || strcmp (name, "tbinom") == 0 ||
      strcmp (name, "choose") == 0)
    {
      Node *binom = confab_math_node_new (parser, NODE_BINOM);

      if (strcmp (name, "choose") == 0)
        parser->failed = TRUE;
      g_ptr_array_add (binom->children, confab_math_parse_argument (parser));
      g_ptr_array_add (binom->children, confab_math_parse_argument (parser));
      return binom;
    }

  if (strcmp (name, "sqrt") == 0)
    {
      Node *sqrt = confab_math_node_new (parser, NODE_SQRT);
      Node *index = NULL;

      confab_math_skip_spaces (parser);
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
          index = confab_math_parse_row (&inner, &stop);
          parser->nodes = inner.nodes;
          if (inner.failed || stop != STOP_END)
            parser->failed = TRUE;
          parser->p++;
        }

      g_ptr_array_add (sqrt->children, confab_math_parse_argument (parser));
      g_ptr_array_add (sqrt->children, index);
      return sqrt;
    }

  if (strcmp (name, "text") == 0 || strcmp (name, "textrm") == 0 || strcmp (name, "textnormal") == 0 ||
      strcmp (name, "mbox") == 0 || strcmp (name, "textbf") == 0 || strcmp (name, "textit") == 0 ||
      strcmp (name, "textsf") == 0 || strcmp (name, "texttt") == 0 || strcmp (name, "emph") == 0 ||
      strcmp (name, "textup") == 0 || strcmp (name, "hbox") == 0)
    {
      g_autofree char *text = confab_math_read_braced (parser);
      g_autofree char *unescaped = text != NULL ? confab_math_unescape_text (text) : NULL;

      return confab_math_atom_new (parser, CLASS_TEXT, unescaped != NULL ? unescaped : "", -1);
    }

  if (strcmp (name, "operatorname") == 0 || strcmp (name, "operatorname*") == 0)
    {
      g_autofree char *text = confab_math_read_braced (parser);
      g_autofree char *unescaped = text != NULL ? confab_math_unescape_text (text) : NULL;
      Node *atom = confab_math_atom_new (parser, CLASS_FUNC, unescaped != NULL ? unescaped : "", -1);

      atom->limits = name[strlen (name) - 1] == '*';
      return atom;
    }

  if (strcmp (name, "mathrm") == 0 || strcmp (name, "mathsf") == 0 || strcmp (name, "mathtt") == 0 ||
      strcmp (name, "mathit") == 0 || strcmp (name, "mathbf") == 0 || strcmp (name, "boldsymbol") == 0 ||
      strcmp (name, "bm") == 0 || strcmp (name, "mathbb") == 0 || strcmp (name, "mathcal") == 0 ||
      strcmp (name, "mathscr") == 0 || strcmp (name, "mathfrak") == 0 || strcmp (name, "mathnormal") == 0)
    {
      Node *body = confab_math_parse_argument (parser);
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

  for (guint i = 0; i < confab_math_n_accents; i++)
    if (strcmp (confab_math_accents[i].name, name) == 0)
      {
        Node *accent = confab_math_node_new (parser, NODE_ACCENT);

        accent->text = g_strdup (confab_math_accents[i].mark);
        accent->limits = strcmp (name, "overline") == 0 || strcmp (name, "underline") == 0;
        g_ptr_array_add (accent->children, confab_math_parse_argument (parser));
        return accent;
      }

  if (strcmp (name, "left") == 0)
    {
      Node *fenced = confab_math_node_new (parser, NODE_FENCED);
      Stop stop;

      fenced->open = confab_math_read_delimiter (parser);
      g_ptr_array_add (fenced->children, confab_math_parse_row (parser, &stop));
      if (stop != STOP_RIGHT)
        {
          parser->failed = TRUE;
          return fenced;
        }
      g_free (confab_math_read_command (parser));
      fenced->close = confab_math_read_delimiter (parser);
      return fenced;
    }

  if (g_str_has_prefix (name, "big") || g_str_has_prefix (name, "Big") || strcmp (name, "middle") == 0)
    {
      if (confab_math_in_list (name, confab_math_ignored, confab_math_n_ignored))
        {
          g_autofree char *delimiter = confab_math_read_delimiter (parser);
          gsize length = strlen (name);
          AtomClass klass = name[length - 1] == 'l' ? CLASS_OPEN : name[length - 1] == 'r' ? CLASS_CLOSE : CLASS_ORD;

          if (klass == CLASS_ORD && (strcmp (delimiter, "(") == 0 || strcmp (delimiter, "[") == 0))
            klass = CLASS_OPEN;
          else if (klass == CLASS_ORD && (strcmp (delimiter, ")") == 0 || strcmp (delimiter, "]") == 0))
            klass = CLASS_CLOSE;
          return confab_math_atom_new (parser, klass, delimiter, -1);
        }
    }

  if (strcmp (name, "not") == 0)
    {
      static const char *negations[] = { "=", "≠", "∈", "∉", "<", "≮", ">", "≯", "≡", "≢",
                                         "⊂", "⊄", "⊆", "⊈", "∃", "∄", "∼", "≁", "≤", "≰", "≥", "≱" };
      Node *next = confab_math_parse_argument (parser);

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
      Node *script = confab_math_node_new (parser, NODE_SCRIPT);
      Node *over = confab_math_parse_argument (parser);
      Node *base = confab_math_parse_argument (parser);
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
      Node *body = confab_math_parse_argument (parser);

      if (g_str_has_suffix (name, "phantom"))
        {
          confab_math_node_free (body);
          return confab_math_atom_new (parser, CLASS_SPACE, "", -1);
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
      g_autofree char *text = confab_math_read_braced (parser);
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
      Node *row = confab_math_node_new (parser, NODE_ROW);
      Node *argument = confab_math_parse_argument (parser);

      if (name[0] == 'p')
        {
          g_ptr_array_add (row->children, confab_math_atom_new (parser, CLASS_SPACE, " ", -1));
          g_ptr_array_add (row->children, confab_math_atom_new (parser, CLASS_OPEN, "(", -1));
        }
      else
        {
          g_ptr_array_add (row->children, confab_math_atom_new (parser, CLASS_SPACE, " ", -1));
        }
      g_ptr_array_add (row->children, confab_math_atom_new (parser, CLASS_TEXT, "mod ", -1));
      g_ptr_array_add (row->children, argument);
      if (name[0] == 'p')
        g_ptr_array_add (row->children, confab_math_atom_new (parser, CLASS_CLOSE, ")", -1));
      return row;
    }

  if (strcmp (name, "color") == 0)
    {
      g_free (confab_math_read_braced (parser));
      return confab_math_atom_new (parser, CLASS_SPACE, "", -1);
    }

  if (strcmp (name, "textcolor") == 0 || strcmp (name, "colorbox") == 0)
    {
      g_free (confab_math_read_braced (parser));
      return confab_math_parse_argument (parser);
    }

  if (strcmp (name, "label") == 0)
    {
      g_free (confab_math_read_braced (parser));
      return confab_math_atom_new (parser, CLASS_SPACE, "", -1);
    }

  if (strcmp (name, "tag") == 0 || strcmp (name, "tag*") == 0)
    {
      g_autofree char *text = confab_math_read_braced (parser);
      g_autofree char *tag = text != NULL ? g_strdup_printf ("\xe2\x80\x83(%s)", text) : NULL;

      return confab_math_atom_new (parser, CLASS_TEXT, tag != NULL ? tag : "", -1);
    }

  if (strcmp (name, "begin") == 0)
    return parse_environment (parser);

  if (confab_math_in_list (name, confab_math_ignored, confab_math_n_ignored))
    return confab_math_atom_new (parser, CLASS_SPACE, "", -1);

  parser->failed = TRUE;
  return NULL;
}
