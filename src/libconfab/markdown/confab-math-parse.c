/* confab-math-parse.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-math-private.h"

/* Tree */

void
confab_math_node_free (gpointer data)
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

Node *
confab_math_node_new (Parser   *parser,
                      NodeKind  kind)
{
  Node *node = g_new0 (Node, 1);

  /* Atoms, the most, have no children. */
  node->kind = kind;
  if (kind != NODE_ATOM)
    node->children = g_ptr_array_new_with_free_func (confab_math_node_free);

  if (++parser->nodes > MAX_NODES)
    parser->failed = TRUE;

  return node;
}

Node *
confab_math_atom_new (Parser     *parser,
                      AtomClass   klass,
                      const char *text,
                      gssize      length)
{
  Node *node = confab_math_node_new (parser, NODE_ATOM);

  node->klass = klass;
  node->text = length < 0 ? g_strdup (text) : g_strndup (text, length);

  return node;
}

Node *
confab_math_node_child (const Node *node,
                        guint       i)
{
  return node->children != NULL && i < node->children->len ? g_ptr_array_index (node->children, i) : NULL;
}

/* Parsing */

void
confab_math_skip_spaces (Parser *parser)
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
char *
confab_math_read_command (Parser *parser)
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
char *
confab_math_read_braced (Parser *parser)
{
  const char *start;
  guint depth = 1;

  confab_math_skip_spaces (parser);
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
char *
confab_math_unescape_text (const char *text)
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

/* A delimiter after \left, \right or \big: its text, "" for ".". */
char *
confab_math_read_delimiter (Parser *parser)
{
  confab_math_skip_spaces (parser);

  if (parser->p >= parser->end)
    {
      parser->failed = TRUE;
      return g_strdup ("");
    }

  if (*parser->p == '\\')
    {
      g_autofree char *name = confab_math_read_command (parser);
      const Symbol *symbol;

      if (strcmp (name, "{") == 0 || strcmp (name, "}") == 0)
        return g_strdup (name);
      if (strcmp (name, "|") == 0)
        return g_strdup ("‖");
      if ((symbol = confab_math_find_symbol (name)) != NULL)
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
  row = confab_math_parse_row (parser, &stop);
  if (stop != STOP_BRACE)
    parser->failed = TRUE;
  else
    parser->p++;

  return row;
}

/* One character or command, or a group in braces. */
static Node *
parse_atom (Parser *parser)
{
  const char *p;
  gunichar c;

  confab_math_skip_spaces (parser);
  if (parser->p >= parser->end)
    {
      parser->failed = TRUE;
      return NULL;
    }

  p = parser->p;

  if (*p == '{')
    return parse_group (parser);

  if (*p == '\\')
    return confab_math_parse_command (parser);

  if (g_ascii_isalpha (*p))
    {
      parser->p++;
      return confab_math_atom_new (parser, CLASS_VAR, p, 1);
    }

  if (g_ascii_isdigit (*p))
    {
      while (parser->p < parser->end &&
             (g_ascii_isdigit (*parser->p) ||
              (*parser->p == '.' && parser->p + 1 < parser->end && g_ascii_isdigit (parser->p[1]))))
        parser->p++;
      return confab_math_atom_new (parser, CLASS_NUM, p, parser->p - p);
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
          return confab_math_atom_new (parser, CLASS_BIN, "+", -1);
        case '-':
          return confab_math_atom_new (parser, CLASS_BIN, "−", -1);
        case '*':
          return confab_math_atom_new (parser, CLASS_BIN, "∗", -1);
        case '=':
        case '<':
        case '>':
        case ':':
          return confab_math_atom_new (parser, CLASS_REL, p, 1);
        case '(':
        case '[':
          return confab_math_atom_new (parser, CLASS_OPEN, p, 1);
        case ')':
        case ']':
          return confab_math_atom_new (parser, CLASS_CLOSE, p, 1);
        case ',':
        case ';':
          return confab_math_atom_new (parser, CLASS_PUNCT, p, 1);
        case '~':
          return confab_math_atom_new (parser, CLASS_SPACE, "\xc2\xa0", -1);
        case '\'':
          return confab_math_atom_new (parser, CLASS_ORD, "′", -1);
        default:
          if (g_ascii_isprint (*p))
            return confab_math_atom_new (parser, CLASS_ORD, p, 1);
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

  return confab_math_atom_new (parser, g_unichar_isalpha (c) && !g_unichar_iswide (c) ? CLASS_VAR : CLASS_ORD,
                               p, parser->p - p);
}

Node *
confab_math_parse_argument (Parser *parser)
{
  Node *node;

  confab_math_skip_spaces (parser);
  if (parser->p >= parser->end || *parser->p == '}' || *parser->p == '&')
    {
      parser->failed = TRUE;
      return NULL;
    }

  /* A script of one digit: x^23 is x² 3. */
  if (g_ascii_isdigit (*parser->p))
    {
      node = confab_math_atom_new (parser, CLASS_NUM, parser->p, 1);
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

Node *
confab_math_parse_row (Parser *parser,
                       Stop   *stop)
{
  Node *row = confab_math_node_new (parser, NODE_ROW);

  *stop = STOP_END;

  if (++parser->depth > MAX_DEPTH)
    {
      parser->failed = TRUE;
      return row;
    }

  while (!parser->failed)
    {
      Node *item;

      confab_math_skip_spaces (parser);
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

          if (base != NULL && base->kind == NODE_SCRIPT && confab_math_node_child (base, slot) == NULL)
            {
              script = base;
            }
          else
            {
              script = confab_math_node_new (parser, NODE_SCRIPT);
              if (base != NULL)
                {
                  /* The row lets go of its last item for the script. */
                  row->children->pdata[row->children->len - 1] = NULL;
                  g_ptr_array_set_size (row->children, row->children->len - 1);
                  script->limits = base->limits;
                }
              g_ptr_array_add (script->children,
                               base != NULL ? base : confab_math_atom_new (parser, CLASS_ORD, "", -1));
              g_ptr_array_add (script->children, NULL);
              g_ptr_array_add (script->children, NULL);
              g_ptr_array_add (row->children, script);
            }

          script->children->pdata[slot] = confab_math_parse_argument (parser);
          continue;
        }

      item = parse_atom (parser);
      if (item != NULL)
        g_ptr_array_add (row->children, item);
    }

  parser->depth--;

  return row;
}
