/* confab-estimate.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "confab-estimate.h"
#include "confab-estimate-count.h"
#include "confab-pricing-private.h"

/* Costs in thousandths of a token, so that a Hangul syllable can cost
 * nine tenths of one.  Measured on the prompts of
 * tests/estimate-fixtures.json against Gemini's tokenizer; README.md
 * says how close the estimate comes.
 */
#define MILLI 1000
#define WORD_LETTERS 9         /* an English word up to this long is one token */
#define LONG_WORD_LETTERS 4    /* each further this many letters, one more */
#define HANGUL_SYLLABLE 900
#define OTHER_LETTER 400       /* accented Latin, Greek, Cyrillic… in a word */
#define CJK_CHARACTER 600      /* kana, ideographs */
#define PUNCTUATION_RUN 500    /* each mark after the first of a run */

/* The framing of the assistant's turn that the server counted with the
 * answer's prompt ("<start_of_turn>model\n") and the end of that turn,
 * which it did not.
 */
#define COUNTED_TURN_END (CONFAB_ESTIMATE_MESSAGE_OVERHEAD - 3)

typedef struct
{
  const char   *model;
  gint64        context_window;
} ContextWindow;

static const ContextWindow context_windows[] = {
  { "gemini-3.1-pro-preview", 1048576 },
};

static gboolean
is_hangul_syllable (gunichar ch)
{
  return ch >= 0xAC00 && ch <= 0xD7A3;
}

static gboolean
is_cjk (gunichar ch)
{
  return (ch >= 0x3040 && ch <= 0x30FF) ||     /* kana */
         (ch >= 0x3400 && ch <= 0x4DBF) ||     /* CJK extension A */
         (ch >= 0x4E00 && ch <= 0x9FFF) ||     /* CJK ideographs */
         (ch >= 0xF900 && ch <= 0xFAFF) ||
         (ch >= 0x20000 && ch <= 0x2FFFF);
}

static gint64
word_cost (guint letters)
{
  if (letters == 0)
    return 0;
  if (letters <= WORD_LETTERS)
    return MILLI;

  return MILLI + (gint64) ((letters - WORD_LETTERS + LONG_WORD_LETTERS - 1) / LONG_WORD_LETTERS) * MILLI;
}

/**
 * confab_estimate_text_tokens:
 * @text: (nullable): UTF-8 text; invalid bytes count as one token each
 * @length: its length in bytes, or -1 when it ends in a NUL
 *
 * Estimates the tokens of @text from its characters: a run of ASCII
 * letters (a word; a capital after small letters starts another, as in
 * GtkListView) is one token up to WORD_LETTERS letters and one more for
 * every LONG_WORD_LETTERS beyond; a digit, a symbol or a punctuation
 * mark is one, half of one after another mark; a space before a word is
 * part of the word, a run of other white space one; a Hangul syllable
 * nine tenths of one; kana and CJK ideographs six tenths; other letters
 * within a word four tenths.
 * It takes time in proportion to @length, and allocates nothing.
 *
 * Returns: the estimate, rounded up
 */
gint64
confab_estimate_text_tokens (const char *text,
                             gssize      length)
{
  const char *p;
  const char *end;
  gint64 milli = 0;
  guint letters = 0;
  gboolean last_lower = FALSE;
  gboolean in_space = FALSE;
  gboolean in_punctuation = FALSE;

  if (text == NULL)
    return 0;

  if (length < 0)
    length = strlen (text);

  p = text;
  end = text + length;
  while (p < end)
    {
      guchar byte = (guchar) *p;
      gboolean after_punctuation = in_punctuation;

      in_punctuation = FALSE;

      if (byte < 0x80)
        {
          p++;

          if (g_ascii_isalpha (byte))
            {
              /* camelCase and PascalCase split where a capital follows. */
              if (g_ascii_isupper (byte) && last_lower)
                {
                  milli += word_cost (letters);
                  letters = 0;
                }
              letters++;
              last_lower = g_ascii_islower (byte);
              in_space = FALSE;
              continue;
            }

          milli += word_cost (letters);
          letters = 0;
          last_lower = FALSE;

          if (byte == ' ')
            {
              /* One space goes with the word after it; more are a run. */
              if (p < end && *p == ' ' && !in_space)
                {
                  milli += MILLI;
                  in_space = TRUE;
                }
              continue;
            }

          if (g_ascii_isspace (byte))
            {
              if (!in_space)
                milli += MILLI;
              in_space = TRUE;
              continue;
            }

          in_space = FALSE;
          /* Digits one by one; marks in a run, as in JSON's ":", go
           * together in part.
           */
          if (g_ascii_ispunct (byte) && after_punctuation)
            milli += PUNCTUATION_RUN;
          else
            milli += MILLI;
          in_punctuation = g_ascii_ispunct (byte);
          continue;
        }
      else
        {
          gunichar ch = g_utf8_get_char_validated (p, end - p);

          in_space = FALSE;

          if (ch == (gunichar) -1 || ch == (gunichar) -2)
            {
              milli += word_cost (letters) + MILLI;
              letters = 0;
              last_lower = FALSE;
              p++;
              continue;
            }

          p = g_utf8_next_char (p);

          if (is_hangul_syllable (ch))
            {
              milli += word_cost (letters) + HANGUL_SYLLABLE;
              letters = 0;
            }
          else if (is_cjk (ch))
            {
              milli += word_cost (letters) + CJK_CHARACTER;
              letters = 0;
            }
          else if (g_unichar_isalpha (ch))
            {
              /* Part of the word around it: accents cost more. */
              milli += OTHER_LETTER;
              continue;
            }
          else
            {
              milli += word_cost (letters) + MILLI;
              letters = 0;
            }

          last_lower = FALSE;
        }
    }

  milli += word_cost (letters);

  return (milli + MILLI - 1) / MILLI;
}

/**
 * confab_estimate_get_context_window:
 * @model: (nullable): a model name
 *
 * Returns: the most tokens a prompt for @model may have, or 0 when that
 *   is not known
 */
gint64
confab_estimate_get_context_window (const char *model)
{
  if (model == NULL)
    return 0;

  for (guint i = 0; i < G_N_ELEMENTS (context_windows); i++)
    if (strcmp (context_windows[i].model, model) == 0)
      return context_windows[i].context_window;

  return 0;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

/* As confab-request.c decides it: an answer goes into the request when
 * it has text and was complete.
 */
static gboolean
is_said (ConfabMessage *answer)
{
  return confab_message_get_state (answer) == CONFAB_MESSAGE_STATE_COMPLETE &&
         !is_blank (confab_message_get_content (answer));
}

/* The answer's counts, when the server reported them. */
static gboolean
get_counted (ConfabMessage *answer,
             gint64        *counted)
{
  ConfabUsage *usage;
  gint64 prompt, completion, reasoning;

  if (confab_message_get_role (answer) != CONFAB_ROLE_ASSISTANT ||
      confab_message_get_state (answer) != CONFAB_MESSAGE_STATE_COMPLETE ||
      (usage = confab_message_get_usage (answer)) == NULL)
    return FALSE;

  prompt = confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT);
  completion = confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION);
  reasoning = confab_usage_get_field (usage, CONFAB_USAGE_FIELD_REASONING);
  if (prompt < 0 || completion < 0)
    return FALSE;

  *counted = prompt + MAX (completion - MAX (reasoning, 0), 0);

  return TRUE;
}

/* Adds the text of @message, counted once and kept with it; a long
 * text not counted yet goes to @uncounted instead, when given.
 */
static void
add_message (ConfabEstimate *estimate,
             ConfabMessage  *message,
             GPtrArray      *uncounted)
{
  gint64 tokens;

  estimate->framing += CONFAB_ESTIMATE_MESSAGE_OVERHEAD;
  if (confab_estimate_count_peek (message, &tokens))
    estimate->text += tokens;
  else if (uncounted != NULL && confab_estimate_count_is_long (message))
    g_ptr_array_add (uncounted, g_object_ref (message));
  else
    estimate->text += confab_estimate_count_message (message);
}

static void
add_prompt (ConfabEstimate *estimate,
            ConfabMessage  *prompt,
            GPtrArray      *uncounted)
{
  add_message (estimate, prompt, uncounted);

  for (guint i = 0; i < confab_message_get_n_attachments (prompt); i++)
    confab_estimate_add_image (estimate, confab_message_get_attachment (prompt, i));
}

/**
 * confab_estimate_for_messages:
 * @messages: a #GListModel of #ConfabMessage
 * @system_prompt: (nullable): the system prompt, when it goes in
 * @estimate: (out caller-allocates): what the request carries before
 *   the new text
 *
 * From the last answer whose usage was reported, its counts, and the
 * exchanges after it estimated; with none, everything estimated: the
 * request's framing, @system_prompt and the exchanges.  Exchanges go in
 * as confab_request_build_body() puts them: a prompt with the last of
 * its answers that was said, a prompt without one not at all (the new
 * text comes after it).
 */
void
confab_estimate_for_messages (GListModel     *messages,
                              const char     *system_prompt,
                              ConfabEstimate *estimate)
{
  g_return_if_fail (G_IS_LIST_MODEL (messages));

  confab_estimate_for_messages_before (messages, g_list_model_get_n_items (messages),
                                       system_prompt, estimate);
}

/**
 * confab_estimate_for_messages_before:
 * @messages: a #GListModel of #ConfabMessage
 * @end: how many of the first @messages go in; more than there are
 *   means all
 * @system_prompt: (nullable): the system prompt, when it goes in
 * @estimate: (out caller-allocates): what the request carries before
 *   the new text
 *
 * As confab_estimate_for_messages() with the messages before @end
 * alone: what the request that sends a new version of the prompt at
 * @end carries before its text, the history up to that prompt.
 */
void
confab_estimate_for_messages_before (GListModel     *messages,
                                     guint           end,
                                     const char     *system_prompt,
                                     ConfabEstimate *estimate)
{
  g_return_if_fail (G_IS_LIST_MODEL (messages));
  g_return_if_fail (estimate != NULL);

  confab_estimate_for_messages_counted (messages, end, system_prompt, estimate, NULL);
}

/**
 * confab_estimate_for_messages_counted:
 * @messages: a #GListModel of #ConfabMessage
 * @end: as for confab_estimate_for_messages_before()
 * @system_prompt: (nullable): the system prompt, when it goes in
 * @estimate: (out caller-allocates): what the request carries before
 *   the new text
 * @uncounted: (out) (optional) (transfer full) (element-type ConfabMessage):
 *   the messages whose long text must first be counted
 *
 * As confab_estimate_for_messages_before(), with each message's text
 * counted once and kept with it (confab-estimate-count.h).  When
 * @uncounted is given, a long text not counted yet is not counted
 * here: the function returns %FALSE and those messages, to count with
 * confab_estimate_count_async() before asking again.
 *
 * Returns: %TRUE when @estimate is complete
 */
gboolean
confab_estimate_for_messages_counted (GListModel      *messages,
                                      guint            end,
                                      const char      *system_prompt,
                                      ConfabEstimate  *estimate,
                                      GPtrArray      **uncounted)
{
  g_autoptr(ConfabMessage) prompt = NULL;
  g_autoptr(ConfabMessage) said = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  guint n_items;
  guint start = 0;

  g_return_val_if_fail (G_IS_LIST_MODEL (messages), FALSE);
  g_return_val_if_fail (estimate != NULL, FALSE);

  if (uncounted != NULL)
    {
      *uncounted = NULL;
      waiting = g_ptr_array_new_with_free_func (g_object_unref);
    }

  *estimate = (ConfabEstimate) { 0, 0, 0 };

  n_items = MIN (end, g_list_model_get_n_items (messages));
  for (guint i = n_items; i > 0; i--)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (messages, i - 1);

      if (get_counted (message, &estimate->counted))
        {
          estimate->framing = COUNTED_TURN_END;
          start = i;
          break;
        }
    }

  if (start == 0)
    {
      estimate->framing = CONFAB_ESTIMATE_REQUEST_OVERHEAD;
      if (system_prompt != NULL && *system_prompt != '\0')
        confab_estimate_add_text (estimate, system_prompt, -1);
    }

  for (guint i = start; i < n_items; i++)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (messages, i);

      switch (confab_message_get_role (message))
        {
        case CONFAB_ROLE_USER:
          if (said != NULL)
            {
              add_prompt (estimate, prompt, waiting);
              add_message (estimate, said, waiting);
            }
          g_set_object (&prompt, message);
          g_clear_object (&said);
          break;

        case CONFAB_ROLE_ASSISTANT:
          if (prompt != NULL && is_said (message))
            g_set_object (&said, message);
          break;

        case CONFAB_ROLE_SYSTEM:
        default:
          break;
        }
    }

  if (said != NULL)
    {
      add_prompt (estimate, prompt, waiting);
      add_message (estimate, said, waiting);
    }

  if (waiting == NULL || waiting->len == 0)
    return TRUE;

  *uncounted = g_steal_pointer (&waiting);
  return FALSE;
}

/**
 * confab_estimate_add_text:
 * @estimate: an estimate
 * @text: (nullable): the text of one more message
 * @length: its length in bytes, or -1 when it ends in a NUL
 */
void
confab_estimate_add_text (ConfabEstimate *estimate,
                          const char     *text,
                          gssize          length)
{
  g_return_if_fail (estimate != NULL);

  estimate->framing += CONFAB_ESTIMATE_MESSAGE_OVERHEAD;
  estimate->text += confab_estimate_text_tokens (text, length);
}

/**
 * confab_estimate_add_image:
 * @estimate: an estimate
 * @image: an image of the new message
 *
 * Adds confab_attachment_estimate_tokens() of @image to the framing:
 * it follows the image's size, not its text, so the correction of the
 * text estimate does not apply to it.
 */
void
confab_estimate_add_image (ConfabEstimate   *estimate,
                           ConfabAttachment *image)
{
  g_return_if_fail (estimate != NULL);
  g_return_if_fail (CONFAB_IS_ATTACHMENT (image));

  estimate->framing += confab_attachment_estimate_tokens (image);
}

/**
 * confab_estimate_get_tokens:
 * @estimate: an estimate
 * @ratio: the correction of the text part, 1.0 for none
 *
 * Returns: the tokens counted, the framing, and the text part times
 *   @ratio, rounded to the nearest token
 */
gint64
confab_estimate_get_tokens (const ConfabEstimate *estimate,
                            double                ratio)
{
  g_return_val_if_fail (estimate != NULL, 0);

  if (!isfinite (ratio) || ratio <= 0)
    ratio = 1.0;

  return estimate->counted + estimate->framing + (gint64) ((double) MAX (estimate->text, 0) * ratio + 0.5);
}

/**
 * confab_estimate_input_cost:
 * @pricing: (nullable): the prices
 * @model: (nullable): the model asked
 * @tokens: the prompt's tokens
 * @cost: (out): US dollars, or 0
 * @price: (out) (optional): the price used
 *
 * Returns: %TRUE when @model has a price
 */
gboolean
confab_estimate_input_cost (ConfabPricing *pricing,
                            const char    *model,
                            gint64         tokens,
                            double        *cost,
                            ConfabPrice   *price)
{
  const ConfabPrice *found;

  g_return_val_if_fail (pricing == NULL || CONFAB_IS_PRICING (pricing), FALSE);
  g_return_val_if_fail (cost != NULL, FALSE);

  *cost = 0;
  found = _confab_pricing_peek (pricing, model);
  if (found == NULL)
    return FALSE;

  if (price != NULL)
    *price = *found;

  return _confab_price_compute_cost (found, MAX (tokens, 0), 0, 0, cost);
}

/**
 * confab_estimate_attach:
 * @answer: an answer about to be asked for
 * @tokens: the input tokens estimated for its request
 *
 * Keeps the estimate with @answer, which the history keeps with it.
 */
void
confab_estimate_attach (ConfabMessage *answer,
                        gint64         tokens)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (answer));

  confab_message_set_estimated_input_tokens (answer, tokens);
}

/**
 * confab_estimate_get_attached:
 *
 * Returns: the input tokens estimated before @answer was asked for, or
 *   -1 when none was
 */
gint64
confab_estimate_get_attached (ConfabMessage *answer)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (answer), -1);

  return confab_message_get_estimated_input_tokens (answer);
}
