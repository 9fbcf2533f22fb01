/* confab-label.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-label.h"

/* Forbids line breaks inside each run of text between spaces. */
static void
confab_label_keep_words_apply (GtkLabel *label)
{
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  const char *text = gtk_label_get_text (label);
  const char *word = NULL;

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && !g_unichar_isspace (c))
        {
          if (word == NULL)
            word = p;
          continue;
        }

      if (word != NULL)
        {
          PangoAttribute *attr = pango_attr_allow_breaks_new (FALSE);

          attr->start_index = word - text;
          attr->end_index = p - text;
          pango_attr_list_insert (attrs, attr);
          word = NULL;
        }

      if (c == 0)
        break;
    }

  gtk_label_set_attributes (label, attrs);
}

static void
confab_label_keep_words_label_cb (GtkLabel   *label,
                                  GParamSpec *pspec,
                                  gpointer    user_data)
{
  confab_label_keep_words_apply (label);
}

/**
 * confab_label_keep_words:
 * @label: a label that wraps
 *
 * Has @label break its lines only between words, as Korean text is
 * set (CSS calls it `word-break: keep-all`), now and whenever its text
 * changes.
 *
 * Pango follows the Unicode line breaking rules, which allow a break
 * between any two Hangul syllables: a Korean title that just misses
 * the width splits its last word ("아직 채팅이 없습니 / 다").  Korean
 * puts spaces between words, so breaking only there reads as it
 * should.  A single word wider than the label is not broken: the
 * label asks for its width instead.
 *
 * Meant for short labels: titles and headings.  It replaces the
 * label's own #GtkLabel:attributes.
 */
void
confab_label_keep_words (GtkLabel *label)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  g_signal_connect (label, "notify::label", G_CALLBACK (confab_label_keep_words_label_cb), NULL);
  confab_label_keep_words_apply (label);
}
